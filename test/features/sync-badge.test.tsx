/**
 * The sync badge says which side is missing: with the tablet's network on
 * (the browser says online) and the branch server not answering it says
 * "连不上服务器", not "离线" beside the top bar's "网络已连接"; with no
 * network at all it says "离线". (A clerk-style check in Chromium saw a
 * green "在线" chip beside a red "离线" badge while the branch's line was
 * down and the Wi-Fi up.)
 */
import { afterEach, expect, test } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../../src/i18n';
import { SyncBadge } from '../../src/features/sync/sync-status';
import { initialSyncStatus, setSyncStatus } from '../../src/sync/status';

const lastSyncAt = new Date('2026-12-08T09:00:00+08:00').getTime();

function setOnLine(value: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { value, configurable: true });
}

afterEach(() => {
  setOnLine(true);
  setSyncStatus({ ...initialSyncStatus });
});

function renderBadge() {
  return render(<I18nextProvider i18n={createI18n('zh')}><SyncBadge onConnect={async () => {}} /></I18nextProvider>);
}

const offline = { ...initialSyncStatus, connection: 'offline' as const, branchId: 'gz-beijinglu', pending: 3, lastSyncAt, initialDownload: false, error: { code: 'network' as const, at: lastSyncAt, detail: '' } };
const clock = new Date(lastSyncAt).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' });

test('network on, server not answering: "连不上服务器", the count and the last sync; the dialog says the same', async () => {
  setOnLine(true);
  setSyncStatus(offline);
  renderBadge();
  const badge = screen.getByTestId('sync-badge');
  expect(badge).toHaveTextContent(`连不上服务器 · 3 项待上传 · 上次同步 ${clock}`);
  await userEvent.setup().click(badge);
  expect(await screen.findByTestId('sync-connection')).toHaveTextContent('连不上服务器');
});

test('no network: "离线"', () => {
  setOnLine(false);
  setSyncStatus(offline);
  renderBadge();
  expect(screen.getByTestId('sync-badge')).toHaveTextContent(`离线 · 3 项待上传 · 上次同步 ${clock}`);
});

test('in English', () => {
  setOnLine(true);
  setSyncStatus(offline);
  render(<I18nextProvider i18n={createI18n('en')}><SyncBadge onConnect={async () => {}} /></I18nextProvider>);
  expect(screen.getByTestId('sync-badge')).toHaveTextContent(/^Server unreachable · 3/);
});
