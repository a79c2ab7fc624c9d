/**
 * The night audit report of one business date, and its CSV export
 * (re-exported by ./night-audit). Plain data in, plain data out.
 *
 * Definitions (every count is over the business date only; the inputs are
 * filtered to it again, and ledger lines are counted once per id):
 * - tally: ./business-day `tallyArrivals` of the date, the one count the
 *   desk's banner and arrival tiles show too; arrivals.total and byStatus
 *   are the same reservations, checkIns is the tally's `arrived`.
 * - noShows: the items of `auditNoShows` (every reservation of the date not
 *   arrived, and every cancellation, with its outcome). `count` is the rows
 *   not arrived: tally.noShow + tally.expected (those still expected become
 *   no-shows when the audit runs; after it, expected is 0), so rows =
 *   count + tally.cancelled. `charged` is the rows that cost points
 *   (penalty or forfeit): late cancellations are charged, free ones not.
 * - redemptions: ledger lines of kind 'redeem', per item (every item listed,
 *   in rules order): lines, quantity (params.quantity, else 1) and points
 *   (positive, the points taken).
 * - points.earned: sum of the positive points of lines whose kind is not
 *   'hold' or 'release' (held points are not earned), leaving out the
 *   one-off legacy carry-over 'adjust.migration'. points.spent: points taken
 *   by redemptions. points.penalised: points taken by 'penalty' lines.
 *   points.forfeited: guarantee points lost ('forfeit' lines' params.forfeited).
 * - door: door events of the date whose branch-local time is in door mode
 *   (`isDoorModeTime`: from the cut-off until the morning end), sorted by
 *   time, device, seq; `denied` flags the denials for highlighting.
 * - exceptionsPending: as passed in.
 *
 * CSV (`reportToCsv`): ./csv rules (BOM, CRLF, RFC 4180 quoting). Sections
 * follow one another, separated by an empty row, each opened by its title
 * row. Every text comes from `labels` by a key in REPORT_LABEL_KEYS (the
 * key itself when a label is missing); codes are never shown raw.
 */
import { tallyArrivals, type DayTally } from './business-day';
import { localDateOf, localTimeOf, DEFAULT_TIME_ZONE } from './dates';
import { DEFAULT_DOOR_MORNING_END, DOOR_DECISIONS, DOOR_REASONS, isDoorModeTime } from './door';
import type { DoorDecisionKind, DoorEvent, DoorReason } from './door';
import { uniqueById } from './ledger';
import { RESERVATION_STATUSES } from './model';
import type { EpochMs, IsoDate, LedgerEntry, Reservation, ReservationStatus } from './model';
import type { ExemptReason, NoShowCause, NoShowItem } from './night-audit';
import { DEFAULT_RULES, REDEMPTION_ITEMS } from './rules';
import type { ClockTime, RedemptionItem } from './rules';
import { toCsv } from './csv';
import type { CsvCell } from './csv';

export interface AuditReportInput {
  businessDate: IsoDate;
  reservations: readonly Reservation[];
  noShows: readonly NoShowItem[];
  ledger: readonly LedgerEntry[];
  doorEvents: readonly DoorEvent[];
  exceptionsPending: number;
  cutoff?: ClockTime;
  morningEnd?: ClockTime;
  timeZone?: string;
}

export interface NoShowRow {
  reservationId: string;
  guestName: string;
  memberId: string;
  nights: number;
  cause: NoShowCause;
  outcome: 'penalty' | 'forfeit' | 'exempt';
  exemptReason: ExemptReason | '';
  points: number;
  forfeited: number;
}

export interface RedemptionRow {
  item: RedemptionItem;
  redemptions: number;
  quantity: number;
  points: number;
}

export interface DoorRow {
  id: string;
  at: EpochMs;
  localDate: IsoDate;
  localTime: ClockTime;
  deviceId: string;
  seq: number;
  cardNo: string;
  memberId: string;
  memberName: string;
  roomNo: string;
  decision: DoorDecisionKind;
  reason: DoorReason;
  staffId: string;
  denied: boolean;
}

export interface AuditReport {
  businessDate: IsoDate;
  cutoff: ClockTime;
  arrivals: { total: number; byStatus: Record<ReservationStatus, number> };
  /** The date's one tally (./business-day), as the desk shows it. */
  tally: DayTally;
  checkIns: number;
  noShows: { count: number; charged: number; rows: NoShowRow[] };
  redemptions: RedemptionRow[];
  points: { earned: number; spent: number; penalised: number; forfeited: number };
  door: { granted: number; denied: number; rows: DoorRow[] };
  exceptionsPending: number;
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

export function auditReport(input: AuditReportInput): AuditReport {
  const { businessDate } = input;
  const cutoff = input.cutoff ?? DEFAULT_RULES.door.cutoff;
  const morningEnd = input.morningEnd ?? DEFAULT_DOOR_MORNING_END;
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;

  const arrivals = input.reservations.filter((r) => r.arrivalDate === businessDate);
  const byStatus = Object.fromEntries(RESERVATION_STATUSES.map((s) => [s, 0])) as Record<ReservationStatus, number>;
  for (const r of arrivals) byStatus[r.status] += 1;
  const tally = tallyArrivals(arrivals, businessDate);

  const noShowRows = input.noShows.map((item): NoShowRow => ({
    reservationId: item.reservation.id,
    guestName: item.reservation.guestName,
    memberId: item.reservation.memberId,
    nights: item.reservation.nights,
    cause: item.cause,
    outcome: item.outcome.kind,
    exemptReason: item.outcome.kind === 'exempt' ? item.outcome.reason : '',
    points: item.points,
    forfeited: item.forfeited,
  }));

  const lines = uniqueById(input.ledger.filter((e) => e.businessDate === businessDate));
  const redemptions = REDEMPTION_ITEMS.map((item): RedemptionRow => ({ item, redemptions: 0, quantity: 0, points: 0 }));
  const points = { earned: 0, spent: 0, penalised: 0, forfeited: 0 };
  for (const line of lines) {
    if (line.kind === 'redeem') {
      points.spent += -line.points;
      const row = redemptions.find((r) => line.rule === `redeem.${r.item}`);
      if (row) {
        row.redemptions += 1;
        row.quantity += num(line.params.quantity, 1);
        row.points += -line.points;
      }
    } else if (line.kind === 'penalty') {
      points.penalised += -line.points;
    } else if (line.kind === 'forfeit') {
      points.forfeited += num(line.params.forfeited, 0);
    }
    if (line.points > 0 && line.kind !== 'hold' && line.kind !== 'release' && line.rule !== 'adjust.migration') {
      points.earned += line.points;
    }
  }

  const rows = input.doorEvents
    .filter((e) => e.businessDate === businessDate)
    .map((e): DoorRow => ({
      id: e.id,
      at: e.at,
      localDate: localDateOf(e.at, timeZone),
      localTime: localTimeOf(e.at, timeZone),
      deviceId: e.deviceId,
      seq: e.seq,
      cardNo: e.cardNo,
      memberId: e.memberId,
      memberName: e.memberName,
      roomNo: e.roomNo,
      decision: e.decision,
      reason: e.reason,
      staffId: e.staffId,
      denied: e.decision !== 'granted',
    }))
    .filter((row) => isDoorModeTime(row.localTime, cutoff, morningEnd))
    .sort((a, b) => a.at - b.at || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0) || a.seq - b.seq);

  return {
    businessDate,
    cutoff,
    arrivals: { total: tally.total, byStatus },
    tally,
    checkIns: tally.arrived,
    noShows: {
      count: noShowRows.filter((r) => r.cause === 'not-arrived').length,
      charged: noShowRows.filter((r) => r.outcome !== 'exempt').length,
      rows: noShowRows,
    },
    redemptions,
    points,
    door: { granted: rows.filter((r) => !r.denied).length, denied: rows.filter((r) => r.denied).length, rows },
    exceptionsPending: input.exceptionsPending,
  };
}

const CAUSES: readonly NoShowCause[] = ['not-arrived', 'cancelled'];
const EXEMPTS: readonly ExemptReason[] = ['same-day-after-18', 'cancelled-in-free-window', 'no-member', 'cancel-time-unknown'];

/** Every label key `reportToCsv` looks up. */
export const REPORT_LABEL_KEYS = [
  'title', 'businessDate', 'cutoff',
  'section.arrivals', 'col.status', 'col.count', ...RESERVATION_STATUSES.map((s) => `status.${s}` as const),
  'arrivals.total', 'checkIns',
  'section.noShows', 'noShows.count', 'noShows.charged', 'col.reservation', 'col.guest', 'col.member', 'col.nights', 'col.cause',
  'col.outcome', 'col.points', 'col.forfeited', ...CAUSES.map((c) => `cause.${c}` as const),
  'outcome.penalty', 'outcome.forfeit', ...EXEMPTS.map((e) => `exempt.${e}` as const),
  'section.redemptions', 'col.item', 'col.redemptions', 'col.quantity', ...REDEMPTION_ITEMS.map((i) => `item.${i}` as const),
  'section.points', 'points.earned', 'points.spent', 'points.penalised', 'points.forfeited',
  'section.door', 'door.granted', 'door.denied', 'col.time', 'col.device', 'col.seq', 'col.card', 'col.name', 'col.room',
  'col.decision', 'col.reason', 'col.staff', 'col.flag', 'flag.denied',
  ...DOOR_DECISIONS.map((d) => `decision.${d}` as const), ...DOOR_REASONS.map((r) => `reason.${r}` as const),
  'section.exceptions', 'exceptions.pending',
] as const;
export type ReportLabelKey = (typeof REPORT_LABEL_KEYS)[number];

/** The report as CSV for Excel: BOM, CRLF, RFC 4180 quoting, texts from `labels`. */
export function reportToCsv(report: AuditReport, labels: Readonly<Partial<Record<ReportLabelKey, string>>>): string {
  const t = (key: ReportLabelKey): string => labels[key] ?? key;
  const rows: CsvCell[][] = [
    [t('title')],
    [t('businessDate'), report.businessDate],
    [t('cutoff'), report.cutoff],
    [],
    [t('section.arrivals')],
    [t('col.status'), t('col.count')],
    ...RESERVATION_STATUSES.map((s): CsvCell[] => [t(`status.${s}`), report.arrivals.byStatus[s]]),
    [t('arrivals.total'), report.arrivals.total],
    [t('checkIns'), report.checkIns],
    [],
    [t('section.noShows')],
    [t('noShows.count'), report.noShows.count],
    [t('noShows.charged'), report.noShows.charged],
    [t('col.reservation'), t('col.guest'), t('col.member'), t('col.nights'), t('col.cause'), t('col.outcome'), t('col.points'), t('col.forfeited')],
    ...report.noShows.rows.map((r): CsvCell[] => [
      r.reservationId, r.guestName, r.memberId, r.nights, t(`cause.${r.cause}`),
      r.exemptReason === '' ? t(r.outcome === 'forfeit' ? 'outcome.forfeit' : 'outcome.penalty') : t(`exempt.${r.exemptReason}`),
      r.points, r.forfeited,
    ]),
    [],
    [t('section.redemptions')],
    [t('col.item'), t('col.redemptions'), t('col.quantity'), t('col.points')],
    ...report.redemptions.map((r): CsvCell[] => [t(`item.${r.item}`), r.redemptions, r.quantity, r.points]),
    [],
    [t('section.points')],
    [t('points.earned'), report.points.earned],
    [t('points.spent'), report.points.spent],
    [t('points.penalised'), report.points.penalised],
    [t('points.forfeited'), report.points.forfeited],
    [],
    [t('section.door')],
    [t('door.granted'), report.door.granted],
    [t('door.denied'), report.door.denied],
    [t('col.time'), t('col.device'), t('col.seq'), t('col.card'), t('col.member'), t('col.name'), t('col.room'),
      t('col.decision'), t('col.reason'), t('col.staff'), t('col.flag')],
    ...report.door.rows.map((r): CsvCell[] => [
      `${r.localDate} ${r.localTime}`, r.deviceId, r.seq, r.cardNo, r.memberId, r.memberName, r.roomNo,
      t(`decision.${r.decision}`), t(`reason.${r.reason}`), r.staffId, r.denied ? t('flag.denied') : '',
    ]),
    [],
    [t('section.exceptions')],
    [t('exceptions.pending'), report.exceptionsPending],
  ];
  return toCsv(rows);
}
