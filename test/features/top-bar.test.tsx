/**
 * Issue #11 "the top bar in one row": the secondary items live behind a ☰
 * button (aria-expanded), as plain buttons; Escape or a press outside closes
 * the menu; choosing an item closes it, and the dialog the item opened stays.
 * The tabs, the network status and the sync badge (the `actions` slot) stay
 * in the bar itself. (The one-row layout is measured in test/e2e/top-bar.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { TopBar } from '../../src/features/shell/top-bar';
import { SettingsButton } from '../../src/features/settings/settings-dialog';
import { resetSession, useSession } from '../../src/session/store';
import { testDb } from '../support/db';
import { smallBranch } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { openTopMenu } from './helpers';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); resetSession(); });

async function setUp() {
  const data = smallBranch();
  db = await testDb(data);
  useSession.setState({ staff: { id: 'S-boss', name: '陈店长', role: 'manager' } });
  renderWithDb(<TopBar branch={data.branch} actions={<button type="button">同步状态</button>} menu={<SettingsButton />} />, db);
  const user = userEvent.setup();
  const click = (el: Element) => user.click(el);
  return { user, click, toggle: screen.getByRole('button', { name: '更多' }) };
}

describe('the top bar menu (issue #11)', () => {
  it('keeps the tabs, the network status and the actions in the bar, the secondary items behind ☰', async () => {
    const { click, toggle } = await setUp();
    const bar = screen.getByRole('banner');
    expect(within(screen.getByRole('navigation')).getAllByRole('button')).toHaveLength(8);
    expect(within(bar).getByRole('status')).toBeVisible();
    expect(screen.getByRole('button', { name: '同步状态' })).toBeVisible();
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    for (const name of ['中文', 'EN', '设置', '交班']) expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    await openTopMenu(click);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    for (const name of ['中文', 'EN', '设置', '交班']) expect(screen.getByRole('button', { name })).toBeVisible();
    expect(screen.getByText('当班：陈店长 · 店长')).toBeVisible();
  });

  it('shows a clerk the sync review too (its answers go through a manager\'s PIN in place), not the door or the audit (issue #11)', async () => {
    const data = smallBranch();
    db = await testDb(data);
    useSession.setState({ staff: { id: 'S-desk', name: '王小燕', role: 'front-desk' } });
    renderWithDb(<TopBar branch={data.branch} />, db);
    const tabs = within(screen.getByRole('navigation')).getAllByRole('button').map((b) => b.textContent);
    expect(tabs).toEqual(['今日预抵', '预订', '会员', '在住 / 退房', '房态', '同步复核']);
  });

  it('closes on Escape (focus back on ☰) and on a press outside', async () => {
    const { user, click, toggle } = await setUp();
    await openTopMenu(click);
    await user.keyboard('{Escape}');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveFocus();
    expect(screen.queryByRole('button', { name: '设置' })).not.toBeInTheDocument();
    await openTopMenu(click);
    await user.click(document.body);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('choosing an item closes the menu; the dialog it opened stays open', async () => {
    const { click, toggle } = await setUp();
    await openTopMenu(click);
    await click(screen.getByRole('button', { name: '设置' }));
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(await screen.findByRole('dialog', { name: /设置/ })).toBeVisible();
  });

  it('the language switch in the menu changes the desk to English', async () => {
    const { click } = await setUp();
    await openTopMenu(click);
    await click(screen.getByRole('button', { name: 'EN' }));
    expect(useSession.getState().language).toBe('en');
  });
});
