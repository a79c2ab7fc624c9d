import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { balanceOnce, ledgerOnce } from '../../src/data/queries';
import { FeedbackPanel } from '../../src/features/feedback/feedback-panel';
import { MemberProfile } from '../../src/features/members/member-profile';
import { addFeedback } from '../../src/data/commands/feedback';
import { testCtx, testDb } from '../support/db';
import { BUSINESS_DATE, NOW } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { snapshot } from './helpers';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

function renderPanel(memberId = 'M000000001') {
  renderWithDb(<FeedbackPanel memberId={memberId} />, db);
  const panel = screen.getByRole('region', { name: '投诉与建议' });
  return {
    panel,
    text: within(panel).getByRole('textbox', { name: '内容' }),
    add: within(panel).getByRole('button', { name: '记录' }),
    list: within(panel).getAllByRole('list')[0] as HTMLElement,
  };
}

async function feedbackDocs(memberId = 'M000000001') {
  return (await db.feedback.find({ selector: { memberId } }).exec()).map((d) => d.toJSON());
}

describe('complaints and suggestions', () => {
  it('records a complaint: it shows in the list, the box is cleared, and the db has it', async () => {
    db = await testDb();
    const { panel, text, add, list } = renderPanel();
    expect(await within(list).findByText('暂无记录。')).toBeInTheDocument();
    expect(within(panel).getByRole('radio', { name: '投诉' })).toBeChecked();
    await userEvent.type(text, '  空调太吵  ');
    await userEvent.click(add);

    expect(await within(panel).findByRole('status')).toHaveTextContent('投诉已记录。');
    const item = await within(list).findByText(/空调太吵/);
    expect(item).toHaveTextContent('投诉');
    expect(within(list).queryByText('暂无记录。')).not.toBeInTheDocument();
    // A complaint cannot be adopted.
    expect(within(list).queryByRole('button', { name: /采纳/ })).not.toBeInTheDocument();
    expect(text).toHaveValue('');

    const docs = await feedbackDocs();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ kind: 'complaint', text: '空调太吵', adopted: false, adoptedAt: 0, createdAt: NOW, staffId: 'desk-test', branchId: 'gz-test' });
    // Recording a complaint awards nothing.
    expect(await balanceOnce(db, 'M000000001')).toBe(2600);
  });

  it.each([
    ['nothing typed', ''],
    ['only spaces', '   '],
    ['only an ideographic space and a newline', '\u3000\n'],
  ])('refuses %s with 请填写内容, keeps the typing, and writes nothing', async (_what, typed) => {
    db = await testDb();
    const before = await snapshot(db);
    const { panel, text, add } = renderPanel();
    if (typed) await userEvent.type(text, typed);
    await userEvent.click(add);
    expect(await within(panel).findByRole('alert')).toHaveTextContent('请填写内容。');
    expect(text).toHaveValue(typed);
    expect(text).toHaveAttribute('aria-invalid', 'true');
    expect(within(panel).queryByRole('status')).not.toBeInTheDocument();
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses a text over 1000 characters, keeps it, and writes nothing', async () => {
    db = await testDb();
    const before = await snapshot(db);
    const { panel, text, add } = renderPanel();
    const long = '很'.repeat(1001);
    await userEvent.click(text);
    await userEvent.paste(long);
    await userEvent.click(add);
    expect(await within(panel).findByRole('alert')).toHaveTextContent('内容不能超过1000字。');
    expect(text).toHaveValue(long);
    expect(await snapshot(db)).toEqual(before);
  });

  it('clears the error once a valid text is recorded', async () => {
    db = await testDb();
    const { panel, text, add } = renderPanel();
    await userEvent.click(add);
    await within(panel).findByRole('alert');
    await userEvent.type(text, '早餐很好');
    await userEvent.click(add);
    expect(await within(panel).findByRole('status')).toHaveTextContent('投诉已记录。');
    expect(within(panel).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('adopting a suggestion awards 50 points once, and the button becomes 已采纳', async () => {
    db = await testDb();
    renderWithDb(<MemberProfile memberId="M000000001" today={BUSINESS_DATE} aside={<FeedbackPanel memberId="M000000001" />} />, db);
    expect(await screen.findByTestId('balance')).toHaveTextContent('2,600 分');
    const panel = screen.getByRole('region', { name: '投诉与建议' });
    // Recorded by another clerk: the one at the desk now may adopt it.
    await addFeedback(db, { memberId: 'M000000001', kind: 'suggestion', text: '房间里放一本城市地图' }, testCtx({ staffId: 'desk-other' }));

    const adopt = await within(panel).findByRole('button', { name: '采纳（+50分）' });
    expect(adopt.closest('li')).toHaveTextContent('建议 房间里放一本城市地图');
    await userEvent.click(adopt);

    expect(await within(panel).findByRole('status')).toHaveTextContent('建议已采纳，已奖励 50 分。');
    expect(await within(panel).findByText('已采纳')).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: /采纳/ })).not.toBeInTheDocument();
    expect(await screen.findByText('2,650 分')).toBeInTheDocument();
    expect(screen.getByTestId('balance')).toHaveTextContent('2,650 分');
    expect(screen.getByText('您的建议已被采纳，奖励50分')).toBeInTheDocument();

    expect(await balanceOnce(db, 'M000000001')).toBe(2650);
    const [fb] = await feedbackDocs();
    expect(fb).toMatchObject({ kind: 'suggestion', adopted: true, adoptedAt: NOW });
    const award = (await ledgerOnce(db, 'M000000001')).filter((l) => l.rule === 'suggestion');
    expect(award).toHaveLength(1);
    expect(award[0]).toMatchObject({ id: `${fb?.id}:suggestion`, points: 50, businessDate: BUSINESS_DATE });
  });

  it('a double click on adopt still awards the points only once', async () => {
    db = await testDb();
    await addFeedback(db, { memberId: 'M000000002', kind: 'suggestion', text: '前台准备雨伞' }, testCtx({ staffId: 'desk-other' }));
    const { panel } = renderPanel('M000000002');
    const adopt = await within(panel).findByRole('button', { name: '采纳（+50分）' });
    await userEvent.dblClick(adopt);
    expect(await within(panel).findByText('已采纳')).toBeInTheDocument();
    expect(within(panel).getByRole('status')).toHaveTextContent('建议已采纳，已奖励 50 分。');
    expect(await balanceOnce(db, 'M000000002')).toBe(200);
    expect((await ledgerOnce(db, 'M000000002')).filter((l) => l.rule === 'suggestion')).toHaveLength(1);
  });

  it('the clerk who recorded a suggestion is not offered adopting it; another clerk is (issue #11)', async () => {
    db = await testDb();
    const { panel, text, add } = renderPanel('M000000002');
    await userEvent.click(within(panel).getByRole('radio', { name: '建议' }));
    await userEvent.type(text, '前台准备雨伞');
    await userEvent.click(add);
    expect(await within(panel).findByText('待其他员工采纳（记录人不能自己采纳）')).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: /采纳/ })).not.toBeInTheDocument();
    expect((await ledgerOnce(db, 'M000000002')).filter((l) => l.rule === 'suggestion')).toHaveLength(0);
  });
});
