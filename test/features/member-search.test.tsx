import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { MemberSearch } from '../../src/features/members/member-search';
import { MemberProfile } from '../../src/features/members/member-profile';
import { testDb } from '../support/db';
import { BUSINESS_DATE, IDS, member, smallBranch } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { toFullWidth } from './helpers';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

/** The small branch plus 张晓明, so a surname prefix finds more than one member. */
function withSecondZhang() {
  const data = smallBranch();
  data.members.push(member({ id: 'M000000004', name: '张晓明', nameInitials: 'ZXM', cardNo: '770000000004', phone: '13511112222', phoneLast4: '2222' }));
  return data;
}

function renderSearch() {
  const onOpen = vi.fn();
  renderWithDb(<MemberSearch onOpen={onOpen} selectedId={null} />, db);
  return { onOpen, box: screen.getByRole('searchbox', { name: '查找会员' }) };
}

/** Names of the members in the result list, in order. */
function resultNames(): string[] {
  const list = screen.getByRole('list', { name: '查找结果' });
  return within(list).queryAllByRole('button').map((b) => b.querySelector('strong')?.textContent ?? '');
}

async function search(box: HTMLElement, query: string) {
  await userEvent.clear(box);
  await userEvent.type(box, query);
}

describe('member search: one box, many kinds of query', () => {
  it.each([
    ['a name prefix', '张', '按姓名查找', ['张伟', '张晓明']],
    ['a full name', '张伟', '按姓名查找', ['张伟']],
    ['pinyin initials, typed in lower case', 'zw', '按拼音首字母查找', ['张伟']],
    ['a one-letter initials prefix', 'z', '按拼音首字母查找', ['张伟', '张晓明']],
    ['a full phone number', '13812345678', '按手机号查找', ['张伟']],
    ['a phone with spaces', '138 1234 5678', '按手机号查找', ['张伟']],
    ['the last 4 digits of a phone (shared by two members)', '5678', '按手机后四位查找', ['张伟', '李娜']],
    ['the last 4 digits in full-width digits', toFullWidth('5678'), '按手机后四位查找', ['张伟', '李娜']],
    ['a member number', 'M000000003', '按会员号查找', ['王芳']],
    ['a member number in lower case', 'm000000002', '按会员号查找', ['李娜']],
    ['a card number', '770000000002', '按卡号查找', ['李娜']],
    ['an ID number', IDS.li, '按身份证号查找', ['李娜']],
  ])('finds by %s', async (_what, query, kindText, names) => {
    db = await testDb(withSecondZhang());
    const { box } = renderSearch();
    await search(box, query);
    expect(screen.getByText(kindText)).toBeInTheDocument();
    await vi.waitFor(() => expect(resultNames()).toEqual(names));
    expect(box).toHaveValue(query);
    expect(screen.queryByText('没有找到会员。')).not.toBeInTheDocument();
  });

  it('shows the member in the result with a masked phone, and opens the profile on click', async () => {
    db = await testDb();
    const { box, onOpen } = renderSearch();
    await search(box, '13812345678');
    const hit = await within(screen.getByRole('list', { name: '查找结果' })).findByRole('button', { name: /张伟/ });
    expect(hit).toHaveTextContent('金卡');
    expect(hit).toHaveTextContent('138****5678');
    expect(hit).toHaveTextContent('M000000001');
    expect(hit).toHaveTextContent('卡号 770000000001');
    expect(hit).not.toHaveTextContent('13812345678');
    await userEvent.click(hit);
    expect(onOpen).toHaveBeenCalledWith('M000000001');
  });

  it.each([
    ['a name nobody has', '陈'],
    ['a phone nobody has', '13999999999'],
    ['a card number nobody has', '779999999999'],
  ])('says 没有找到会员 for %s', async (_what, query) => {
    db = await testDb();
    const { box } = renderSearch();
    await search(box, query);
    expect(await screen.findByText('没有找到会员。')).toBeInTheDocument();
    expect(resultNames()).toEqual([]);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it.each([['@@'], ['张w'], ['12345']])('refuses %s as unrecognisable, keeping what was typed', async (query) => {
    db = await testDb();
    const { box } = renderSearch();
    await search(box, query);
    expect(screen.getByRole('alert')).toHaveTextContent('无法识别：请输入姓名、手机号、会员号、卡号或身份证号。');
    expect(box).toHaveValue(query);
    expect(resultNames()).toEqual([]);
    expect(screen.queryByText('没有找到会员。')).not.toBeInTheDocument();
  });

  it('replaces the results when the query changes', async () => {
    db = await testDb();
    const { box } = renderSearch();
    await search(box, '5678');
    await vi.waitFor(() => expect(resultNames()).toEqual(['张伟', '李娜']));
    await search(box, '1111');
    await vi.waitFor(() => expect(resultNames()).toEqual(['王芳']));
    await userEvent.clear(box);
    expect(resultNames()).toEqual([]);
    expect(screen.queryByText(/按.*查找/)).not.toBeInTheDocument();
  });
});

describe('member profile', () => {
  it('shows tier, balance, preferences, VIP hint, stays and ledger lines for 张伟', async () => {
    db = await testDb();
    renderWithDb(<MemberProfile memberId="M000000001" today={BUSINESS_DATE} />, db);
    const heading = await screen.findByRole('heading', { name: /张伟/ });
    expect(heading).toHaveTextContent('金卡');
    expect(await screen.findByTestId('balance')).toHaveTextContent('2,600 分');
    expect(screen.getByText(/M000000001 · 卡号 770000000001 · 138\*\*\*\*5678/)).toBeInTheDocument();
    expect(screen.getByText('VIP')).toBeInTheDocument();
    expect(screen.queryByText('卡已挂失')).not.toBeInTheDocument();

    const prefs = screen.getByRole('region', { name: '偏好' });
    for (const chip of ['大床房', '高楼层', '荞麦枕', '无烟', '安静']) expect(within(prefs).getByText(chip)).toBeInTheDocument();
    expect(within(prefs).queryByText('吸烟')).not.toBeInTheDocument();

    const stays = screen.getByRole('region', { name: '最近入住' });
    expect(await within(stays).findByText(/2026-11-23 · 2晚 · 大床房/)).toHaveTextContent('待到');

    const ledger = screen.getByRole('region', { name: '积分明细' });
    expect(await within(ledger).findByText('积分担保延迟入住：冻结500分（每500分多保留1小时），房间保留到20:00')).toBeInTheDocument();
    expect(within(ledger).getByText('-500')).toBeInTheDocument();
    expect(within(ledger).getByText('+3100')).toBeInTheDocument();
  });

  it('warns that 王芳\'s card is lost, and shows an empty stay history', async () => {
    db = await testDb();
    renderWithDb(<MemberProfile memberId="M000000003" today={BUSINESS_DATE} />, db);
    expect(await screen.findByRole('heading', { name: /王芳/ })).toHaveTextContent('银卡');
    expect(screen.getByText('卡已挂失')).toBeInTheDocument();
    expect(screen.queryByText('VIP')).not.toBeInTheDocument();
    expect(await screen.findByTestId('balance')).toHaveTextContent('0 分');
    expect(within(screen.getByRole('region', { name: '偏好' })).getByText('无烟')).toBeInTheDocument();
    expect(await within(screen.getByRole('region', { name: '最近入住' })).findByText('暂无入住记录。')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: '积分明细' })).getByText('暂无积分记录。')).toBeInTheDocument();
  });

  it.each([
    ['today', '11-23', true],
    ['in six days', '11-29', true],
    ['in seven days', '11-30', false],
    ['yesterday', '11-22', false],
  ])('shows 本周生日 for a birthday %s: %s', async (_when, birthday, shown) => {
    db = await testDb();
    await db.members.insert(member({ id: 'M000000009', name: '刘洋', nameInitials: 'LY', cardNo: '770000000009', birthday }));
    renderWithDb(<MemberProfile memberId="M000000009" today={BUSINESS_DATE} />, db);
    await screen.findByRole('heading', { name: /刘洋/ });
    if (shown) expect(screen.getByText('本周生日')).toBeInTheDocument();
    else expect(screen.queryByText('本周生日')).not.toBeInTheDocument();
  });

  it('says so for an unknown member number', async () => {
    db = await testDb();
    renderWithDb(<MemberProfile memberId="M999999999" today={BUSINESS_DATE} />, db);
    expect(await screen.findByText('找不到该会员。')).toBeInTheDocument();
  });
});
