import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import type { FrontDeskDatabase } from '../../src/data/database';
import { AuditScreen } from '../../src/features/audit/audit-screen';
import { useSession } from '../../src/session/store';
import { testCtx, testDb } from '../support/db';
import { NOW, smallBranch } from '../support/fixtures';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); useSession.setState({ staff: null }); });

describe('the printed night audit report', () => {
  it('names the branch, and when printed carries the time and the staff member who printed it', async () => {
    db = await testDb();
    const branch = smallBranch().branch;
    useSession.setState({ staff: { id: 'S-night', name: '夜审 刘洋', role: 'night-auditor' } });
    renderWithDb(<AuditScreen branch={branch} />, db, { ctx: testCtx({ staffId: 'S-night', now: () => NOW }) });
    const report = await screen.findByRole('article', { name: /夜审报表/ });
    expect(within(report).getByRole('heading', { level: 2 })).toHaveTextContent('测试店 · 夜审报表 · 2026-11-23');
    act(() => { window.dispatchEvent(new Event('beforeprint')); });
    // NOW is 15:00 in Shanghai.
    expect(within(report).getByTestId('printed')).toHaveTextContent('测试店（gz-test） · 打印时间 2026-11-23 15:00 · 打印人 夜审 刘洋');
    expect(within(report).getByTestId('printed')).toHaveClass('print-only');
  });

  it('keeps the on-screen message off the printout', async () => {
    db = await testDb();
    renderWithDb(<AuditScreen branch={smallBranch().branch} />, db, { ctx: testCtx({ now: () => NOW }) });
    await screen.findByRole('article', { name: /夜审报表/ });
    // Run the audit at 15:00, before the door cut-off: refused with a message on screen (no preview).
    act(() => { screen.getByRole('button', { name: '运行夜审并滚动营业日' }).click(); });
    const message = await screen.findByRole('alert');
    expect(message).toHaveTextContent('营业日 2026-11-23 的夜审 2026-11-23 23:00 起才能运行（现在 2026-11-23 15:00）。');
    expect(screen.queryByRole('button', { name: '确认夜审' })).not.toBeInTheDocument();
    expect(message.closest('.no-print')).not.toBeNull();
  });
});
