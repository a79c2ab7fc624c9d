/**
 * A handful of complaints and suggestions left by members during recent stays
 * at this branch. An adopted suggestion earns the engine's suggestion points
 * (建议积分, `suggestionAdoptedLine`).
 */
import type { Feedback, FeedbackKind, LedgerEntry } from '../domain/model';
import { suggestionAdoptedLine } from '../domain/points';
import { DEFAULT_RULES } from '../domain/rules';
import { dayOfMs, localMs, MINUTE_MS, ymdOf } from './calendar';
import type { DemoContext } from './context';
import { STREAM_FEEDBACK } from './guests';
import { DEMO_DEVICE_ID, ledgerLine, SYSTEM_STAFF_ID } from './ledger';
import type { MemberRecord } from './members';
import { Rng, subSeed } from './prng';

const COMPLAINTS: readonly string[] = [
  '房间空调噪音很大，晚上几乎睡不着，希望尽快维修。',
  '热水不稳定，洗澡时忽冷忽热，等了十分钟才有热水。',
  '隔音效果差，隔壁房间说话听得很清楚。',
  '前台办理入住排队时间太长，等了二十多分钟。',
  '订的是无烟房，进房间还是有明显的烟味。',
  '临街房间晚上很吵，楼下夜宵店到凌晨还有人。',
  'Wi-Fi 信号弱，晚上经常断线，影响工作。',
  '卫生间地漏有异味，毛巾也不够干净。',
];

const SUGGESTIONS: readonly string[] = [
  '早餐种类少，建议增加一些粥品和广式点心。',
  '建议增加荞麦枕的数量，好几次前台说已经借完了。',
  '建议在电梯口增加充电宝租借点。',
  '希望会员积分可以兑换早餐券。',
  '建议延长自助洗衣房的开放时间。',
  '门禁刷卡器位置偏低，晚上光线也暗，建议调整高度并加装照明。',
  '建议 App 预订时可以选择楼层和安静房间。',
];

export interface FeedbackResult {
  feedback: Feedback[];
  ledger: LedgerEntry[];
}

export function buildFeedback(seed: number, ctx: DemoContext, records: readonly MemberRecord[]): FeedbackResult {
  const rng = new Rng(subSeed(seed, STREAM_FEEDBACK, 0));
  const since = localMs(ctx.today - 180, 0);
  const stays = records.flatMap((rec) => rec.reservations
    .filter((r) => r.checkedInAt >= since)
    .map((r) => ({ rec, r })));
  const wanted = rng.int(7, 10);
  const seen = new Set<MemberRecord>();
  const chosen: typeof stays = [];
  for (const stay of rng.shuffle(stays)) {
    if (chosen.length >= wanted) break;
    if (seen.has(stay.rec)) continue;
    seen.add(stay.rec);
    chosen.push(stay);
  }
  chosen.sort((a, b) => a.r.checkedInAt - b.r.checkedInAt);
  const complaints = rng.shuffle(COMPLAINTS);
  const suggestions = rng.shuffle(SUGGESTIONS);
  const feedback: Feedback[] = [];
  const ledger: LedgerEntry[] = [];
  chosen.forEach(({ rec, r }, k) => {
    const kind: FeedbackKind = k % 2 === 0 ? 'complaint' : 'suggestion';
    const pool = kind === 'complaint' ? complaints : suggestions;
    const text = pool[Math.floor(k / 2) % pool.length] ?? '';
    const createdAt = Math.min(r.checkedOutAt - 10 * MINUTE_MS, r.checkedInAt + rng.int(30, 400) * MINUTE_MS);
    const id = `F${ymdOf(dayOfMs(createdAt))}-${String(k + 1).padStart(3, '0')}`;
    let adoptedAt = 0;
    if (kind === 'suggestion' && rng.chance(0.6)) {
      const at = localMs(dayOfMs(createdAt) + rng.int(1, 14), rng.int(10 * 60, 17 * 60));
      if (at <= ctx.now) adoptedAt = at;
    }
    feedback.push({
      id, memberId: rec.member.id, branchId: ctx.branchId, kind, text, createdAt,
      adopted: adoptedAt > 0, adoptedAt, staffId: SYSTEM_STAFF_ID, deviceId: DEMO_DEVICE_ID,
    });
  });
  // At least one adopted suggestion, for the demo.
  if (!feedback.some((f) => f.adopted)) {
    const f = feedback.find((x) => x.kind === 'suggestion' && x.createdAt + 60 * MINUTE_MS <= ctx.now);
    if (f) {
      f.adopted = true;
      f.adoptedAt = Math.min(ctx.now, f.createdAt + 24 * 60 * MINUTE_MS);
    }
  }
  for (const f of feedback) {
    if (!f.adopted) continue;
    ledger.push(ledgerLine(suggestionAdoptedLine(f.id, DEFAULT_RULES), {
      memberId: f.memberId, branchId: ctx.branchId, reservationId: '', createdAt: f.adoptedAt,
    }));
  }
  return { feedback, ledger };
}
