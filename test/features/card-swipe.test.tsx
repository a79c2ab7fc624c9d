import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { FrontDeskDatabase } from '../../src/data/database';
import { SwipeOverlay } from '../../src/features/card-swipe/swipe-overlay';
import { CheckInDialog } from '../../src/features/checkin/checkin-dialog';
import { testDb } from '../support/db';
import { IDS } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { enterDefaultAction, readerTypesInto, settle, snapshot, typeKeysAt } from './helpers';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

/** A reader types a few ms per key; a clerk 100 ms or more. */
const READER_GAP_MS = 5;
const CLERK_GAP_MS = 120;

/** The overlay next to a form the clerk may be typing in (as on the desk). */
function Desk({ onOpenMember, onSave }: { onOpenMember: (id: string) => void; onSave: (note: string) => void }) {
  const [note, setNote] = useState('');
  return (
    <>
      <form aria-label="房间备注" onSubmit={(e) => { e.preventDefault(); onSave(note); }}>
        <input aria-label="备注" value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit">保存</button>
      </form>
      <SwipeOverlay onOpenMember={onOpenMember} />
    </>
  );
}

async function renderDesk() {
  db = await testDb();
  const onOpenMember = vi.fn();
  const onSave = vi.fn();
  renderWithDb(<Desk onOpenMember={onOpenMember} onSave={onSave} />, db);
  return { onOpenMember, onSave, input: screen.getByRole('textbox', { name: '备注' }) };
}

const overlay = () => screen.findByRole('status', { name: '刷卡结果' });

describe('member card swipe (keyboard-wedge reader)', () => {
  it('shows the member, the room in house and the balance for a fast swipe with nothing focused, and opens the member', async () => {
    const { onOpenMember } = await renderDesk();
    const enter = typeKeysAt(document.body, '770000000002', 1000, READER_GAP_MS);
    expect(enter.defaultPrevented).toBe(true);
    const card = await overlay();
    expect(within(card).getByText(/李娜/)).toHaveTextContent('李娜 银卡');
    expect(within(card).getByText('在住：301 房')).toBeInTheDocument();
    expect(within(card).getByText(/积分余额/)).toHaveTextContent('积分余额: 150 分');
    expect(within(card).queryByText(/此卡已挂失/)).not.toBeInTheDocument();
    expect(onOpenMember).toHaveBeenCalledTimes(1);
    expect(onOpenMember).toHaveBeenCalledWith('M000000002');

    await userEvent.click(within(card).getByRole('button', { name: '关闭' }));
    expect(screen.queryByRole('status', { name: '刷卡结果' })).not.toBeInTheDocument();
    expect(onOpenMember).toHaveBeenCalledTimes(1);
  });

  it('a swipe while a half-written complaint is on screen asks before opening the member, and keeps the draft (issue #11)', async () => {
    db = await testDb();
    const onOpenMember = vi.fn();
    function Drafting() {
      const [text, setText] = useState('');
      return <><textarea aria-label="投诉内容" value={text} onChange={(e) => setText(e.target.value)} /><SwipeOverlay onOpenMember={onOpenMember} /></>;
    }
    renderWithDb(<Drafting />, db);
    const draft = screen.getByRole('textbox', { name: '投诉内容' });
    await userEvent.type(draft, '空调噪音太大');
    draft.blur();

    typeKeysAt(document.body, '770000000002', 1000, READER_GAP_MS);
    const card = await overlay();
    expect(card).toHaveTextContent('当前页面有未保存的内容');
    expect(onOpenMember).not.toHaveBeenCalled();
    // The question waits for the clerk: it does not go away by itself and open nothing.
    await userEvent.click(within(card).getByRole('button', { name: '留在当前页面' }));
    expect(screen.queryByRole('status', { name: '刷卡结果' })).not.toBeInTheDocument();
    expect(onOpenMember).not.toHaveBeenCalled();
    expect(draft).toHaveValue('空调噪音太大');

    typeKeysAt(document.body, '770000000002', 5000, READER_GAP_MS);
    await userEvent.click(within(await overlay()).getByRole('button', { name: '打开会员资料（放弃未保存内容）' }));
    expect(onOpenMember).toHaveBeenCalledWith('M000000002');
  });

  it('takes the result away by itself after a while', async () => {
    await renderDesk();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    try {
      typeKeysAt(document.body, '770000000002', 1000, READER_GAP_MS);
      await overlay();
      await act(async () => { await Promise.resolve(); }); // the overlay's effect starts its timer
      act(() => { vi.advanceTimersByTime(5_000); });
      expect(screen.getByRole('status', { name: '刷卡结果' })).toBeInTheDocument();
      act(() => { vi.advanceTimersByTime(60_000); });
      expect(screen.queryByRole('status', { name: '刷卡结果' })).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('says 未知会员卡 for a card that belongs to nobody, and closes', async () => {
    const { onOpenMember } = await renderDesk();
    typeKeysAt(document.body, '779999999999', 1000, READER_GAP_MS);
    const card = await overlay();
    expect(within(card).getByText('未知会员卡')).toBeInTheDocument();
    expect(within(card).getByText('卡号 779999999999 不属于任何会员。')).toBeInTheDocument();
    await userEvent.click(within(card).getByRole('button', { name: '关闭' }));
    expect(screen.queryByRole('status', { name: '刷卡结果' })).not.toBeInTheDocument();
    expect(onOpenMember).not.toHaveBeenCalled();
  });

  it('warns that a lost card was swiped (王芳, not in house)', async () => {
    await renderDesk();
    typeKeysAt(window, '770000000003', 5000, READER_GAP_MS);
    const card = await overlay();
    expect(within(card).getByText(/王芳/)).toBeInTheDocument();
    expect(within(card).getByText('此卡已挂失！请核对身份。')).toBeInTheDocument();
    expect(within(card).getByText('目前不在住')).toBeInTheDocument();
    expect(within(card).getByText(/积分余额/)).toHaveTextContent('0 分');
  });

  it('does not take a clerk typing the same digits into a field (120 ms apart) for a swipe', async () => {
    const { input, onSave } = await renderDesk();
    input.focus();
    fireEvent.change(input, { target: { value: '770000000002' } });
    const enter = typeKeysAt(input, '770000000002', 1000, CLERK_GAP_MS);
    expect(enter.defaultPrevented).toBe(false);
    enterDefaultAction(enter);
    await settle();
    expect(screen.queryByRole('status', { name: '刷卡结果' })).not.toBeInTheDocument();
    expect(input).toHaveValue('770000000002');
    // The Enter was the clerk's: the form submitted what was typed.
    expect(onSave).toHaveBeenCalledWith('770000000002');
  });

  it('a fast swipe while a field is focused takes the card digits back out of it and does not submit its form', async () => {
    const { input, onSave } = await renderDesk();
    const before = await snapshot(db);
    await userEvent.type(input, '请加床');
    // The reader "types" into the focused field: the digits land in it before the Enter.
    const enter = readerTypesInto(input as HTMLInputElement, '770000000002', 100_000, READER_GAP_MS);

    expect(enter.defaultPrevented).toBe(true);
    enterDefaultAction(enter);
    const card = await overlay();
    expect(within(card).getByText('在住：301 房')).toBeInTheDocument();
    expect(input).toHaveValue('请加床');
    expect(onSave).not.toHaveBeenCalled();

    // The form's own state lost the digits too: saving now saves only what the clerk typed.
    await userEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(onSave).toHaveBeenCalledWith('请加床');
    // A swipe only reads.
    expect(await snapshot(db)).toEqual(before);
  });

  it('a swipe into the new member\'s card field keeps the number there, shows no overlay and does not submit the check-in', async () => {
    db = await testDb();
    const before = await snapshot(db);
    const onDone = vi.fn();
    const onOpenMember = vi.fn();
    renderWithDb(
      <>
        <CheckInDialog reservationId="R-OTA" onClose={() => undefined} onDone={onDone} />
        <SwipeOverlay onOpenMember={onOpenMember} />
      </>,
      db,
    );
    const dialog = await screen.findByRole('dialog', { name: '办理入住：赵强' });
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /同时办理7天会会员/ }));
    const cardField = within(dialog).getByRole('textbox', { name: '会员卡号' });
    cardField.focus();
    const enter = readerTypesInto(cardField as HTMLInputElement, '770000000009', 100_000, READER_GAP_MS);

    expect(enter.defaultPrevented).toBe(true);
    enterDefaultAction(enter);
    await settle();
    expect(cardField).toHaveValue('770000000009');
    expect(screen.queryByRole('status', { name: '刷卡结果' })).not.toBeInTheDocument();
    expect(onOpenMember).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(await snapshot(db)).toEqual(before);
  });

  it('a swipe into the check-in\'s pre-filled ID (maxLength 24) leaves the ID exactly as it was (issue #11)', async () => {
    db = await testDb();
    const onDone = vi.fn();
    renderWithDb(
      <>
        <CheckInDialog reservationId="R-ZHANG" onClose={() => undefined} onDone={onDone} />
        <SwipeOverlay onOpenMember={vi.fn()} />
      </>,
      db,
    );
    const dialog = await screen.findByRole('dialog', { name: '办理入住：张伟' });
    const idBox = within(dialog).getByRole('textbox', { name: '身份证号码' }) as HTMLInputElement;
    await vi.waitFor(() => expect(idBox).toHaveValue(IDS.zhang));
    idBox.focus();
    idBox.setSelectionRange(IDS.zhang.length, IDS.zhang.length);
    const enter = readerTypesInto(idBox, '770000000002', 100_000, READER_GAP_MS);
    expect(enter.defaultPrevented).toBe(true);
    await overlay();
    expect(idBox).toHaveValue(IDS.zhang);
    // Mid-text too: the cursor after the 6th character, as a clerk left it.
    idBox.setSelectionRange(6, 6);
    readerTypesInto(idBox, '770000000002', 200_000, READER_GAP_MS);
    await settle();
    expect(idBox).toHaveValue(IDS.zhang);
    expect(idBox.selectionStart).toBe(6);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('does not take a fast run that is not a card number (wrong prefix, or too long) for a swipe', async () => {
    await renderDesk();
    const notCard = typeKeysAt(document.body, '660000000002', 1000, READER_GAP_MS);
    const tooLong = typeKeysAt(document.body, '7700000000021', 2000, READER_GAP_MS);
    expect(notCard.defaultPrevented).toBe(false);
    expect(tooLong.defaultPrevented).toBe(false);
    await settle();
    expect(screen.queryByRole('status', { name: '刷卡结果' })).not.toBeInTheDocument();
  });
});
