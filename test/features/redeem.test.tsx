import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { DbProvider } from '../../src/data/react';
import { createI18n } from '../../src/i18n';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { balanceOnce, ledgerOnce } from '../../src/data/queries';
import { RedeemPanel } from '../../src/features/redeem/redeem-panel';
import { reverseRedemption } from '../../src/data/commands/redeem';
import { MemberProfile } from '../../src/features/members/member-profile';
import { createStaff } from '../../src/data/commands/staff';
import { resetSession, useSession } from '../../src/session/store';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID, BUSINESS_DATE, NOW, entry } from '../support/fixtures';
import { snapshot } from './helpers';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); resetSession(); });

/** The confirmation a tap on an item opens. */
const confirmDialog = () => screen.findByRole('dialog', { name: '确认兑换' });

describe('redeem at the desk', () => {
  it('redeems a toiletry kit and the new balance shows at once', async () => {
    db = await testDb();
    renderWithDb(<MemberProfile memberId="M000000001" today={BUSINESS_DATE} actions={<RedeemPanel memberId="M000000001" />} />, db);
    expect(await screen.findByTestId('balance')).toHaveTextContent('2,600');
    await userEvent.click(screen.getByRole('button', { name: /旅行套装/ }));
    await userEvent.click(within(await confirmDialog()).getByRole('button', { name: '确认兑换' }));
    expect(await screen.findByRole('status')).toHaveTextContent('已兑换旅行套装，扣 400 分。');
    expect(await screen.findByTestId('balance')).toHaveTextContent('2,200');
    expect(await balanceOnce(db, 'M000000001')).toBe(2200);
  });

  it('refuses a redemption that would overdraw, with the shortfall, and writes nothing', async () => {
    db = await testDb();
    renderWithDb(<RedeemPanel memberId="M000000002" />, db);
    await userEvent.click(screen.getByRole('button', { name: /睡前牛奶/ }));
    const dialog = await confirmDialog();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('积分不足：还差 50 分，兑换将被拒绝。');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认兑换' }));
    expect(await screen.findByText('积分不足，不能兑换睡前牛奶：需要 200 分，还差 50 分。未扣分。')).toHaveAttribute('role', 'alert');
    expect(await ledgerOnce(db, 'M000000002')).toHaveLength(1);
  });

  it('refuses late checkout beyond the maximum hours and keeps what was typed', async () => {
    db = await testDb();
    renderWithDb(<RedeemPanel memberId="M000000001" />, db);
    const hours = screen.getByRole('textbox', { name: '小时' });
    await userEvent.clear(hours);
    await userEvent.type(hours, '9');
    await userEvent.click(screen.getByRole('button', { name: /延迟退房/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('延迟退房请输入1到4小时。');
    expect(hours).toHaveValue('9');
    expect(await balanceOnce(db, 'M000000001')).toBe(2600);
  });

  it('a tap only asks: member, item, points before and after; cancelling writes nothing (issue #11)', async () => {
    db = await testDb();
    const before = await snapshot(db);
    renderWithDb(<RedeemPanel memberId="M000000001" />, db);
    await userEvent.click(await screen.findByRole('button', { name: /免费大床房一晚/ }));
    const dialog = await confirmDialog();
    expect(dialog).toHaveTextContent('为 张伟 兑换免费大床房一晚，扣 2000 分？');
    expect(within(dialog).getByTestId('redeem-before')).toHaveTextContent('2,600 分');
    expect(within(dialog).getByTestId('redeem-after')).toHaveTextContent('600 分');
    await userEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await snapshot(db)).toEqual(before);
  });

  it('a manager undoes a mistaken redemption with a reversal line; the original stays (issue #11)', async () => {
    db = await testDb();
    await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '周经理', role: 'manager', pin: '2468' }, null, 1000);
    const ctx = testCtx({ staffId: 'S-boss' });
    useSession.getState().signIn({ id: 'S-boss', name: '周经理', role: 'manager' });
    renderWithDb(<MemberProfile memberId="M000000001" today={BUSINESS_DATE} actions={<RedeemPanel memberId="M000000001" />} />, db, { ctx });
    await userEvent.click(await screen.findByRole('button', { name: /免费大床房一晚/ }));
    await userEvent.click(within(await confirmDialog()).getByRole('button', { name: '确认兑换' }));
    expect(await screen.findByTestId('balance')).toHaveTextContent('600 分');

    const recent = await screen.findByRole('list', { name: '可撤销的兑换（经理）' });
    await userEvent.click(within(recent).getByRole('button', { name: '撤销' }));
    const undo = await screen.findByRole('dialog', { name: '撤销兑换' });
    expect(within(undo).getByTestId('redeem-after')).toHaveTextContent('2,600 分');
    await userEvent.click(within(undo).getByRole('button', { name: '确认撤销' }));
    expect(await screen.findByText('已撤销，退回 2000 分。')).toBeInTheDocument();
    await screen.findByText('2,600 分', { selector: '[data-testid="balance"] *' });

    const lines = await ledgerOnce(db, 'M000000001');
    const redemption = lines.find((l) => l.rule === 'redeem.freeNight');
    expect(redemption).toMatchObject({ points: -2000 });
    expect(lines.find((l) => l.rule === 'adjust.reversal')).toMatchObject({ points: 2000, params: { of: redemption?.id, points: 2000 }, staffId: 'S-boss' });
    expect(await balanceOnce(db, 'M000000001')).toBe(2600);
    expect(screen.queryByRole('list', { name: '可撤销的兑换（经理）' })).not.toBeInTheDocument();
  });

  it('a clerk is not offered the plain undo, and the command refuses one without a manager (issue #11)', async () => {
    db = await testDb();
    await createStaff(db, { id: 'S-desk', branchId: BRANCH_ID, name: '王小燕', role: 'front-desk', pin: '2580' }, null, 1000);
    const ctx = testCtx({ staffId: 'S-desk' });
    useSession.getState().signIn({ id: 'S-desk', name: '王小燕', role: 'front-desk' });
    renderWithDb(<RedeemPanel memberId="M000000001" />, db, { ctx });
    await userEvent.click(await screen.findByRole('button', { name: /睡前牛奶/ }));
    await userEvent.click(within(await confirmDialog()).getByRole('button', { name: '确认兑换' }));
    expect(await screen.findByRole('status')).toHaveTextContent('已兑换睡前牛奶，扣 200 分。');
    // Offered only through a manager's PIN (the plain undo is the manager's).
    expect(screen.queryByRole('button', { name: '撤销' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: '撤销 · 经理授权' })).toBeInTheDocument();
    const line = (await ledgerOnce(db, 'M000000001')).find((l) => l.rule === 'redeem.milk');
    const before = await snapshot(db);
    expect(await reverseRedemption(db, { memberId: 'M000000001', lineId: line?.id ?? '' }, ctx)).toEqual({ ok: false, error: 'forbidden' });
    expect(await snapshot(db)).toEqual(before);
  });

  it('a clerk undoes a redemption with the manager\'s PIN in place: one action, both names on the record, still the clerk (issue #11)', async () => {
    db = await testDb();
    await createStaff(db, { id: 'S-desk', branchId: BRANCH_ID, name: '王小燕', role: 'front-desk', pin: '2580' }, null, 1000);
    await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈敏', role: 'manager', pin: '3691' }, null, 1000);
    const ctx = testCtx({ staffId: 'S-desk' });
    useSession.getState().signIn({ id: 'S-desk', name: '王小燕', role: 'front-desk' });
    renderWithDb(<MemberProfile memberId="M000000001" today={BUSINESS_DATE} actions={<RedeemPanel memberId="M000000001" />} />, db, { ctx });
    await userEvent.click(await screen.findByRole('button', { name: /睡前牛奶/ }));
    await userEvent.click(within(await confirmDialog()).getByRole('button', { name: '确认兑换' }));
    expect(await screen.findByTestId('balance')).toHaveTextContent('2,400 分');

    const recent = await screen.findByRole('list', { name: '可撤销的兑换（需经理授权）' });
    await userEvent.click(within(recent).getByRole('button', { name: '撤销 · 经理授权' }));
    await userEvent.click(within(await screen.findByRole('dialog', { name: '撤销兑换' })).getByRole('button', { name: '确认撤销' }));
    const pinDialog = await screen.findByRole('dialog', { name: '经理授权' });
    expect(pinDialog).toHaveTextContent('陈敏');
    // A wrong PIN: refused, nothing written, the dialog stays.
    const before = await snapshot(db);
    await userEvent.type(within(pinDialog).getByLabelText('经理 PIN'), '1111');
    await userEvent.click(within(pinDialog).getByRole('button', { name: '授权并执行' }));
    expect(await within(pinDialog).findByRole('alert')).toHaveTextContent('还可尝试 4 次');
    expect(await snapshot(db)).toEqual(before);

    await userEvent.type(within(pinDialog).getByLabelText('经理 PIN'), '3691');
    await userEvent.click(within(pinDialog).getByRole('button', { name: '授权并执行' }));
    expect(await screen.findByText('已撤销，退回 200 分（经理 陈敏 授权）。')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await screen.findByText('2,600 分', { selector: '[data-testid="balance"] *' });
    const [record] = (await db.reviews.find({ selector: { kind: 'resolution' } }).exec()).map((d) => d.toJSON());
    expect(record).toMatchObject({ staffId: 'S-desk', authorisedBy: 'S-boss', detail: { how: 'reversal' } });
    // Back to the clerk: the session never changed, and the next manager action asks again.
    expect(useSession.getState().staff).toMatchObject({ id: 'S-desk' });
    expect(await reverseRedemption(db, { memberId: 'M000000001', lineId: 'anything' }, ctx)).toEqual({ ok: false, error: 'forbidden' });
  });

  it('a message already shown follows the 中文/EN switch (issue #11)', async () => {
    db = await testDb();
    const i18n = createI18n('zh');
    render(<DbProvider db={db} ctx={testCtx()}><I18nextProvider i18n={i18n}><RedeemPanel memberId="M000000001" /></I18nextProvider></DbProvider>);
    await userEvent.click(await screen.findByRole('button', { name: /旅行套装/ }));
    await userEvent.click(within(await confirmDialog()).getByRole('button', { name: '确认兑换' }));
    expect(await screen.findByRole('status')).toHaveTextContent('已兑换旅行套装，扣 400 分。');
    await act(async () => { await i18n.changeLanguage('en'); });
    expect(screen.getByRole('status')).toHaveTextContent(/^Redeemed .*toiletry kit.*400/i);
    expect(screen.getByRole('status')).not.toHaveTextContent(/[\u4e00-\u9fff]/);
  });

  it('shows one balance: after another tablet\'s redemption syncs in, no stale green balance stays beside the red one (issue #11)', async () => {
    db = await testDb();
    renderWithDb(<MemberProfile memberId="M000000001" today={BUSINESS_DATE} actions={<RedeemPanel memberId="M000000001" />} />, db);
    await userEvent.click(await screen.findByRole('button', { name: /免费大床房一晚/ }));
    await userEvent.click(within(await confirmDialog()).getByRole('button', { name: '确认兑换' }));
    expect(await screen.findByTestId('balance')).toHaveTextContent('600 分');
    // Another tablet redeemed offline too; its line arrives by sync.
    await db.ledger.insert(entry({ id: 'other-tablet:redeem', memberId: 'M000000001', points: -2000, kind: 'redeem', rule: 'redeem.freeNight', params: { quantity: 1 }, deviceId: 'tab-other', createdAt: NOW }));
    await vi.waitFor(() => expect(screen.getByTestId('balance')).toHaveTextContent('-1,400 分'));
    const panel = screen.getByRole('region', { name: '积分兑换' });
    // The only balance figure on screen is the profile's (red); the panel's message names none.
    expect(within(panel).getByRole('status')).toHaveTextContent('已兑换免费大床房一晚，扣 2000 分。');
    expect(panel).not.toHaveTextContent('余额');
    expect(panel).not.toHaveTextContent('600');
  });
});
