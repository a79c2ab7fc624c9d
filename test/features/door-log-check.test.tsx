/**
 * The audit screen's door-log check names the sequence numbers of door
 * events deleted from the end of the log, after later swipes (issue #12,
 * item 3), in Chinese and English.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { recordDoorSwipe } from '../../src/data/commands/door';
import { createStaff } from '../../src/data/commands/staff';
import { DoorLogCheck } from '../../src/features/audit/door-log-check';
import { resetSession } from '../../src/session/store';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID, BUSINESS_DATE } from '../support/fixtures';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); resetSession(); });

/** 2026-11-23 23:30 in Shanghai. */
const NIGHT = Date.UTC(2026, 10, 23, 15, 30);

async function tamperedLog() {
  db = await testDb();
  await createStaff(db, { id: 'S-night', branchId: BRANCH_ID, name: '李建国', role: 'night-auditor', pin: '1357' }, null, 1000);
  let n = 0;
  const swipe = () => recordDoorSwipe(db, '779999999999', testCtx({ staffId: 'S-night', now: () => NIGHT + n * 1000, newId: () => `s${++n}` }));
  for (let i = 0; i < 4; i += 1) await swipe();
  await db.doorEvents.find({ selector: { seq: { $gte: 2 } } }).remove(); // #2 and #3 deleted
  await swipe(); // #4, linked to the deleted #3
}

describe('the door-log check on the audit screen', () => {
  it('reports events deleted from the end by their sequence numbers, after a later swipe', async () => {
    await tamperedLog();
    renderWithDb(<DoorLogCheck businessDate={BUSINESS_DATE} />, db, { ctx: testCtx({ staffId: 'S-night' }) });
    await userEvent.click(screen.getByRole('button', { name: '校验门禁日志' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('设备 tab-test：序号 #2–#3 的门禁记录缺失（共 2 条，可能被删除），其后的记录 tab-test:s5 仍链接在缺失的记录之后。');
  });

  it('in English too', async () => {
    await tamperedLog();
    renderWithDb(<DoorLogCheck businessDate={BUSINESS_DATE} />, db, { ctx: testCtx({ staffId: 'S-night' }), language: 'en' });
    await userEvent.click(screen.getByRole('button', { name: /Verify/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Device tab-test: door events #2–#3 are missing (2, possibly deleted)');
  });
});
