import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { createStaff } from '../../src/data/commands/staff';
import { DOOR_RESULT_MS, DoorScreen } from '../../src/features/door/door-screen';
import { resetSession, useSession } from '../../src/session/store';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID, BUSINESS_DATE } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { settle, typeKeysAt } from './helpers';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); resetSession(); });

/** 2026-11-23 23:30 in Shanghai. */
const NIGHT = Date.UTC(2026, 10, 23, 15, 30);
const READER_GAP_MS = 5;

async function renderDoor() {
  db = await testDb();
  await createStaff(db, { id: 'S-night', branchId: BRANCH_ID, name: '李建国', role: 'night-auditor', pin: '1357' }, null, 1000);
  useSession.getState().signIn({ id: 'S-night', name: '李建国', role: 'night-auditor' });
  const onLeave = vi.fn();
  renderWithDb(<DoorScreen businessDate={BUSINESS_DATE} timeZone="Asia/Shanghai" onLeave={onLeave} />, db, { ctx: testCtx({ staffId: 'S-night', now: () => NIGHT }) });
  return { onLeave, result: screen.getByRole('status') };
}

let clock = 1_000;
/** A reader swipe, each one later than the last. */
function swipe(cardNo: string) {
  clock += 10_000;
  typeKeysAt(document.body, cardNo, clock, READER_GAP_MS);
}

async function enterPin(purpose: string, pin: string) {
  const dialog = await screen.findByRole('dialog', { name: purpose });
  await userEvent.type(within(dialog).getByLabelText('PIN 码'), pin);
  await userEvent.click(within(dialog).getByRole('button', { name: '确认' }));
  return dialog;
}

describe('door screen facing the street (issue #11)', () => {
  it('shows only the decision and a masked name, never the room or card, and no log', async () => {
    const { result } = await renderDoor();
    swipe('770000000002'); // 李娜, in house in 301
    await vi.waitFor(() => expect(result).toHaveTextContent('请进'));
    expect(result).toHaveTextContent('李*');
    expect(document.body).not.toHaveTextContent('李娜');
    expect(document.body).not.toHaveTextContent('301');
    expect(document.body).not.toHaveTextContent('770000000002');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('clears the result after a few seconds', async () => {
    const { result } = await renderDoor();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    try {
      swipe('770000000002');
      await vi.waitFor(() => expect(result).toHaveTextContent('李*'));
      await act(async () => { await Promise.resolve(); });
      act(() => { vi.advanceTimersByTime(DOOR_RESULT_MS + 1); });
      expect(result).toHaveTextContent('请刷会员卡');
      expect(result).not.toHaveTextContent('李*');
    } finally {
      vi.useRealTimers();
    }
  });

  it('says a card it cannot read was not recognised (a bank card swiped by a reader)', async () => {
    const { result } = await renderDoor();
    swipe('6222021234567890');
    await vi.waitFor(() => expect(result).toHaveTextContent('无法识别此卡'));
    expect(result).toHaveTextContent('请刷7天会会员卡，或按门铃联系前台。');
  });

  it('shows the night\'s log only after the auditor\'s PIN', async () => {
    const { result } = await renderDoor();
    swipe('770000000002');
    await vi.waitFor(() => expect(result).toHaveTextContent('李*'));
    await userEvent.click(screen.getByRole('button', { name: '查看刷卡记录' }));
    const dialog = await enterPin('查看刷卡记录', '2468');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('PIN 码不正确');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText('PIN 码'), '1357');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认' }));
    const log = await screen.findByRole('table');
    expect(within(log).getByText('李娜')).toBeInTheDocument();
    expect(within(log).getByText('301')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '隐藏刷卡记录' }));
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('leaves door mode only with the auditor\'s PIN', async () => {
    const { onLeave } = await renderDoor();
    await userEvent.click(screen.getByRole('button', { name: '退出门禁模式' }));
    const dialog = await enterPin('退出门禁模式', '2468');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('PIN 码不正确');
    await userEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    await settle();
    expect(onLeave).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: '退出门禁模式' }));
    await enterPin('退出门禁模式', '1357');
    await vi.waitFor(() => expect(onLeave).toHaveBeenCalledTimes(1));
  });
});
