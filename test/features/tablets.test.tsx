/**
 * The manager's tablets dialog (issue #12 item 4): each tablet's name, last
 * sync and staff last signed in; revoking one (confirmed first); a new
 * one-time code and its link. And an enrolment link the service refused,
 * said in plain words. The enrolment service is faked here at its HTTP
 * contract (server/enrolment.ts; the real one is tested in
 * test/server/enrolment.test.ts).
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n, type Language } from '../../src/i18n';
import { TabletsDialog } from '../../src/features/tablets/tablets-dialog';
import { SetupLinkNotice } from '../../src/features/sync/sync-status';
import { parseEnrolFragment, redeemCode, tabletsApi, type TabletInfo } from '../../src/sync/enrol';
import { setSyncStatus } from '../../src/sync/status';
import type { FetchLike } from '../../src/sync/transport';
import { ReviewScreen } from '../../src/features/review/review-screen';
import { DeviceNamesProvider } from '../../src/ui/device-names';
import type { FrontDeskDatabase } from '../../src/data/database';
import { DESK_STAFF_ID, testDb } from '../support/db';
import { BRANCH_ID, NOW } from '../support/fixtures';
import { renderWithDb } from '../support/render';

const inLanguage = (ui: ReactElement, language: Language = 'zh') => render(<I18nextProvider i18n={createI18n(language)}>{ui}</I18nextProvider>);

const T0 = Date.UTC(2026, 11, 6, 8, 0, 0);
const SETUP = { server: 'http://desk.test/db/', branchId: 'gz-test', user: 'tablet-gz-test-aaaa0001', password: 'x'.repeat(43) };

function tablet(user: string, over: Partial<TabletInfo>): TabletInfo {
  return { user, branchId: 'gz-test', deviceId: `tab-${user.slice(-4)}`, name: '', enrolledAt: T0, revokedAt: 0, lastSyncAt: 0, staffName: '', ...over };
}

/** The service's routes over an in-memory list; records the calls. */
function fakeService(status = 200) {
  const tablets = [
    tablet('tablet-gz-test-aaaa0001', { name: '前台1', lastSyncAt: T0 + 60_000, staffName: '王小燕' }),
    tablet('tablet-gz-test-bbbb0002', { name: '门禁', lastSyncAt: T0 + 120_000, staffName: '李建国' }),
    tablet('tablet-gz-test-cccc0003', { name: '', lastSyncAt: 0 }),
  ];
  const calls: string[] = [];
  const json = (s: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: s, headers: { 'content-type': 'application/json' } }));
  const fetchImpl: FetchLike = (url, init = {}) => {
    const path = new URL(url).pathname;
    calls.push(`${init.method ?? 'GET'} ${path}`);
    if (status !== 200) return json(status, { error: 'x', reason: 'x' });
    if (path === '/enrol/tablets') return json(200, { self: SETUP.user, tablets });
    if (path === '/enrol/codes') return json(201, { code: 'K7M3Q9XW2P', expiresAt: T0 + 30 * 60_000 });
    const r = /^\/enrol\/tablets\/([^/]+)$/.exec(path);
    if (r && init.method === 'PUT') {
      const x = tablets.find((d) => d.user === decodeURIComponent(r[1]!))!;
      x.name = (JSON.parse(String(init.body)) as { name: string }).name;
      return json(200, x);
    }
    const m = /^\/enrol\/tablets\/([^/]+)\/revoke$/.exec(path);
    if (m) {
      const x = tablets.find((d) => d.user === decodeURIComponent(m[1]!))!;
      x.revokedAt = T0 + 600_000;
      return json(200, x);
    }
    return json(404, {});
  };
  return { fetchImpl, calls, tablets };
}

afterEach(() => act(() => setSyncStatus({ linkRefused: null })));

describe('the tablets dialog', () => {
  it('lists each tablet with its name, last sync and the staff member last signed in', async () => {
    const service = fakeService();
    inLanguage(<TabletsDialog api={tabletsApi(SETUP, service.fetchImpl)} branchId="gz-test" origin="http://desk.test" onClose={() => {}} />);
    const own = await screen.findByTestId('tablet-tablet-gz-test-aaaa0001');
    expect(within(own).getByRole('textbox')).toHaveValue('前台1');
    expect(own).toHaveTextContent('本机');
    expect(own).toHaveTextContent('王小燕');
    // One's own tablet is not revoked from itself.
    expect(within(own).queryByRole('button', { name: '注销' })).toBeNull();
    const door = screen.getByTestId('tablet-tablet-gz-test-bbbb0002');
    expect(within(door).getByRole('textbox')).toHaveValue('门禁');
    expect(door).toHaveTextContent('李建国');
    expect(door).toHaveTextContent('在用');
    const unnamed = screen.getByTestId('tablet-tablet-gz-test-cccc0003');
    expect(unnamed).toHaveTextContent('tab-0003');
    expect(unnamed).toHaveTextContent('从未');
    expect(service.calls).toEqual(['GET /enrol/tablets']);
  });

  it('lets the manager name a tablet (前台2)', async () => {
    const user = userEvent.setup();
    const service = fakeService();
    inLanguage(<TabletsDialog api={tabletsApi(SETUP, service.fetchImpl)} branchId="gz-test" origin="http://desk.test" onClose={() => {}} />);
    const row = await screen.findByTestId('tablet-tablet-gz-test-cccc0003');
    await user.type(within(row).getByRole('textbox', { name: /tab-0003 的名称/ }), '前台2');
    await user.click(within(row).getByRole('button', { name: '保存名称' }));
    expect(service.calls).toContain('PUT /enrol/tablets/tablet-gz-test-cccc0003');
    expect(service.tablets[2]!.name).toBe('前台2');
  });

  it('revokes a tablet only after the manager confirms, then shows it revoked', async () => {
    const user = userEvent.setup();
    const service = fakeService();
    inLanguage(<TabletsDialog api={tabletsApi(SETUP, service.fetchImpl)} branchId="gz-test" origin="http://desk.test" onClose={() => {}} />);
    const door = await screen.findByTestId('tablet-tablet-gz-test-bbbb0002');
    await user.click(within(door).getByRole('button', { name: '注销' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('确认注销“门禁”');
    expect(service.calls).not.toContain('POST /enrol/tablets/tablet-gz-test-bbbb0002/revoke');
    await user.click(screen.getByRole('button', { name: '确认注销' }));
    expect(await screen.findByRole('status')).toHaveTextContent('“门禁”已注销');
    expect(service.calls).toContain('POST /enrol/tablets/tablet-gz-test-bbbb0002/revoke');
    await screen.findByText(/已注销 /);
    expect(within(screen.getByTestId('tablet-tablet-gz-test-bbbb0002')).queryByRole('button', { name: '注销' })).toBeNull();
    // The others are untouched.
    expect(screen.getByTestId('tablet-tablet-gz-test-cccc0003')).toHaveTextContent('在用');
  });

  it('creates a one-time code and shows it with the enrolment link', async () => {
    const user = userEvent.setup();
    const service = fakeService();
    inLanguage(<TabletsDialog api={tabletsApi(SETUP, service.fetchImpl)} branchId="gz-test" origin="http://desk.test" onClose={() => {}} />, 'en');
    await screen.findByTestId('tablet-tablet-gz-test-aaaa0001');
    await user.click(screen.getByRole('button', { name: 'New enrolment code' }));
    expect(await screen.findByText(/Enrolment code: K7M3Q9XW2P/)).toBeInTheDocument();
    const link = screen.getByText(/#enrol=/).textContent ?? '';
    expect(link).toBe('http://desk.test/#enrol=gz-test:K7M3Q9XW2P');
    expect(parseEnrolFragment(new URL(link).hash)).toEqual({ branchId: 'gz-test', code: 'K7M3Q9XW2P' });
  });

  it('says in plain words when the service does not accept this tablet', async () => {
    const service = fakeService(401);
    inLanguage(<TabletsDialog api={tabletsApi(SETUP, service.fetchImpl)} branchId="gz-test" origin="http://desk.test" onClose={() => {}} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('登记服务不接受这台平板的账号');
  });
});

describe('an enrolment link the service refused', () => {
  const answer = (status: number, error: string): FetchLike => () =>
    Promise.resolve(new Response(JSON.stringify({ error, reason: 'x' }), { status, headers: { 'content-type': 'application/json' } }));

  it('maps the service answers to plain reasons', async () => {
    const input = { branchId: 'gz-test', code: 'K7M3Q9XW2P', deviceId: 'tab-1' };
    await expect(redeemCode(input, 'http://desk.test', T0, answer(410, 'expired'))).resolves.toEqual({ ok: false, error: 'codeExpired' });
    await expect(redeemCode(input, 'http://desk.test', T0, answer(410, 'used'))).resolves.toEqual({ ok: false, error: 'codeUsed' });
    await expect(redeemCode(input, 'http://desk.test', T0, answer(403, 'invalid'))).resolves.toEqual({ ok: false, error: 'codeInvalid' });
    await expect(redeemCode(input, 'http://desk.test', T0, () => Promise.reject(new TypeError('offline')))).resolves.toEqual({ ok: false, error: 'network' });
    const made = await redeemCode(input, 'http://desk.test', T0, () => Promise.resolve(new Response(JSON.stringify({ user: 'tablet-gz-test-00ff00ff', branchId: 'gz-test' }))), 'p'.repeat(43));
    expect(made).toEqual({ ok: true, setup: { server: 'http://desk.test/db/', branchId: 'gz-test', user: 'tablet-gz-test-00ff00ff', password: 'p'.repeat(43), setUpAt: T0 } });
  });

  it('shows the reason on screen, in Chinese and in English', () => {
    act(() => setSyncStatus({ linkRefused: 'codeExpired' }));
    const zh = inLanguage(<SetupLinkNotice />);
    expect(screen.getByTestId('setup-link-refused')).toHaveTextContent('这个登记码已过期');
    zh.unmount();
    act(() => setSyncStatus({ linkRefused: 'codeUsed' }));
    inLanguage(<SetupLinkNotice />, 'en');
    expect(screen.getByTestId('setup-link-refused')).toHaveTextContent('This enrolment code has already been used');
  });
});

describe('the sync review names the tablets and the staff (issue #11)', () => {
  let db: FrontDeskDatabase | undefined;
  afterEach(async () => { await db?.close(); db = undefined; });

  it('heads each tablet with the name the branch gave it and says who was signed in', async () => {
    db = await testDb();
    const HOUR = 3_600_000;
    await db.reviews.bulkInsert([
      {
        id: 'reconnect:tab-c68ecb41:1', branchId: BRANCH_ID, kind: 'reconnect', docCollection: '', docId: '', refId: '',
        detail: { offlineSince: NOW - 4 * HOUR, reconnectedAt: NOW - HOUR, pushed: {}, ids: {} },
        createdAt: NOW - HOUR, deviceId: 'tab-c68ecb41', staffId: DESK_STAFF_ID,
      },
      {
        id: 'rejected:ledger:X:1', branchId: BRANCH_ID, kind: 'rejected', docCollection: 'ledger', docId: 'X:redeem.milk', refId: '',
        detail: { error: 'forbidden', reason: 'wrong-branch: branchId is "sz-1"', doc: { id: 'X:redeem.milk' } },
        createdAt: NOW - HOUR, deviceId: 'tab-c68ecb41', staffId: DESK_STAFF_ID,
      },
    ]);
    renderWithDb(<DeviceNamesProvider value={{ 'tab-c68ecb41': '前台1' }}><ReviewScreen /></DeviceNamesProvider>, db);
    const section = screen.getByRole('region', { name: '各平板离线期间上传的内容' });
    const device = await within(section).findByRole('article', { name: '平板 前台1' });
    await waitFor(() => expect(device).toHaveTextContent('当班 王前台'));
    const refused = screen.getByRole('region', { name: /服务器拒收/ });
    expect(await within(refused).findByText(/前台1 · 王前台/)).toBeInTheDocument();
  });

  it('falls back to the device id for a tablet the branch has not named', async () => {
    db = await testDb();
    await db.reviews.insert({
      id: 'reconnect:tab-0000beef:1', branchId: BRANCH_ID, kind: 'reconnect', docCollection: '', docId: '', refId: '',
      detail: { offlineSince: NOW - 7_200_000, reconnectedAt: NOW - 3_600_000, pushed: {}, ids: {} },
      createdAt: NOW - 3_600_000, deviceId: 'tab-0000beef', staffId: '',
    });
    renderWithDb(<DeviceNamesProvider value={{ 'tab-c68ecb41': '前台1' }}><ReviewScreen /></DeviceNamesProvider>, db);
    const device = await screen.findByRole('article', { name: '平板 tab-0000beef' });
    expect(device).not.toHaveTextContent('当班');
  });
});
