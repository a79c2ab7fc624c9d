import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { FrontDeskDatabase } from '../../src/data/database';
import { balanceOnce, ledgerOnce } from '../../src/data/queries';
import { CheckInDialog } from '../../src/features/checkin/checkin-dialog';
import { WalkInDialog } from '../../src/features/checkin/walkin-dialog';
import type { Reservation } from '../../src/domain/model';
import { testDb } from '../support/db';
import { BUSINESS_DATE, IDS, NOW } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { idEndingInX, settle, snapshot, toFullWidth } from './helpers';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

async function openCheckIn(reservationId: string, guestName: string) {
  const onDone = vi.fn<(r: Reservation) => void>();
  const onClose = vi.fn();
  renderWithDb(<CheckInDialog reservationId={reservationId} onClose={onClose} onDone={onDone} />, db);
  const dialog = await screen.findByRole('dialog', { name: `办理入住：${guestName}` });
  return { dialog, onDone, onClose, idBox: within(dialog).getByRole('textbox', { name: '身份证号码' }) };
}

/** Room numbers offered, in the order shown. */
function offeredRooms(dialog: HTMLElement): string[] {
  return within(dialog).getAllByRole('radio').map((r) => r.closest('label')?.querySelector('strong')?.textContent ?? '');
}

/**
 * The radio for a room. Its accessible name runs the room number and floor
 * together ("8018层 · 安静推荐": the label's parts are inline elements).
 */
function room(dialog: HTMLElement, roomNo: string): HTMLElement {
  return within(dialog).getByRole('radio', { name: new RegExp(`^${roomNo}, ${roomNo.slice(0, -2)}层`) });
}

/** What the room's label shows: number, floor and features, and whether it is suggested. */
function roomLabel(dialog: HTMLElement, roomNo: string): string[] {
  const label = room(dialog, roomNo).closest('label');
  return [...(label?.querySelectorAll('strong, small') ?? [])].map((e) => e.textContent ?? '');
}

async function retype(box: HTMLElement, value: string) {
  await userEvent.clear(box);
  if (value !== '') await userEvent.type(box, value);
}

const confirm = (dialog: HTMLElement) => userEvent.click(within(dialog).getByRole('button', { name: '确认入住' }));

describe('check-in of a member with a reservation (张伟, R-ZHANG)', () => {
  it('pre-fills the member\'s own ID and offers rooms that fit the preferences first', async () => {
    db = await testDb();
    const { dialog, idBox } = await openCheckIn('R-ZHANG', '张伟');
    await vi.waitFor(() => expect(idBox).toHaveValue(IDS.zhang));
    expect(within(dialog).getByText(/20:00 · APP · 大床房 · 2晚 · ¥199.00/)).toHaveTextContent('金卡');

    // Quiet and high (801) before quiet and low (308) before neither (302);
    // the smoking room last for a non-smoker; dirty, occupied and twin rooms not at all.
    expect(offeredRooms(dialog)).toEqual(['801', '308', '302', '305']);
    expect(roomLabel(dialog, '801')).toEqual(['801', '8层 · 安静', '推荐']);
    expect(roomLabel(dialog, '308')).toEqual(['308', '3层 · 安静', '推荐']);
    expect(roomLabel(dialog, '302')).toEqual(['302', '3层', '推荐']);
    expect(roomLabel(dialog, '305')).toEqual(['305', '3层 · 吸烟']);
    for (const r of within(dialog).getAllByRole('radio')) expect(r).not.toBeChecked();
  });

  it('offers a guest without preferences the rooms in room-number order, smoking last, and no ID', async () => {
    db = await testDb();
    const { dialog, idBox } = await openCheckIn('R-OTA', '赵强');
    await vi.waitFor(() => expect(offeredRooms(dialog)).toEqual(['302', '308', '801', '305']));
    expect(idBox).toHaveValue('');
  });

  it('refuses to check in without a room, says why, and writes nothing', async () => {
    db = await testDb();
    const before = await snapshot(db);
    const { dialog, idBox, onDone } = await openCheckIn('R-ZHANG', '张伟');
    await vi.waitFor(() => expect(idBox).toHaveValue(IDS.zhang));
    await confirm(dialog);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('请选择一个房间。');
    expect(within(dialog).getAllByRole('alert')).toHaveLength(1);
    expect(idBox).toHaveValue(IDS.zhang);
    expect(onDone).not.toHaveBeenCalled();
    expect(await snapshot(db)).toEqual(before);
  });

  it.each([
    ['a wrong check character', `${IDS.zhang.slice(0, 17)}5`, '身份证号码校验位不正确，请核对。'],
    ['an empty ID', '', '请输入身份证号码。'],
    ['too few characters', '4401041985', '身份证号码应为18位。'],
    ['a letter inside', '44010419850312A234', '身份证号码只能包含数字，最后一位可以是 X。'],
    ['an unknown province', '990104198503121234', '身份证号码前两位不是有效的省份代码。'],
    ['an impossible birth date', '440104198513121234', '身份证号码中的出生日期无效。'],
    ['a birth date after today', '440104202701011234', '身份证号码中的出生日期晚于今天。'],
    ['another person\'s valid ID', IDS.walkIn, '该身份证与会员档案不符：会员本人入住须出示本人身份证。'],
  ])('refuses %s with a visible reason, keeps the typed value and the room, and writes nothing', async (_what, typed, message) => {
    db = await testDb();
    const before = await snapshot(db);
    const { dialog, idBox, onDone } = await openCheckIn('R-ZHANG', '张伟');
    await vi.waitFor(() => expect(idBox).toHaveValue(IDS.zhang));
    await retype(idBox, typed);
    await userEvent.click(room(dialog, '801'));
    await confirm(dialog);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(idBox).toHaveValue(typed);
    expect(idBox).toHaveAttribute('aria-invalid', 'true');
    expect(idBox).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(room(dialog, '801')).toBeChecked();
    expect(onDone).not.toHaveBeenCalled();
    expect(await snapshot(db)).toEqual(before);
  });

  it('takes the ID\'s message away as the ID is corrected, and shows the new problem while it is still wrong (issue #11)', async () => {
    db = await testDb();
    const { dialog, idBox } = await openCheckIn('R-ZHANG', '张伟');
    await vi.waitFor(() => expect(idBox).toHaveValue(IDS.zhang));
    await retype(idBox, `${IDS.zhang.slice(0, 17)}5`);
    await userEvent.click(room(dialog, '801'));
    await confirm(dialog);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('身份证号码校验位不正确，请核对。');
    await userEvent.type(idBox, '{Backspace}');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('身份证号码应为18位。');
    await userEvent.type(idBox, IDS.zhang.slice(17));
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(idBox).toHaveAttribute('aria-invalid', 'false');
  });

  it('checks in: reservation checked in, room occupied, guarantee released (balance 2,600 → 3,100)', async () => {
    db = await testDb();
    expect(await balanceOnce(db, 'M000000001')).toBe(2600);
    const { dialog, idBox, onDone } = await openCheckIn('R-ZHANG', '张伟');
    await vi.waitFor(() => expect(idBox).toHaveValue(IDS.zhang));
    await userEvent.click(room(dialog, '801'));
    expect(room(dialog, '801')).toBeChecked();
    await confirm(dialog);

    await vi.waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(onDone.mock.calls[0]?.[0]).toMatchObject({ id: 'R-ZHANG', status: 'checked-in', roomNo: '801' });
    const res = (await db.reservations.findOne('R-ZHANG').exec())?.toJSON();
    expect(res).toMatchObject({ status: 'checked-in', roomNo: '801', guestIdNumber: IDS.zhang, checkedInAt: NOW });
    const r801 = (await db.rooms.findOne('gz-test:801').exec())?.toJSON();
    expect(r801).toMatchObject({ status: 'occupied', reservationId: 'R-ZHANG' });
    expect((await db.rooms.findOne('gz-test:302').exec())?.status).toBe('vacant-clean');
    expect(await balanceOnce(db, 'M000000001')).toBe(3100);
    const release = (await ledgerOnce(db, 'M000000001')).find((l) => l.rule === 'guarantee.release');
    expect(release).toMatchObject({ id: 'R-ZHANG:guarantee.release', points: 500, reservationId: 'R-ZHANG', businessDate: BUSINESS_DATE });
    expect(await db.journal.count().exec()).toBe(0);
  });

  it('accepts the member\'s ID typed in full-width digits and stores it in ASCII', async () => {
    db = await testDb();
    const { dialog, idBox, onDone } = await openCheckIn('R-ZHANG', '张伟');
    await vi.waitFor(() => expect(idBox).toHaveValue(IDS.zhang));
    await retype(idBox, toFullWidth(IDS.zhang));
    expect(idBox).toHaveValue('４４０１０４１９８５０３１２１２３４');
    await userEvent.click(room(dialog, '308'));
    await confirm(dialog);
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect((await db.reservations.findOne('R-ZHANG').exec())?.guestIdNumber).toBe(IDS.zhang);
  });

  it('refuses a room another desk took meanwhile, and writes nothing', async () => {
    db = await testDb();
    const { dialog, idBox, onDone } = await openCheckIn('R-ZHANG', '张伟');
    await vi.waitFor(() => expect(idBox).toHaveValue(IDS.zhang));
    await userEvent.click(room(dialog, '801'));
    await db.rooms.findOne('gz-test:801').update({ $set: { status: 'occupied', reservationId: 'R-OTHER' } });
    await vi.waitFor(() => expect(offeredRooms(dialog)).toEqual(['308', '302', '305']));
    const before = await snapshot(db);
    await confirm(dialog);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('该房间已有客人。');
    expect(onDone).not.toHaveBeenCalled();
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('check-in of a non-member guest with a reservation (赵强, R-OTA)', () => {
  it('accepts full-width digits and a lower-case x, and stores the normalised ID', async () => {
    db = await testDb();
    const id = idEndingInX();
    const typed = `${toFullWidth(id.slice(0, 17))}x`;
    const { dialog, idBox, onDone } = await openCheckIn('R-OTA', '赵强');
    await userEvent.type(idBox, typed);
    expect(idBox).toHaveValue(typed);
    await userEvent.click(room(dialog, '302'));
    await confirm(dialog);
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    const res = (await db.reservations.findOne('R-OTA').exec())?.toJSON();
    expect(res).toMatchObject({ status: 'checked-in', roomNo: '302', guestIdNumber: id, memberId: '' });
    expect(id.endsWith('X')).toBe(true);
    expect((await db.rooms.findOne('gz-test:302').exec())?.status).toBe('occupied');
  });
});

/** The app's flow: the walk-in dialog drafts a reservation, then the check-in dialog opens for the draft. */
function WalkInThenCheckIn({ onDone, onClose = () => undefined }: { onDone: (r: Reservation) => void; onClose?: () => void }) {
  const [draft, setDraft] = useState<Reservation | null>(null);
  const [closed, setClosed] = useState(false);
  if (closed) return null;
  const close = () => { setClosed(true); onClose(); };
  return draft
    ? <CheckInDialog reservationId={draft.id} walkIn={draft} onClose={close} onDone={onDone} />
    : <WalkInDialog onClose={close} onDrafted={setDraft} />;
}

describe('walk-in guest', () => {
  it('refuses an invalid walk-in with a reason per field, keeps the typing and writes nothing', async () => {
    db = await testDb();
    const before = await snapshot(db);
    const onCreated = vi.fn();
    renderWithDb(<WalkInDialog onClose={() => undefined} onDrafted={onCreated} />, db);
    const dialog = screen.getByRole('dialog', { name: '散客入住' });
    const phone = within(dialog).getByRole('textbox', { name: '手机号' });
    const nights = within(dialog).getByRole('textbox', { name: '晚数' });
    const rate = within(dialog).getByRole('textbox', { name: '房价（元/晚）' });
    await userEvent.type(phone, '1380013');
    await retype(nights, '0');
    await retype(rate, '一百');
    await userEvent.click(within(dialog).getByRole('button', { name: '下一步：分配房间' }));

    const alerts = (await within(dialog).findAllByRole('alert')).map((a) => a.textContent);
    expect(alerts).toEqual(['请输入客人姓名。', '手机号应为11位，以13–19开头。', '晚数应为1–30的整数。', '房价应为每晚1–2000元，最多两位小数。']);
    expect(phone).toHaveValue('1380013');
    expect(nights).toHaveValue('0');
    expect(rate).toHaveValue('一百');
    expect(onCreated).not.toHaveBeenCalled();
    expect(await snapshot(db)).toEqual(before);
  });

  it('a walk-in cancelled at the room step leaves nothing behind (issue #11)', async () => {
    db = await testDb();
    const before = await snapshot(db);
    const onClose = vi.fn();
    renderWithDb(<WalkInThenCheckIn onDone={vi.fn()} onClose={onClose} />, db);
    const walkIn = screen.getByRole('dialog', { name: '散客入住' });
    await userEvent.type(within(walkIn).getByRole('textbox', { name: '客人姓名' }), '刘洋');
    await userEvent.click(within(walkIn).getByRole('button', { name: '下一步：分配房间' }));
    const dialog = await screen.findByRole('dialog', { name: '办理入住：刘洋' });
    await userEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    await settle();
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses a 200-character name, 999 nights, ¥99,999,999 and ¥0.005 with messages naming the bounds, and writes nothing (issue #11)', async () => {
    db = await testDb();
    const before = await snapshot(db);
    const onDrafted = vi.fn();
    renderWithDb(<WalkInDialog onClose={() => undefined} onDrafted={onDrafted} />, db);
    const dialog = screen.getByRole('dialog', { name: '散客入住' });
    const name = within(dialog).getByRole('textbox', { name: '客人姓名' });
    const nights = within(dialog).getByRole('textbox', { name: '晚数' });
    const rate = within(dialog).getByRole('textbox', { name: '房价（元/晚）' });
    fireEvent.change(name, { target: { value: '林'.repeat(200) } });
    await retype(nights, '999');
    await retype(rate, '99999999');
    await userEvent.click(within(dialog).getByRole('button', { name: '下一步：分配房间' }));
    expect((await within(dialog).findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      '客人姓名最多32个字。', '晚数应为1–30的整数。', '房价应为每晚1–2000元，最多两位小数。',
    ]);
    await retype(rate, '0.005');
    expect(within(dialog).getAllByRole('alert').map((a) => a.textContent)).toContain('房价应为每晚1–2000元，最多两位小数。');
    await userEvent.click(within(dialog).getByRole('button', { name: '下一步：分配房间' }));
    expect(onDrafted).not.toHaveBeenCalled();
    expect(await snapshot(db)).toEqual(before);
  });

  it('takes each field\'s message away as soon as the value is corrected (phone, nights, rate)', async () => {
    db = await testDb();
    renderWithDb(<WalkInDialog onClose={() => undefined} onDrafted={vi.fn()} />, db);
    const dialog = screen.getByRole('dialog', { name: '散客入住' });
    const phone = within(dialog).getByRole('textbox', { name: '手机号' });
    const nights = within(dialog).getByRole('textbox', { name: '晚数' });
    const rate = within(dialog).getByRole('textbox', { name: '房价（元/晚）' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: '客人姓名' }), '刘洋');
    await userEvent.type(phone, '1380013');
    await retype(nights, '999');
    await retype(rate, '0');
    await userEvent.click(within(dialog).getByRole('button', { name: '下一步：分配房间' }));
    expect(await within(dialog).findAllByRole('alert')).toHaveLength(3);

    await userEvent.type(phone, '8000');
    expect(within(dialog).getAllByRole('alert').map((a) => a.textContent)).toEqual(['晚数应为1–30的整数。', '房价应为每晚1–2000元，最多两位小数。']);
    await retype(nights, '2');
    expect(within(dialog).getAllByRole('alert').map((a) => a.textContent)).toEqual(['房价应为每晚1–2000元，最多两位小数。']);
    await retype(rate, '198.5');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    // And one that goes wrong again says so again.
    await userEvent.clear(phone);
    await userEvent.type(phone, '12');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('手机号应为11位，以13–19开头。');
  });

  it('finds a member by card for a walk-in and fills in the name and the phone, masked; the draft carries the whole number (issue #11)', async () => {
    db = await testDb();
    const onDrafted = vi.fn<(r: Reservation) => void>();
    renderWithDb(<WalkInDialog onClose={() => undefined} onDrafted={onDrafted} />, db);
    const dialog = screen.getByRole('dialog', { name: '散客入住' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^会员/ }), '770000000003');
    await userEvent.click(within(dialog).getByRole('button', { name: '查找' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('已找到会员 M000000003，按会员价入住。');
    expect(within(dialog).getByRole('textbox', { name: '客人姓名' })).toHaveValue('王芳');
    // Only 修改资料 shows a member's whole number.
    expect(within(dialog).getByRole('textbox', { name: '手机号' })).toHaveValue('137****1111');
    expect(dialog).not.toHaveTextContent('13700001111');
    await userEvent.click(within(dialog).getByRole('button', { name: '下一步：分配房间' }));
    await vi.waitFor(() => expect(onDrafted).toHaveBeenCalledTimes(1));
    expect(onDrafted.mock.calls[0]?.[0]).toMatchObject({ guestName: '王芳', guestPhone: '13700001111' });
  });

  it('creates the walk-in reservation, then enrols the guest at check-in (card taken first, then a new card)', async () => {
    db = await testDb();
    const onDone = vi.fn<(r: Reservation) => void>();
    renderWithDb(<WalkInThenCheckIn onDone={onDone} />, db);
    const walkIn = screen.getByRole('dialog', { name: '散客入住' });
    await userEvent.type(within(walkIn).getByRole('textbox', { name: '客人姓名' }), '刘洋');
    await userEvent.type(within(walkIn).getByRole('textbox', { name: '手机号' }), '13600001234');
    expect(within(walkIn).getByRole('combobox', { name: '房型' })).toHaveValue('king');
    await userEvent.click(within(walkIn).getByRole('button', { name: '下一步：分配房间' }));

    const dialog = await screen.findByRole('dialog', { name: '办理入住：刘洋' });
    // Nothing is stored before the check-in commits.
    expect(await db.reservations.count({ selector: { channel: 'walk-in' } }).exec()).toBe(0);

    const idBox = within(dialog).getByRole('textbox', { name: '身份证号码' });
    expect(idBox).toHaveValue('');
    await userEvent.type(idBox, IDS.walkIn);
    await userEvent.click(within(dialog).getByRole('checkbox', { name: '同时办理7天会会员（入会费 77 元）' }));
    expect(within(dialog).getByRole('textbox', { name: '姓名' })).toHaveValue('刘洋');
    expect(within(dialog).getByRole('textbox', { name: '手机号' })).toHaveValue('136****1234');
    const card = within(dialog).getByRole('textbox', { name: '会员卡号' });
    await userEvent.type(card, '770000000002'); // 李娜's card
    await userEvent.click(room(dialog, '302'));

    const before = await snapshot(db);
    await confirm(dialog);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('该卡号已被其他会员使用。');
    expect(card).toHaveValue('770000000002');
    expect(idBox).toHaveValue(IDS.walkIn);
    expect(onDone).not.toHaveBeenCalled();
    expect(await snapshot(db)).toEqual(before);

    await retype(card, '770000000009');
    await confirm(dialog);
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    const walkInRes = (await db.reservations.find({ selector: { channel: 'walk-in' } }).exec()).map((d) => d.toJSON());
    expect(walkInRes).toHaveLength(1);
    expect(walkInRes[0]).toMatchObject({
      guestName: '刘洋', guestPhone: '13600001234', memberRate: true, status: 'checked-in',
      arrivalDate: BUSINESS_DATE, roomType: 'king', nights: 1, rateFen: 19_800, expectedArrival: '15:00',
    });
    const reservationId = walkInRes[0]?.id ?? '';

    const enrolled = (await db.members.findOne({ selector: { cardNo: '770000000009' } }).exec())?.toJSON();
    expect(enrolled).toMatchObject({
      id: 'M0000000009', name: '刘洋', nameInitials: 'LY', phone: '13600001234', phoneLast4: '1234',
      idNumber: IDS.walkIn, tier: 'registered', joinFeeFen: 7700, birthday: '11-11', gender: 'M', cardLost: false,
    });
    expect((await db.reservations.findOne(reservationId).exec())?.toJSON()).toMatchObject({
      status: 'checked-in', roomNo: '302', memberId: 'M0000000009', memberRate: true, guestIdNumber: IDS.walkIn,
    });
    expect((await db.rooms.findOne('gz-test:302').exec())?.toJSON()).toMatchObject({ status: 'occupied', reservationId });
    expect(await db.members.count().exec()).toBe(4);
  });

  it.each([
    ['a name in Latin letters', { name: 'Tom' }, '姓名应为2–16个汉字。'],
    ['no name', { name: '' }, '请输入姓名。'],
    ['no phone', { phone: '' }, '请输入手机号。'],
    ['a short phone', { phone: '1360000' }, '手机号应为11位，以13–19开头。'],
    ['no card', { cardNo: '' }, '请刷或输入新会员卡号。'],
    ['a card not starting with 77', { cardNo: '660000000009' }, '卡号应为以77开头的12位数字。'],
  ])('refuses enrolment with %s, keeps the typing and writes nothing', async (_what, over, message) => {
    db = await testDb();
    const onDone = vi.fn();
    renderWithDb(<CheckInDialog reservationId="R-OTA" onClose={() => undefined} onDone={onDone} />, db);
    const dialog = await screen.findByRole('dialog', { name: '办理入住：赵强' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: '身份证号码' }), IDS.walkIn);
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /同时办理7天会会员/ }));
    const fields = {
      name: within(dialog).getByRole('textbox', { name: '姓名' }),
      phone: within(dialog).getByRole('textbox', { name: '手机号' }),
      cardNo: within(dialog).getByRole('textbox', { name: '会员卡号' }),
    };
    const values = { name: '赵强', phone: '13900000000', cardNo: '770000000009', ...over };
    for (const key of ['name', 'phone', 'cardNo'] as const) await retype(fields[key], values[key]);
    await userEvent.click(room(dialog, '302'));
    const before = await snapshot(db);
    await confirm(dialog);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    for (const key of ['name', 'phone', 'cardNo'] as const) expect(fields[key]).toHaveValue(values[key]);
    expect(onDone).not.toHaveBeenCalled();
    expect(await snapshot(db)).toEqual(before);
  });
});
