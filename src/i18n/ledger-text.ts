/**
 * What a clerk reads to the guest for each points ledger line and each
 * engine note, in Simplified Chinese and English. Keys are flat:
 * `rule.<rule code>` for ledger lines, `note.<note code>` for notes; values
 * use i18next interpolation over the line's `params` (every line's params
 * also carry `points`). The key type is built from the domain's code lists,
 * so a missing text is a compile error as well as a test failure.
 *
 * The keys contain dots: register these resources with `keySeparator: false`
 * (or rely on i18next's default flat-key fallback, `ignoreJSONStructure`).
 */
import type { NoteCode, RuleCode } from '../domain/rules';

export type LedgerTextKey = `rule.${RuleCode}` | `note.${NoteCode}`;
export type LedgerTexts = Readonly<Record<LedgerTextKey, string>>;

export function ruleTextKey(rule: RuleCode): LedgerTextKey {
  return `rule.${rule}`;
}

export function noteTextKey(note: NoteCode): LedgerTextKey {
  return `note.${note}`;
}

const zh: LedgerTexts = {
  'rule.stay': '入住积分：{{nights}}晚 × 每晚房费{{yuan}}元 × 每元{{pointsPerYuan}}分 = {{points}}分',
  'rule.new-member': '新会员奖励：入住积分{{stayPoints}}分按{{multiplier}}倍计算（向下取整），额外获得{{points}}分',
  'rule.booking.ordinary': '官方渠道预订积分：{{bookings}}笔预订 × 每笔{{perBooking}}分 = {{points}}分',
  'rule.booking.premium': '高级会员官方渠道预订积分：{{nights}}晚 × 每晚房费{{yuan}}元 × {{multiplier}}倍 = {{points}}分',
  'rule.booking-for-other': '为他人代订：本次积分合计{{before}}分 ÷ {{divisor}}（向下取整）= {{after}}分，扣减{{deducted}}分',
  'rule.voucher.7nights': '住七送一：{{windowDays}}天内累计付费入住满{{paidNights}}晚，获赠免费房券{{vouchers}}张',
  'rule.suggestion': '您的建议已被采纳，奖励{{points}}分',
  'rule.redeem.milk': '兑换睡前牛奶{{quantity}}份，扣除{{cost}}分',
  'rule.redeem.toiletries': '兑换旅行套装{{quantity}}套，扣除{{cost}}分',
  'rule.redeem.lateCheckout': '兑换延迟退房{{quantity}}小时 × 每小时{{unitPoints}}分，扣除{{cost}}分',
  'rule.redeem.freeNight': '兑换任意分店大床房免费住一晚，扣除{{cost}}分',
  'rule.redeem.memberCard': '兑换7天会会员实卡一张，扣除{{cost}}分',
  'rule.guarantee.hold': '积分担保延迟入住：冻结{{held}}分（每{{perHour}}分多保留1小时），房间保留到{{until}}',
  'rule.guarantee.release': '客人已到店，担保冻结的{{released}}分已退回',
  'rule.guarantee.forfeit': '预订未到，担保冻结的{{forfeited}}分不予退回（不再另扣未到积分）',
  'rule.no-show': '预订未到：{{nights}}晚 × 每晚{{perNight}}分，扣除{{deducted}}分',
  'rule.adjust.migration': '旧系统迁移余额 {{points}}分',
  'rule.adjust.reversal': '店长冲正一笔积分兑换，退回{{points}}分',
  'rule.adjust.writeOff': '店长核销积分透支：余额{{balanceBefore}}分，补足{{points}}分',
  'rule.adjust.mergeOut': '同一人的两条会员记录合并：{{points}}分转入会员 {{into}}',
  'rule.adjust.mergeIn': '同一人的两条会员记录合并：从会员 {{from}} 转入{{points}}分',
  'note.no-member': '非会员入住，不累计积分',
  'note.rate.non-member': '本次未按会员价入住，{{nights}}晚不累计入住积分',
  'note.channel.not-own': '本次不是通过7天官方渠道预订的，没有预订积分',
  'note.extension.no-points': '续住的{{nights}}晚不是通过官方渠道提前预订的，不累计积分',
  'note.extension.earns': '续住的{{nights}}晚是通过官方渠道提前预订的，计入入住积分，并算作一次预订',
  'note.early-departure': '提前退房：预订{{booked}}晚，实住{{stayed}}晚，只按实住的晚数累计积分（原预订保留备查）',
  'note.no-show.same-day-exempt': '当天{{after}}以后的预订，未到店不扣积分',
  'note.redeem.insufficient': '积分不足：需要{{cost}}分，还差{{shortBy}}分',
  'note.redeem.quantity': '兑换数量不正确，本项每次最多兑换{{max}}',
  'note.guarantee.insufficient': '可用积分不足：担保需要{{points}}分，还差{{shortBy}}分',
  'note.guarantee.quantity': '担保时长须为整小时，至少1小时',
  'note.guarantee.past-latest': '担保后将保留到{{until}}，超过了最晚{{latest}}的限制；最多可担保{{maxHours}}小时',
};

const en: LedgerTexts = {
  'rule.stay': 'Stay points: {{nights}} night(s) × ¥{{yuan}} room rate × {{pointsPerYuan}} point(s) per yuan = {{points}} points',
  'rule.new-member': 'New member bonus: stay points {{stayPoints}} × {{multiplier}} (rounded down) gives {{points}} extra points',
  'rule.booking.ordinary': 'Booking points for booking direct: {{bookings}} booking(s) × {{perBooking}} points = {{points}} points',
  'rule.booking.premium': 'Premium member booking points for booking direct: {{nights}} night(s) × ¥{{yuan}} room rate × {{multiplier}} = {{points}} points',
  'rule.booking-for-other': 'Booked for someone else: this stay\'s {{before}} points ÷ {{divisor}} (rounded down) = {{after}} points, {{deducted}} points deducted',
  'rule.voucher.7nights': 'Stay 7, get 1 free: {{paidNights}} paid nights within {{windowDays}} days earn {{vouchers}} free-night voucher(s)',
  'rule.suggestion': 'Your suggestion was adopted: {{points}} points',
  'rule.redeem.milk': 'Redeemed bedtime milk × {{quantity}}: {{cost}} points',
  'rule.redeem.toiletries': 'Redeemed travel toiletry kit × {{quantity}}: {{cost}} points',
  'rule.redeem.lateCheckout': 'Redeemed late checkout: {{quantity}} hour(s) × {{unitPoints}} points = {{cost}} points',
  'rule.redeem.freeNight': 'Redeemed a free night in a king room at any branch: {{cost}} points',
  'rule.redeem.memberCard': 'Redeemed a physical 7 Days member card: {{cost}} points',
  'rule.guarantee.hold': 'Late-arrival guarantee: {{held}} points on hold (one extra hour per {{perHour}} points), room held until {{until}}',
  'rule.guarantee.release': 'Guest arrived: the {{released}} guarantee points on hold are returned',
  'rule.guarantee.forfeit': 'No-show: the {{forfeited}} guarantee points on hold are forfeited (no separate no-show penalty)',
  'rule.no-show': 'No-show: {{nights}} night(s) × {{perNight}} points = {{deducted}} points deducted',
  'rule.adjust.migration': 'Balance migrated from the legacy system: {{points}} points',
  'rule.adjust.reversal': 'Manager reversed a redemption: {{points}} points returned',
  'rule.adjust.writeOff': 'Manager wrote off a points overdraft: balance {{balanceBefore}}, {{points}} points credited',
  'rule.adjust.mergeOut': 'Two records of one person merged: {{points}} points moved to member {{into}}',
  'rule.adjust.mergeIn': 'Two records of one person merged: {{points}} points from member {{from}}',
  'note.no-member': 'Not a member: no points for this stay',
  'note.rate.non-member': 'Not stayed at the member rate: no stay points for {{nights}} night(s)',
  'note.channel.not-own': 'Not booked through a 7 Days own channel: no booking points',
  'note.extension.no-points': 'The {{nights}} extension night(s) were not booked in advance through an own channel: no points',
  'note.extension.earns': 'The {{nights}} extension night(s) were booked in advance through an own channel: they earn stay points and count as a booking',
  'note.early-departure': 'Early departure: {{booked}} night(s) booked, {{stayed}} stayed; points for the nights stayed only (the booking is kept on record)',
  'note.no-show.same-day-exempt': 'Booked on the day after {{after}}: no no-show penalty',
  'note.redeem.insufficient': 'Not enough points: {{cost}} needed, {{shortBy}} short',
  'note.redeem.quantity': 'Invalid quantity: at most {{max}} per redemption',
  'note.guarantee.insufficient': 'Not enough points for the guarantee: {{points}} needed, {{shortBy}} short',
  'note.guarantee.quantity': 'A guarantee is for whole hours, at least one',
  'note.guarantee.past-latest': 'The room would be held until {{until}}, past the {{latest}} limit; at most {{maxHours}} hour(s) can be guaranteed',
};

export const ledgerText = { zh, en } as const;
