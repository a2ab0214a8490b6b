import type { JobResult } from '../jobs'

const JOB_LABELS: Record<string, string> = {
  digest: '周报',
  remind: '催报提醒',
  overdue: '整改提醒',
  sweep: '补处理',
}

/** A job's result as the console says it: what went out now, in all, and what is left. */
export function jobSummary(r: JobResult): string {
  const label = `${JOB_LABELS[r.job] ?? r.job}（${r.period}）`
  if (r.skipped) return `${label}：没有发送，${r.skipped}。`
  const parts = [r.sent > 0 ? `本次发出 ${r.sent} 条` : '本次没有要发的消息']
  if (r.served !== undefined && r.served !== r.sent) parts.push(`本期累计已发 ${r.served} 条`)
  if (r.pending) parts.push(`${r.pending} 条稍后补发`)
  if (r.failed) parts.push(`${r.failed} 条发送失败`)
  return `${label}：${parts.join('，')}。`
}
