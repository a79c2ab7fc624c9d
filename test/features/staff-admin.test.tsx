/**
 * The manager's staff list (☰ → 员工) and a new branch's first manager: what a
 * manager types, what the desk answers, and what the tablet then lets in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { createStaff, signIn } from '../../src/data/commands/staff';
import type { Staff } from '../../src/domain/staff';
import { StaffDialog } from '../../src/features/staff/staff-dialog';
import { SignInScreen } from '../../src/features/staff/sign-in-screen';
import { useSession } from '../../src/session/store';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID, NOW } from '../support/fixtures';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); useSession.getState().signOut(); });

const staffDocs = async () => (await db.staff.find().exec()).map((d) => d.toJSON() as Staff).sort((a, b) => a.id.localeCompare(b.id));
const boss = () => testCtx({ staffId: 'S-boss', now: () => NOW });

async function branchWithStaff(): Promise<FrontDeskDatabase> {
  const d = await testDb();
  await createStaff(d, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '2580' }, null, 1);
  await createStaff(d, { id: 'S-desk', branchId: BRANCH_ID, name: '王小燕', role: 'front-desk', pin: '2580' }, null, 1);
  return d;
}

describe('员工: the manager\'s staff list', () => {
  it('adds a night auditor: a mismatched PIN is said and the typing kept, then the new PIN signs in', async () => {
    db = await branchWithStaff();
    renderWithDb(<StaffDialog branchId={BRANCH_ID} onClose={() => {}} />, db, { ctx: boss() });
    expect(await screen.findByTestId('staff-S-boss')).toHaveTextContent('陈经理 （本人）');
    await userEvent.click(screen.getByRole('button', { name: '添加员工' }));
    const form = screen.getByRole('region', { name: '添加员工' });
    await userEvent.type(within(form).getByLabelText('姓名'), '李建国');
    await userEvent.selectOptions(within(form).getByLabelText('岗位'), 'night-auditor');
    await userEvent.type(within(form).getByLabelText('PIN（4–8 位数字）'), '3691');
    await userEvent.type(within(form).getByLabelText('再次输入 PIN'), '3619');
    await userEvent.click(within(form).getByRole('button', { name: '添加' }));
    expect(await within(form).findByText('两次输入的 PIN 不一致。')).toBeInTheDocument();
    expect(within(form).getByLabelText('姓名')).toHaveValue('李建国');
    expect((await staffDocs()).some((s) => s.name === '李建国')).toBe(false);

    await userEvent.clear(within(form).getByLabelText('再次输入 PIN'));
    await userEvent.type(within(form).getByLabelText('再次输入 PIN'), '3691');
    await userEvent.click(within(form).getByRole('button', { name: '添加' }));
    expect(await screen.findByRole('status')).toHaveTextContent('已添加 李建国。');
    const added = (await staffDocs()).find((s) => s.name === '李建国')!;
    expect(added).toMatchObject({ role: 'night-auditor', active: true, branchId: BRANCH_ID });
    expect(await signIn(db, added.id, '3691', boss())).toMatchObject({ ok: true });
  });

  it('a PIN the policy refuses, and a 33-character name, are named and change nothing', async () => {
    db = await branchWithStaff();
    const before = await staffDocs();
    renderWithDb(<StaffDialog branchId={BRANCH_ID} onClose={() => {}} />, db, { ctx: boss() });
    await userEvent.click(await screen.findByRole('button', { name: '添加员工' }));
    const form = screen.getByRole('region', { name: '添加员工' });
    await userEvent.type(within(form).getByLabelText('姓名'), '王'.repeat(33));
    await userEvent.type(within(form).getByLabelText('PIN（4–8 位数字）'), '1234');
    await userEvent.type(within(form).getByLabelText('再次输入 PIN'), '1234');
    await userEvent.click(within(form).getByRole('button', { name: '添加' }));
    expect(await within(form).findByText('请填写姓名（1–32 个字）。')).toBeInTheDocument();
    await userEvent.clear(within(form).getByLabelText('姓名'));
    await userEvent.type(within(form).getByLabelText('姓名'), '赵敏');
    await userEvent.click(within(form).getByRole('button', { name: '添加' }));
    expect(await within(form).findByText('PIN 不能是连续数字（如 1234、4321）。')).toBeInTheDocument();
    expect(await staffDocs()).toEqual(before);
  });

  it('changes a clerk\'s PIN: the old one stops working', async () => {
    db = await branchWithStaff();
    renderWithDb(<StaffDialog branchId={BRANCH_ID} onClose={() => {}} />, db, { ctx: boss() });
    await userEvent.click(within(await screen.findByTestId('staff-S-desk')).getByRole('button', { name: '修改' }));
    const form = screen.getByRole('region', { name: '修改 王小燕' });
    await userEvent.type(within(form).getByLabelText('新 PIN（不改可留空）'), '4826');
    await userEvent.type(within(form).getByLabelText('再次输入 PIN'), '4826');
    await userEvent.click(within(form).getByRole('button', { name: '保存' }));
    expect(await screen.findByRole('status')).toHaveTextContent('已保存 王小燕。');
    expect(await signIn(db, 'S-desk', '2580', boss())).toMatchObject({ ok: false, error: { error: 'wrongPin' } });
    expect(await signIn(db, 'S-desk', '4826', boss())).toMatchObject({ ok: true });
  });

  it('stops a clerk after asking; refuses to stop the manager themself', async () => {
    db = await branchWithStaff();
    renderWithDb(<StaffDialog branchId={BRANCH_ID} onClose={() => {}} />, db, { ctx: boss() });
    await userEvent.click(within(await screen.findByTestId('staff-S-desk')).getByRole('button', { name: '停用' }));
    const ask = screen.getByRole('alertdialog', { name: '停用' });
    expect(ask).toHaveTextContent('停用 王小燕？');
    expect((await staffDocs()).find((s) => s.id === 'S-desk')!.active).toBe(true);
    await userEvent.click(within(ask).getByRole('button', { name: '确认停用' }));
    expect(await screen.findByRole('status')).toHaveTextContent('已停用 王小燕。');
    expect(screen.getByTestId('staff-S-desk')).toHaveTextContent('已停用');
    expect(await signIn(db, 'S-desk', '2580', boss())).toMatchObject({ ok: false, error: { error: 'unknown' } });

    await userEvent.click(within(screen.getByTestId('staff-S-boss')).getByRole('button', { name: '停用' }));
    await userEvent.click(within(screen.getByRole('alertdialog', { name: '停用' })).getByRole('button', { name: '确认停用' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('不能停用自己或取消自己的经理岗位');
    expect((await staffDocs()).find((s) => s.id === 'S-boss')!.active).toBe(true);
  });
});

describe('a new branch\'s first manager', () => {
  it('with no staff at all, the sign-in screen sets up a manager and signs them in', async () => {
    db = await testDb();
    await db.staff.find().remove(); // the test database comes with staff: a new branch has none
    renderWithDb(<SignInScreen branchId={BRANCH_ID} />, db, { ctx: testCtx({ staffId: '', now: () => NOW }) });
    expect(await screen.findByRole('heading', { name: '新门店：设置第一位经理' })).toBeInTheDocument();
    expect(screen.queryByLabelText('岗位')).toBeNull(); // the first account is a manager
    await userEvent.type(screen.getByLabelText('姓名'), '陈经理');
    await userEvent.type(screen.getByLabelText('PIN（4–8 位数字）'), '3691');
    await userEvent.type(screen.getByLabelText('再次输入 PIN'), '3691');
    await userEvent.click(screen.getByRole('button', { name: '设置并登录' }));
    await expect.poll(() => useSession.getState().staff?.name).toBe('陈经理');
    const [first] = await staffDocs();
    expect(first).toMatchObject({ name: '陈经理', role: 'manager', active: true, branchId: BRANCH_ID });
  });

  it('with staff, the sign-in screen is the usual picker (no set-up)', async () => {
    db = await branchWithStaff();
    renderWithDb(<SignInScreen branchId={BRANCH_ID} />, db, { ctx: testCtx({ staffId: '', now: () => NOW }) });
    expect(await screen.findByText('王小燕')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: '新门店：设置第一位经理' })).toBeNull();
  });
});
