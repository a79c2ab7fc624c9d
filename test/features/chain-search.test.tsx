/**
 * A member from another branch in the member search (issue #14 item 1): an
 * exact search that finds nobody at this branch asks the chain (a fake
 * ChainApi here; test/sync/chain-directory.test.ts runs the real one), shows
 * the answer marked 来自集团, brings the member in on the clerk's choice and
 * opens them once the tablet has them; offline it says the chain cannot be
 * reached. Names and last four digits never go to the chain.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { saveChainBranches } from '../../src/data/chain-branches';
import { MemberSearch } from '../../src/features/members/member-search';
import type { ChainApi, ChainMember, ChainResult } from '../../src/sync/chain';
import { initialSyncStatus, setSyncStatus } from '../../src/sync/status';
import { testDb } from '../support/db';
import { member, smallBranch } from '../support/fixtures';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
beforeEach(() => { setSyncStatus({ ...initialSyncStatus, connection: 'online' }); });
afterEach(async () => { await db?.close(); setSyncStatus({ ...initialSyncStatus }); });

const SUN: ChainMember = { memberId: 'M000000077', maskedName: '孙*', maskedPhone: '137****7777', tier: 'gold', homeBranchId: 'sz-huaqiang', heldHere: false };

function fakeChain(lookup: ChainResult<{ members: ChainMember[] }>, bringIn: ChainResult<{ memberId: string; ledgerLines: number }> = { ok: true, value: { memberId: SUN.memberId, ledgerLines: 3 } }) {
  return {
    lookup: vi.fn<ChainApi['lookup']>(async () => lookup),
    bringIn: vi.fn<ChainApi['bringIn']>(async () => bringIn),
  };
}

async function renderSearch(chain: ChainApi, language: 'zh' | 'en' = 'zh') {
  db = await testDb(smallBranch());
  const onOpen = vi.fn();
  renderWithDb(<MemberSearch onOpen={onOpen} selectedId={null} chain={chain} />, db, { language });
  return { onOpen, box: screen.getByRole('searchbox') };
}

describe('member search: a member from another branch', () => {
  it('nobody here for a card number: asks the chain, shows the member marked 来自集团, masked', async () => {
    const chain = fakeChain({ ok: true, value: { members: [SUN] } });
    const { box } = await renderSearch(chain);
    await userEvent.type(box, '770000000077');
    const list = await screen.findByRole('list', { name: '集团会员' });
    expect(chain.lookup).toHaveBeenCalledWith('770000000077');
    expect(within(list).getByText('来自集团')).toBeInTheDocument();
    expect(within(list).getByText('孙*')).toBeInTheDocument();
    expect(within(list).getByText(/137\*\*\*\*7777 · M000000077 · 所属门店：sz-huaqiang/)).toBeInTheDocument();
    expect(within(list).getByRole('button', { name: '调入本店' })).toBeEnabled();
  });

  it('names the home branch when the chain knows its name, the id otherwise', async () => {
    const chain = fakeChain({ ok: true, value: { members: [{ ...SUN, homeBranchName: '深圳华强北店' }] } });
    const { box } = await renderSearch(chain);
    await userEvent.type(box, '770000000077');
    const list = await screen.findByRole('list', { name: '集团会员' });
    expect(within(list).getByText(/所属门店：深圳华强北店/)).toBeInTheDocument();
    expect(within(list).queryByText(/sz-huaqiang/)).toBeNull();
  });

  it("on the English desk, the home branch's English name from the chain's branch list the tablet keeps", async () => {
    const chain = fakeChain({ ok: true, value: { members: [{ ...SUN, homeBranchName: '深圳华强北店' }] } });
    const { box } = await renderSearch(chain, 'en');
    await saveChainBranches(db, [{ id: 'sz-huaqiang', name: '深圳华强北店', nameEn: 'Shenzhen Huaqiangbei', city: '深圳' }], 1);
    await userEvent.type(box, '770000000077');
    const list = await screen.findByRole('list', { name: /chain/i });
    expect(await within(list).findByText(/Shenzhen Huaqiangbei/)).toBeInTheDocument();
    expect(within(list).queryByText(/深圳华强北店|sz-huaqiang/)).toBeNull();
  });

  it('bring in: the button calls the chain, then the profile opens as soon as this tablet holds the member', async () => {
    const chain = fakeChain({ ok: true, value: { members: [SUN] } });
    const { box, onOpen } = await renderSearch(chain);
    await userEvent.type(box, 'M000000077');
    await userEvent.click(await screen.findByRole('button', { name: '调入本店' }));
    expect(chain.bringIn).toHaveBeenCalledWith('M000000077');
    expect(await screen.findByText('已调入本店，正在同步到本平板…')).toBeInTheDocument();
    expect(onOpen).not.toHaveBeenCalled();
    // The tablet's sync brings the member down.
    await act(async () => { await db.members.insert(member({ id: 'M000000077', name: '孙悦', cardNo: '770000000077' })); });
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledWith('M000000077'));
  });

  it('nobody here for an exact key: says 本店没有这位会员 above the chain\'s answer, not 没有找到会员 (a name still does)', async () => {
    const chain = fakeChain({ ok: true, value: { members: [SUN] } });
    const { box } = await renderSearch(chain);
    await userEvent.type(box, '770000000077');
    await screen.findByRole('list', { name: '集团会员' });
    expect(screen.getByText('本店没有这位会员。')).toBeInTheDocument();
    expect(screen.queryByText('没有找到会员。')).not.toBeInTheDocument();
    await userEvent.clear(box);
    await userEvent.type(box, '孙悦');
    expect(await screen.findByText('没有找到会员。')).toBeInTheDocument();
    expect(screen.queryByText('本店没有这位会员。')).not.toBeInTheDocument();
  });

  it('while the chain is asked it says so once (本店没有这位会员。 then 正在查询集团…)', async () => {
    const chain = { lookup: vi.fn<ChainApi['lookup']>(() => new Promise(() => {})), bringIn: vi.fn<ChainApi['bringIn']>() };
    const { box } = await renderSearch(chain);
    await userEvent.type(box, '770000000077');
    expect(await screen.findByText('正在查询集团…')).toBeInTheDocument();
    expect(screen.getByText('本店没有这位会员。')).toBeInTheDocument();
  });

  it('a member found here is never looked up in the chain; nor are names or last four digits', async () => {
    const chain = fakeChain({ ok: true, value: { members: [SUN] } });
    const { box } = await renderSearch(chain);
    await userEvent.type(box, '770000000001'); // 张伟, a member here
    await screen.findByRole('button', { name: /张伟/ });
    await userEvent.clear(box);
    await userEvent.type(box, '孙悦');
    await screen.findByText('没有找到会员。');
    await userEvent.clear(box);
    await userEvent.type(box, '7777');
    await screen.findByText('没有找到会员。');
    expect(chain.lookup).not.toHaveBeenCalled();
  });

  it('not in the chain either: says so and that the guest can be enrolled', async () => {
    const { box } = await renderSearch(fakeChain({ ok: true, value: { members: [] } }));
    await userEvent.type(box, '13700009999');
    expect(await screen.findByText('集团中也没有找到。可以为客人登记新会员。')).toBeInTheDocument();
  });

  it('offline: says the chain cannot be reached and that check-in and enrolment carry on; asks nothing', async () => {
    setSyncStatus({ connection: 'offline' });
    const chain = fakeChain({ ok: true, value: { members: [SUN] } });
    const { box } = await renderSearch(chain);
    await userEvent.type(box, '770000000077');
    expect(await screen.findByText(/无法连接集团（离线）.*仍可照常为客人办理入住、登记新会员/)).toBeInTheDocument();
    expect(chain.lookup).not.toHaveBeenCalled();
  });

  it('the network fails during the lookup: the same offline message, in English on the EN switch', async () => {
    const { box } = await renderSearch(fakeChain({ ok: false, error: 'network' }), 'en');
    await userEvent.type(box, '770000000077');
    expect(await screen.findByText(/Can't reach the chain \(offline\).*You can still check the guest in and enrol them/)).toBeInTheDocument();
  });

  it('a failed bring-in says why and keeps the button', async () => {
    const chain = fakeChain({ ok: true, value: { members: [SUN] } }, { ok: false, error: 'serverError' });
    const { box } = await renderSearch(chain);
    await userEvent.type(box, '770000000077');
    await userEvent.click(await screen.findByRole('button', { name: '调入本店' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('集团会员库暂时不可用，请稍后再试。');
    expect(screen.getByRole('button', { name: '调入本店' })).toBeEnabled();
  });
});
