/** The first start's progress (Simplified Chinese). Merged into zh.ts as `boot`. */
export const bootZh = {
  first: '首次启动：正在本机准备演示分店，之后启动会很快。',
  generate: '正在生成演示分店…',
  staff: '正在设置员工账号…',
  load: '正在写入本机数据库：{{done}} / {{total}} 条',
  progress: '准备进度',
};
