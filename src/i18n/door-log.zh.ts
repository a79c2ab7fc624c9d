/** The door log's check on the audit screen (Simplified Chinese). Merged into zh.ts as `doorLog`. */
export const doorLogZh = {
  chainGap: '设备 {{device}}：序号 {{range}} 的门禁记录缺失（共 {{n}} 条，可能被删除），其后的记录 {{id}} 仍链接在缺失的记录之后。',
  chainGapEnd: '设备 {{device}}：序号 {{range}} 的门禁记录缺失（共 {{n}} 条，可能被删除），本机记下的最新一条是第 {{to}} 条。',
};
