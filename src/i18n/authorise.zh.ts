/** A manager's PIN entered in place on a clerk's session (Simplified Chinese). Merged into zh.ts as `authorise`. */
export const authoriseZh = {
  title: '经理授权',
  offer: '经理授权',
  intro: '此操作需要经理授权：请经理输入 PIN。仅授权这一项操作，完成后仍是 {{name}} 在班。',
  who: '授权经理',
  pin: '经理 PIN',
  confirm: '授权并执行',
  pickManager: '请选择授权的经理。',
  noManager: '本机没有可以授权的经理账号。',
  notAllowed: '该员工不能授权此操作。',
  undoneBy: '已撤销，退回 {{points}} 分（经理 {{name}} 授权）。',
  recentForClerk: '可撤销的兑换（需经理授权）',
  doneBy: '{{text}}（经理 {{name}} 授权）',
  reviewForClerk: '以下处理需经理授权：点处理后请经理输入 PIN，仅授权这一项，仍是你在班。',
};
