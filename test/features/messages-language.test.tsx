/**
 * Issue #11 "messages already shown stay Chinese after switching": a message
 * on screen is kept as a key and parameters and translated when rendered, so
 * switching 中文/EN with it shown changes it. One test per form that used to
 * store translated strings: bookings, the walk-in, the check-in, the sync
 * setup dialog.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { FrontDeskDatabase } from '../../src/data/database';
import { DbProvider } from '../../src/data/react';
import { createI18n } from '../../src/i18n';
import { BookingsScreen } from '../../src/features/bookings/bookings-screen';
import { CheckInDialog } from '../../src/features/checkin/checkin-dialog';
import { WalkInDialog } from '../../src/features/checkin/walkin-dialog';
import { SyncDialog } from '../../src/features/sync/sync-status';
import { testCtx, testDb } from '../support/db';
import { BUSINESS_DATE, IDS } from '../support/fixtures';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const CJK = /[\u4e00-\u9fff]/;

async function renderZh(ui: ReactElement) {
  db = await testDb();
  const i18n = createI18n('zh');
  render(<DbProvider db={db} ctx={testCtx()}><I18nextProvider i18n={i18n}>{ui}</I18nextProvider></DbProvider>);
  return { toEnglish: () => act(async () => { await i18n.changeLanguage('en'); }) };
}

describe('a message already shown follows the 中文/EN switch (issue #11)', () => {
  it('bookings: a field error', async () => {
    const { toEnglish } = await renderZh(<BookingsScreen businessDate={BUSINESS_DATE} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: '新预订' }));
    const dialog = await screen.findByRole('dialog', { name: '新预订（电话 / 到店）' });
    await user.click(within(dialog).getByRole('button', { name: '保存预订' }));
    const [nameError] = await within(dialog).findAllByRole('alert');
    expect(nameError).toHaveTextContent(CJK);
    await toEnglish();
    const [english] = within(screen.getByRole('dialog')).getAllByRole('alert');
    expect(english?.textContent).not.toMatch(CJK);
    expect(english?.textContent).toMatch(/[a-z]/i);
  });

  it('bookings: the saved message shown in Chinese turns English', async () => {
    const { toEnglish } = await renderZh(<BookingsScreen businessDate={BUSINESS_DATE} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: '新预订' }));
    const dialog = await screen.findByRole('dialog', { name: '新预订（电话 / 到店）' });
    await user.type(within(dialog).getByLabelText('客人姓名'), 'Liu Yang');
    await user.type(within(dialog).getByLabelText('手机号'), '13500001234');
    await user.click(within(dialog).getByRole('button', { name: '保存预订' }));
    expect(await screen.findByRole('status')).toHaveTextContent(/^预订已保存：Liu Yang/);
    await toEnglish();
    expect(screen.getByRole('status')).toHaveTextContent(/Liu Yang/);
    expect(screen.getByRole('status').textContent).not.toMatch(CJK);
  });

  it('walk-in: the field errors', async () => {
    const { toEnglish } = await renderZh(<WalkInDialog onClose={() => undefined} onDrafted={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: '散客入住' });
    await userEvent.click(within(dialog).getByRole('button', { name: '下一步：分配房间' }));
    expect((await within(dialog).findAllByRole('alert')).map((a) => a.textContent)).toEqual(['请输入客人姓名。']);
    await toEnglish();
    const alerts = within(screen.getByRole('dialog')).getAllByRole('alert').map((a) => a.textContent ?? '');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).not.toMatch(CJK);
  });

  it('check-in: the room and ID errors', async () => {
    const { toEnglish } = await renderZh(<CheckInDialog reservationId="R-ZHANG" onClose={() => undefined} onDone={() => undefined} />);
    const dialog = await screen.findByRole('dialog', { name: '办理入住：张伟' });
    const idBox = within(dialog).getByRole('textbox', { name: '身份证号码' });
    await vi.waitFor(() => expect(idBox).toHaveValue(IDS.zhang));
    await userEvent.clear(idBox);
    await userEvent.type(idBox, '4401041985');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认入住' }));
    const zh = (await within(dialog).findAllByRole('alert')).map((a) => a.textContent ?? '');
    expect(zh).toEqual(expect.arrayContaining(['身份证号码应为18位。', '请选择一个房间。']));
    await toEnglish();
    const en = within(screen.getByRole('dialog')).getAllByRole('alert').map((a) => a.textContent ?? '');
    expect(en).toHaveLength(zh.length);
    for (const text of en) expect(text).not.toMatch(CJK);
  });

  it('sync setup: connecting with empty fields', async () => {
    const { toEnglish } = await renderZh(<SyncDialog onClose={() => undefined} onConnect={() => Promise.resolve()} />);
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: '连接' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(CJK);
    await toEnglish();
    const alert = within(screen.getByRole('dialog')).getByRole('alert');
    expect(alert.textContent).not.toMatch(CJK);
    expect(alert.textContent).toMatch(/branch/i);
  });
});

describe('the sync setup form (issue #11)', () => {
  afterEach(() => { vi.unstubAllGlobals(); });

  async function fill(dialog: HTMLElement, password: string) {
    await userEvent.type(within(dialog).getByLabelText('分店编号'), 'gz-beijinglu');
    await userEvent.type(within(dialog).getByLabelText('分店同步密码'), password);
  }

  it('says what is missing when 连接 is pressed with empty fields, and connects nothing', async () => {
    const onConnect = vi.fn(() => Promise.resolve());
    await renderZh(<SyncDialog onClose={() => undefined} onConnect={onConnect} />);
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: '连接' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('分店编号只能用小写字母、数字和“-”，以字母开头。');
    await userEvent.type(within(dialog).getByLabelText('分店编号'), 'gz-beijinglu');
    await userEvent.click(within(dialog).getByRole('button', { name: '连接' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('请输入分店同步密码。');
    expect(onConnect).not.toHaveBeenCalled();
  });

  it('checks the password before asking to set the demo data aside; a wrong one never gets that question', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(new Response('{}', { status: 401 })));
    vi.stubGlobal('fetch', fetchMock);
    const onConnect = vi.fn(() => Promise.resolve());
    await renderZh(<SyncDialog onClose={() => undefined} onConnect={onConnect} />);
    const dialog = screen.getByRole('dialog');
    await fill(dialog, 'wrong');
    await userEvent.click(within(dialog).getByRole('button', { name: '连接' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/密码/);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(within(dialog).queryByRole('button', { name: '确认连接：改用分店数据' })).not.toBeInTheDocument();

    // The right password: checked first, then the question, then the connection on the clerk's word.
    fetchMock.mockImplementation(() => Promise.resolve(new Response('{}', { status: 200 })));
    await userEvent.clear(within(dialog).getByLabelText('分店同步密码'));
    await userEvent.type(within(dialog).getByLabelText('分店同步密码'), 'right');
    await userEvent.click(within(dialog).getByRole('button', { name: '连接' }));
    await userEvent.click(await within(dialog).findByRole('button', { name: '确认连接：改用分店数据' }));
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(onConnect).toHaveBeenCalledTimes(1);
  });
});
