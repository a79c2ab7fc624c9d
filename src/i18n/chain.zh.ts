/** A member from another branch, found in the chain's directory (Simplified Chinese). Merged into zh.ts as `chain`. */
export const chainZh = {
  asking: '本店没有这位会员，正在查询集团…',
  results: '集团会员',
  fromChain: '来自集团',
  home: '所属门店：{{branch}}',
  bringIn: '调入本店',
  bringing: '正在调入…',
  broughtIn: '已调入本店，正在同步到本平板…',
  heldHere: '已在本店，正在同步到本平板…',
  notFound: '集团中也没有找到。可以为客人登记新会员。',
  offline: '无法连接集团（离线）：查不到其他门店的会员。仍可照常为客人办理入住、登记新会员；同一人的两条记录以后由经理合并。',
  busy: '查询太频繁，请一分钟后再试。',
  unauthorized: '本平板的同步账号被服务器拒绝，无法查询集团。',
  serverError: '集团会员库暂时不可用，请稍后再试。',
  notFoundBringIn: '这位会员已不在集团目录中。',
} as const;
