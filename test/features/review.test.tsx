import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { createStaff } from '../../src/data/commands/staff';
import { balanceOnce } from '../../src/data/queries';
import { saveChainBranches } from '../../src/data/chain-branches';
import type { LedgerEntry } from '../../src/domain/model';
import type { ReviewRecord } from '../../src/domain/review';
import { ReviewScreen } from '../../src/features/review/review-screen';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID, BUSINESS_DATE, NOW, entry } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { useSession } from '../../src/session/store';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const HOUR = 3_600_000;
const ZHANG = 'M000000001'; // 2,600 points in the fixtures

function freeNight(id: string, createdAt: number, deviceId: string): LedgerEntry {
  return entry({
    id: `${id}:redeem.freeNight`, memberId: ZHANG, kind: 'redeem', rule: 'redeem.freeNight', points: -2000,
    params: { item: 'freeNight', quantity: 1, unitPoints: 2000, cost: 2000, points: -2000 },
    businessDate: BUSINESS_DATE, createdAt, deviceId, staffId: 'S-desk',
  });
}

const rejected: ReviewRecord = {
  id: 'rejected:ledger:X:1', branchId: BRANCH_ID, kind: 'rejected', docCollection: 'ledger', docId: 'X:redeem.milk', refId: '',
  detail: { error: 'forbidden', reason: 'wrong-branch: branchId is "sz-1"', doc: { id: 'X:redeem.milk', memberId: ZHANG, points: -200 } },
  createdAt: NOW - HOUR, deviceId: 'tab-B', staffId: 'S-desk',
};

/** 张伟 got a free night on tablet A and another on tablet B while both were offline: −1,400 after sync. */
async function setUp(): Promise<FrontDeskDatabase> {
  db = await testDb();
  await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '2580' }, null, 1000);
  await db.ledger.bulkInsert([freeNight('A1', NOW - 3 * HOUR, 'tab-A'), freeNight('B1', NOW - 2 * HOUR, 'tab-B')]);
  await db.reviews.insert(rejected);
  renderWithDb(<ReviewScreen />, db, { ctx: testCtx({ staffId: 'S-boss', deviceId: 'tab-boss', now: () => NOW }) });
  return db;
}

describe('the manager\'s sync review', () => {
  it('shows an overdraft with both offline redemptions, writes it off, and the exception disappears', async () => {
    await setUp();
    const section = screen.getByRole('region', { name: '积分透支' });
    const card = await within(section).findByRole('article', { name: /张伟/ });
    expect(card).toHaveTextContent('卡号 770000000001');
    expect(card).toHaveTextContent('透支 1400 分');
    const rows = within(within(card).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual(['tab-B', 'tab-A']);
    expect(rows[0]).toHaveTextContent('兑换任意分店大床房免费住一晚，扣除2000分');

    await userEvent.click(within(card).getByRole('button', { name: '核销' }));
    const dialog = screen.getByRole('dialog', { name: '核销 张伟 的积分透支' });
    expect(dialog).toHaveTextContent('余额将从 -1400 分变为 0 分');
    await userEvent.type(within(dialog).getByRole('textbox', { name: '备注（可选）' }), '两台平板离线重复兑换');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认核销' }));

    expect(await within(section).findByRole('status')).toHaveTextContent('已核销：张伟 补足 1400 分，余额 0 分。');
    expect(await within(section).findByText('没有会员积分透支。')).toBeInTheDocument();
    expect(within(section).queryByRole('article')).not.toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await balanceOnce(db, ZHANG)).toBe(0);
    const answer = (await db.reviews.findOne({ selector: { kind: 'resolution', refId: ZHANG } }).exec())?.toJSON();
    expect(answer).toMatchObject({ staffId: 'S-boss', detail: { how: 'writeOff', points: 1400, note: '两台平板离线重复兑换' } });
  });

  it('reverses a chosen redemption after confirming', async () => {
    await setUp();
    const section = screen.getByRole('region', { name: '积分透支' });
    const card = await within(section).findByRole('article', { name: /张伟/ });
    await userEvent.click(within(card).getByRole('button', { name: '冲正某笔兑换' }));
    const dialog = screen.getByRole('dialog', { name: '冲正 张伟 的一笔兑换' });
    await userEvent.click(within(dialog).getByRole('radio', { name: /tab-A/ }));
    expect(dialog).toHaveTextContent('余额将从 -1400 分变为 600 分');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认冲正' }));
    expect(await within(section).findByRole('status')).toHaveTextContent('已冲正：张伟 退回 2000 分，余额 600 分。');
    expect(await balanceOnce(db, ZHANG)).toBe(600);
    expect((await db.ledger.findOne('A1:redeem.freeNight:adjust.reversal').exec())?.points).toBe(2000);
  });

  it('offers the reversal, not the write-off, as the primary action', async () => {
    await setUp();
    const card = await within(screen.getByRole('region', { name: '积分透支' })).findByRole('article', { name: /张伟/ });
    const reverse = within(card).getByRole('button', { name: '冲正某笔兑换' });
    const writeOff = within(card).getByRole('button', { name: '核销' });
    expect(reverse).toHaveClass('primary');
    expect(writeOff).not.toHaveClass('primary');
    expect(reverse.compareDocumentPosition(writeOff) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('a clerk reverses with the manager\'s PIN in place: one command, both names on the record, still the clerk (issue #11)', async () => {
    db = await testDb();
    await createStaff(db, { id: 'S-desk', branchId: BRANCH_ID, name: '王小燕', role: 'front-desk', pin: '2580' }, null, 1000);
    await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '3691' }, null, 1000);
    await db.ledger.bulkInsert([freeNight('A1', NOW - 3 * HOUR, 'tab-A'), freeNight('B1', NOW - 2 * HOUR, 'tab-B')]);
    useSession.getState().signIn({ id: 'S-desk', name: '王小燕', role: 'front-desk' });
    renderWithDb(<ReviewScreen />, db, { ctx: testCtx({ staffId: 'S-desk', deviceId: 'tab-desk', now: () => NOW }) });
    expect(screen.getByText(/以下处理需经理授权/)).toBeInTheDocument();
    const section = screen.getByRole('region', { name: '积分透支' });
    const card = await within(section).findByRole('article', { name: /张伟/ });
    await userEvent.click(within(card).getByRole('button', { name: '冲正某笔兑换' }));
    const dialog = screen.getByRole('dialog', { name: '冲正 张伟 的一笔兑换' });
    await userEvent.click(within(dialog).getByRole('radio', { name: /tab-A/ }));
    await userEvent.type(within(dialog).getByRole('textbox', { name: '备注（可选）' }), '重复兑换');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认冲正 · 经理授权' }));

    // Cancelling the PIN comes back to the form as it was; nothing is written.
    const before = (await db.ledger.find().exec()).length;
    await userEvent.click(within(await screen.findByRole('dialog', { name: '经理授权' })).getByRole('button', { name: '取消' }));
    const again = await screen.findByRole('dialog', { name: '冲正 张伟 的一笔兑换' });
    expect(within(again).getByRole('textbox', { name: '备注（可选）' })).toHaveValue('重复兑换');
    expect((await db.ledger.find().exec()).length).toBe(before);

    await userEvent.click(within(again).getByRole('button', { name: '确认冲正 · 经理授权' }));
    const pinDialog = await screen.findByRole('dialog', { name: '经理授权' });
    expect(pinDialog).toHaveTextContent('陈经理');
    await userEvent.type(within(pinDialog).getByLabelText('经理 PIN'), '3691');
    await userEvent.click(within(pinDialog).getByRole('button', { name: '授权并执行' }));
    expect(await within(section).findByRole('status')).toHaveTextContent('已冲正：张伟 退回 2000 分，余额 600 分。（经理 陈经理 授权）');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await balanceOnce(db, ZHANG)).toBe(600);
    const answer = (await db.reviews.findOne({ selector: { kind: 'resolution', refId: ZHANG } }).exec())?.toJSON();
    expect(answer).toMatchObject({ staffId: 'S-desk', authorisedBy: 'S-boss', detail: { how: 'reversal', note: '重复兑换' } });
    expect(useSession.getState().staff).toMatchObject({ id: 'S-desk' });
  });

  it('a clerk acknowledges a refused document with the manager\'s PIN in place (issue #11)', async () => {
    db = await testDb();
    await createStaff(db, { id: 'S-desk', branchId: BRANCH_ID, name: '王小燕', role: 'front-desk', pin: '2580' }, null, 1000);
    await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '3691' }, null, 1000);
    await db.reviews.insert(rejected);
    useSession.getState().signIn({ id: 'S-desk', name: '王小燕', role: 'front-desk' });
    renderWithDb(<ReviewScreen />, db, { ctx: testCtx({ staffId: 'S-desk', deviceId: 'tab-desk', now: () => NOW }) });
    const section = screen.getByRole('region', { name: '服务器拒收' });
    const card = await within(section).findByRole('article', { name: '积分流水 · X:redeem.milk' });
    await userEvent.click(within(card).getByRole('button', { name: '确认已处理' }));
    await userEvent.click(within(await screen.findByRole('dialog', { name: /确认已处理/ })).getByRole('button', { name: '确认 · 经理授权' }));
    const pinDialog = await screen.findByRole('dialog', { name: '经理授权' });
    await userEvent.type(within(pinDialog).getByLabelText('经理 PIN'), '3691');
    await userEvent.click(within(pinDialog).getByRole('button', { name: '授权并执行' }));
    expect(await within(section).findByRole('status')).toHaveTextContent('已确认处理。（经理 陈经理 授权）');
    const answer = (await db.reviews.findOne({ selector: { kind: 'resolution', refId: rejected.id } }).exec())?.toJSON();
    expect(answer).toMatchObject({ staffId: 'S-desk', authorisedBy: 'S-boss', detail: { how: 'acknowledge' } });
  });

  it('shows a document the server refused, in plain words, and acknowledges it', async () => {
    await setUp();
    const section = screen.getByRole('region', { name: '服务器拒收' });
    const card = await within(section).findByRole('article', { name: '积分流水 · X:redeem.milk' });
    expect(card).toHaveTextContent('这条记录属于别的分店，不能上传到本店。');
    expect(card).toHaveTextContent('服务器原话：branchId is "sz-1"');
    expect(card).toHaveTextContent('平板 tab-B');
    expect(screen.getByRole('region', { name: '同步冲突' })).toHaveTextContent('没有待处理的同步冲突。');
    expect(screen.getByRole('region', { name: '各平板离线期间上传的内容' })).toHaveTextContent('还没有平板在离线后重新连上服务器。');

    await userEvent.click(within(card).getByRole('button', { name: '确认已处理' }));
    const dialog = screen.getByRole('dialog', { name: '确认已处理：积分流水 · X:redeem.milk' });
    await userEvent.click(within(dialog).getByRole('button', { name: '确认' }));

    expect(await within(section).findByRole('status')).toHaveTextContent('已确认处理。');
    expect(await within(section).findByText('没有被服务器拒收的记录。')).toBeInTheDocument();
    const answer = (await db.reviews.findOne({ selector: { kind: 'resolution', refId: rejected.id } }).exec())?.toJSON();
    expect(answer).toMatchObject({ staffId: 'S-boss', detail: { how: 'acknowledge', of: 'rejected' } });
  });

  it('names the branch of a redemption another branch made (brought by the points exchange)', async () => {
    await setUp();
    await db.ledger.insert({ ...freeNight('SZ1', NOW - HOUR, 'sz-tab-1'), branchId: 'sz-futian' });
    const card = await within(screen.getByRole('region', { name: '积分透支' })).findByRole('article', { name: /张伟/ });
    const row = await within(card).findByRole('row', { name: /sz-futian/ });
    expect(row).toHaveTextContent('sz-futian · sz-tab-1');
    // By its name once the tablet holds the chain's branch list.
    await saveChainBranches(db, [{ id: 'sz-futian', name: '深圳福田店', city: '深圳' }], NOW);
    expect(await within(card).findByRole('row', { name: /深圳福田店/ })).toHaveTextContent('深圳福田店 · sz-tab-1');
    expect(within(card).getAllByRole('row').filter((r) => /tab-A|tab-B/.test(r.textContent ?? '')).map((r) => r.querySelectorAll('td')[1]?.textContent).sort()).toEqual(['tab-A', 'tab-B']);
  });

  it('shows a member conflict field by field in words, times as local times, the merge bookkeeping left out', async () => {
    await setUp();
    const at = Date.UTC(2026, 10, 23, 6, 30); // 14:30 in Shanghai
    await db.reviews.insert({
      id: 'conflict:members:M000000001:x', branchId: BRANCH_ID, kind: 'conflict', docCollection: 'members', docId: ZHANG, refId: '',
      detail: {
        reason: 'later-update',
        kept: { id: ZHANG, phone: '13600001234', prefs: { pillow: 'soft', floor: 'high' }, updatedAt: at, fieldTimes: { phone: at } },
        lost: { id: ZHANG, phone: '13812345678', prefs: { pillow: 'buckwheat', floor: 'high' }, updatedAt: at - HOUR, fieldTimes: { phone: at - HOUR } },
      },
      createdAt: NOW, deviceId: 'tab-A', staffId: 'S-desk',
    });
    const section = screen.getByRole('region', { name: '同步冲突' });
    const card = await within(section).findByRole('article', { name: `会员 · ${ZHANG}` });
    const rows = within(card).getAllByRole('row').map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['内容', '保留的版本', '未采用的版本'],
      ['手机号', '13600001234', '13812345678'],
      ['枕头', '软枕', '荞麦枕'],
      ['修改时间', '2026-11-23 14:30', '2026-11-23 13:30'],
    ]);
  });

  it('lists what each tablet uploaded after being offline, with the member and the points', async () => {
    await setUp();
    await db.reviews.insert({
      id: 'reconnect:tab-A:1', branchId: BRANCH_ID, kind: 'reconnect', docCollection: '', docId: '', refId: '',
      detail: { offlineSince: NOW - 4 * HOUR, reconnectedAt: NOW - HOUR, pushed: { ledger: 1 }, ids: { ledger: ['A1:redeem.freeNight'] } },
      createdAt: NOW - HOUR, deviceId: 'tab-A', staffId: 'S-desk',
    });
    const section = screen.getByRole('region', { name: '各平板离线期间上传的内容' });
    const device = await within(section).findByRole('article', { name: '平板 tab-A' });
    expect(device).toHaveTextContent('2026-11-23 11:00 离线，2026-11-23 14:00 重新连上');
    expect(device).toHaveTextContent('积分流水 1 条');
    expect(device).toHaveTextContent('张伟 · 兑换任意分店大床房免费住一晚，扣除2000分');
  });
});
