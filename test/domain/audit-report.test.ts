import { describe, expect, it } from 'vitest';
import { BOM, csvField, parseCsv, toCsv } from '../../src/domain/csv';
import { DOOR_REASONS } from '../../src/domain/door';
import type { DoorEvent } from '../../src/domain/door';
import type { LedgerEntry, Member } from '../../src/domain/model';
import {
  auditNoShows, auditReport, EXEMPT_REASONS, NO_SHOW_CAUSES, REPORT_LABEL_KEYS, reportToCsv,
} from '../../src/domain/night-audit';
import type { AuditReport, ReportLabelKey } from '../../src/domain/night-audit';
import { DEFAULT_RULES as R, REDEMPTION_ITEMS } from '../../src/domain/rules';
import { BRANCH, DATE, member, reservation, sh } from './night-fixtures';

function entry(over: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'points' | 'kind' | 'rule'>): LedgerEntry {
  return {
    memberId: 'M1', branchId: BRANCH, params: {}, reservationId: '', businessDate: DATE, createdAt: 0,
    deviceId: 'tab-1', staffId: 'S1', ...over,
  };
}

function door(over: Partial<DoorEvent> & Pick<DoorEvent, 'id' | 'at'>): DoorEvent {
  return {
    branchId: BRANCH, deviceId: 'door-1', seq: 0, businessDate: DATE, cardNo: '770000000001', memberId: 'M1',
    memberName: '张小明', roomNo: '808', decision: 'granted', reason: 'in-house', staffId: 'S-night',
    prevHash: '', hash: '', ...over,
  };
}

const reservations = [
  reservation({ id: 'R-in', status: 'checked-in', roomNo: '808' }),
  reservation({ id: 'R-out', status: 'checked-out', roomNo: '809' }),
  reservation({ id: 'R-ns', guestName: '王, "小" 芳', nights: 2 }),
  reservation({ id: 'R-g', guaranteePoints: 1000 }),
  reservation({ id: 'R-c', status: 'cancelled', cancelledAt: sh(DATE, '12:00') }),
  reservation({ id: 'R-other-day', arrivalDate: '2026-11-23', status: 'checked-in' }),
];
const members = new Map<string, Member>([['M1', member()]]);
const noShows = auditNoShows({ reservations, members, businessDate: DATE }, R);

const ledger: LedgerEntry[] = [
  entry({ id: 'x:stay', kind: 'earn', rule: 'stay', points: 199 }),
  entry({ id: 'x:stay', kind: 'earn', rule: 'stay', points: 199 }), // the same line from a second tablet
  entry({ id: 'x:booking.ordinary', kind: 'earn', rule: 'booking.ordinary', points: 77 }),
  entry({ id: 'y:booking-for-other', kind: 'adjust', rule: 'booking-for-other', points: -138 }),
  entry({ id: 'g:guarantee.hold', kind: 'hold', rule: 'guarantee.hold', points: -500 }),
  entry({ id: 'g:guarantee.release', kind: 'release', rule: 'guarantee.release', points: 500 }),
  entry({ id: 'mig', kind: 'adjust', rule: 'adjust.migration', points: 5000 }),
  entry({ id: 'a:redeem.milk', kind: 'redeem', rule: 'redeem.milk', points: -200, params: { item: 'milk', quantity: 1 } }),
  entry({ id: 'b:redeem.milk', kind: 'redeem', rule: 'redeem.milk', points: -200, params: { item: 'milk', quantity: 1 } }),
  entry({ id: 'c:redeem.lateCheckout', kind: 'redeem', rule: 'redeem.lateCheckout', points: -1000, params: { item: 'lateCheckout', quantity: 2 } }),
  entry({ id: 'R-ns:no-show', kind: 'penalty', rule: 'no-show', points: -600 }),
  entry({ id: 'R-g:guarantee.forfeit', kind: 'forfeit', rule: 'guarantee.forfeit', points: 0, params: { forfeited: 1000, points: 0 } }),
  entry({ id: 'old:stay', kind: 'earn', rule: 'stay', points: 999, businessDate: '2026-11-23' }),
];

const doorEvents: DoorEvent[] = [
  door({ id: 'd-2259', at: sh(DATE, '22:59') }),
  door({ id: 'd-0200', at: sh('2026-11-25', '02:00'), seq: 3, decision: 'denied', reason: 'card-lost', roomNo: '' }),
  door({ id: 'd-2300', at: sh(DATE, '23:00'), seq: 1 }),
  door({ id: 'd-2345', at: sh(DATE, '23:45'), seq: 2, decision: 'denied', reason: 'unknown-card', memberId: '', memberName: '=HYPERLINK("x")', roomNo: '' }),
  door({ id: 'd-0600', at: sh('2026-11-25', '06:00'), seq: 4 }),
  door({ id: 'd-other', at: sh(DATE, '23:30'), businessDate: '2026-11-23' }),
];

const report: AuditReport = auditReport({ businessDate: DATE, reservations, noShows, ledger, doorEvents, exceptionsPending: 2 });

describe('auditReport', () => {
  it('counts the date\'s arrivals by status and the check-ins', () => {
    expect(report.arrivals).toEqual({
      total: 5, byStatus: { expected: 2, 'checked-in': 1, 'checked-out': 1, 'no-show': 0, cancelled: 1 },
    });
    expect(report.checkIns).toBe(2);
  });

  it('lists the no-shows with their outcome; a free cancellation is listed but not counted', () => {
    expect(report.noShows.count).toBe(2);
    expect(report.noShows.rows.map((r) => [r.reservationId, r.outcome, r.exemptReason, r.points, r.forfeited])).toEqual([
      ['R-c', 'exempt', 'cancelled-in-free-window', 0, 0],
      ['R-g', 'forfeit', '', 0, 1000],
      ['R-ns', 'penalty', '', -600, 0],
    ]);
  });

  it('sums redemptions by item and points earned, spent, penalised and forfeited, each line once', () => {
    expect(report.redemptions.map((r) => r.item)).toEqual([...REDEMPTION_ITEMS]);
    expect(report.redemptions.find((r) => r.item === 'milk')).toEqual({ item: 'milk', redemptions: 2, quantity: 2, points: 400 });
    expect(report.redemptions.find((r) => r.item === 'lateCheckout')).toEqual({ item: 'lateCheckout', redemptions: 1, quantity: 2, points: 1000 });
    expect(report.redemptions.find((r) => r.item === 'freeNight')).toEqual({ item: 'freeNight', redemptions: 0, quantity: 0, points: 0 });
    // 199 + 77: not the duplicate, the release, the migration or another date's line.
    expect(report.points).toEqual({ earned: 276, spent: 1400, penalised: 600, forfeited: 1000 });
  });

  it('lists the door events from the cut-off to the morning, in time order, denials flagged', () => {
    expect(report.door.rows.map((r) => [r.id, r.localTime, r.denied])).toEqual([
      ['d-2300', '23:00', false],
      ['d-2345', '23:45', true],
      ['d-0200', '02:00', true],
    ]);
    expect(report.door.rows[2]?.localDate).toBe('2026-11-25');
    expect([report.door.granted, report.door.denied]).toEqual([1, 2]);
    expect(report.exceptionsPending).toBe(2);
  });
});

const ZH: Partial<Record<ReportLabelKey, string>> = {
  title: '夜审报表', businessDate: '营业日期', 'section.noShows': '预订未到', 'col.guest': '客人',
  'outcome.penalty': '扣分', 'section.door': '门禁记录（23:00后）', 'flag.denied': '⚠ 拒绝', 'reason.card-lost': '会员卡已挂失',
  'item.milk': '睡前牛奶', 'exempt.cancelled-in-free-window': '免费取消时段内取消',
};

describe('reportToCsv', () => {
  const csv = reportToCsv(report, ZH);
  const rows = parseCsv(csv);

  it('starts with the UTF-8 BOM and ends every line with CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').match(/[\r\n]/g)).toBeNull();
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(csv);
  });

  it('carries the Chinese labels and text through a round trip', () => {
    expect(rows[0]).toEqual(['夜审报表']);
    expect(rows[1]).toEqual(['营业日期', DATE]);
    expect(rows).toContainEqual(['睡前牛奶', '2', '2', '400']);
    const noShow = rows.find((r) => r[0] === 'R-ns');
    expect(noShow).toEqual(['R-ns', '王, "小" 芳', 'M1', '2', 'cause.not-arrived', '扣分', '-600', '0']);
    expect(rows.find((r) => r[0] === 'R-c')?.[5]).toBe('免费取消时段内取消');
    const denied = rows.find((r) => r[0] === '2026-11-25 02:00');
    expect(denied?.[8]).toBe('会员卡已挂失');
    expect(denied?.[10]).toBe('⚠ 拒绝');
  });

  it('quotes a field with a comma or quote (quotes doubled) and guards a formula', () => {
    expect(csv).toContain('"王, ""小"" 芳"');
    expect(csv).toContain('"\'=HYPERLINK(""x"")"');
    expect(csv).toContain(',-600,');
  });

  it('falls back to the key for a missing label; every code has a label key', () => {
    expect(rows).toContainEqual(['section.exceptions']);
    expect(rows).toContainEqual(['exceptions.pending', '2']);
    const keys: readonly string[] = REPORT_LABEL_KEYS;
    for (const reason of EXEMPT_REASONS) expect(keys).toContain(`exempt.${reason}`);
    for (const cause of NO_SHOW_CAUSES) expect(keys).toContain(`cause.${cause}`);
    for (const reason of DOOR_REASONS) expect(keys).toContain(`reason.${reason}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('csv', () => {
  it('follows RFC 4180 quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(-300)).toBe('-300');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('guards text that Excel would run as a formula, never numbers', () => {
    for (const text of ['=1+1', '+86 138', '-cmd', '@SUM(A1)', '\tx']) expect(csvField(text)).toBe(`'${text}`);
    expect(csvField('=a,b')).toBe('"\'=a,b"');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-5)).toBe('-5');
  });

  it('round-trips any table of text', () => {
    const table = [['名字', '备注'], ['张三', '住"808", 安静\r\n换行'], ['', 'end'], ['only']];
    const text = toCsv(table);
    expect(text.startsWith(BOM)).toBe(true);
    expect(parseCsv(text)).toEqual(table);
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });
});
