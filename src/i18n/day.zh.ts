/** The business day (营业日) banner and its one tally (Simplified Chinese). Merged into zh.ts as `day`. */
export const dayZh = {
  label: '营业日',
  banner: '营业日 {{date}}',
  phase: {
    day: '营业中 · {{cutoff}} 起门禁与夜审',
    audit: '夜审时段（{{cutoff}}–{{morning}}）· 门禁中 · 可以夜审',
    overdue: '营业日 {{date}} 尚未夜审，已过 {{morning}}：请尽快完成夜审',
  },
  tally: {
    label: '{{date}} 预抵：',
    total: '合计',
    expected: '待到',
    arrived: '已到',
    noShow: '未到',
    cancelled: '已取消',
  },
  tooEarly: '营业日 {{date}} 的夜审 {{opensOn}} {{opensAt}} 起才能运行（现在 {{now}}）。',
  late: '已过 {{morning}}，夜审迟了：请现在完成，营业日才会滚动。',
  auditPending: '待到 {{count}} 笔：运行夜审时将记为未到。',
};
