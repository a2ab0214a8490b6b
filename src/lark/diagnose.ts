import type { Answer } from './probe'

/** Where in the open platform (open.feishu.cn → 开发者后台 › 应用) each thing is fixed. */
export const CONSOLE = {
  credentials: '开发者后台 › 应用 › 凭证与基础信息',
  capability: '开发者后台 › 应用 › 添加应用能力 › 机器人，再到 版本管理与发布 发布新版本',
  release: '开发者后台 › 应用 › 版本管理与发布（创建版本并申请发布）',
  scopes: '开发者后台 › 应用 › 开发配置 › 权限管理，开通后到 版本管理与发布 发布新版本',
  availability: '开发者后台 › 应用 › 版本管理与发布 › 可用范围，改后发布新版本',
} as const

/** activate_status of /bot/v3/info, as its page lists them; 2 is the one that works. */
const ACTIVATE_STATUS: Record<number, string> = {
  0: '初始化，企业待安装',
  1: '企业已停用',
  3: '安装后待启用',
  4: '升级待启用',
  5: 'license 过期停用',
  6: '套餐到期或降级停用',
}

const codeOf = (a: Answer) => (a.code === -1 ? `连不上 Lark：${a.msg}` : `${a.code} ${a.msg}`)

/** The scopes a 99991672 names ("One of the following scopes is required: [a, b]"). */
function missingScope(a: Answer): string | null {
  if (a.code !== 99991672) return null
  const listed = a.msg.match(/\[([^\]]+)\]/)?.[1]
  return `缺少权限${listed ? `（开通其一：${listed}）` : ''}，去 ${CONSOLE.scopes}`
}

/** What a refused token means (generic error codes 10014, 10015, 10003). */
export function tokenProblem(a: Answer): string | null {
  if (a.code === 0 && a.tenant_access_token) return null
  if (a.code === 10015)
    return `LARK_APP_SECRET 不对（Lark：wrong app secret），去 ${CONSOLE.credentials} 复制 App Secret`
  if (a.code === 10014)
    return `应用已停用（Lark：app unauthorized），去 ${CONSOLE.release} 查看状态`
  return `取不到 tenant_access_token（${codeOf(a)}），核对 LARK_APP_ID、LARK_APP_SECRET 与 LARK_DOMAIN：${CONSOLE.credentials}`
}

/** What /bot/v3/info says about the bot capability and whether the app is published. */
export function botProblem(a: Answer): string | null {
  const bot = a.bot as { activate_status?: number } | undefined
  if (a.code === 11205 || a.code === 232025) return `机器人能力未开启，去 ${CONSOLE.capability}`
  if (a.code !== 0 || !bot) return `取不到机器人信息（${codeOf(a)}），去 ${CONSOLE.capability}`
  const status = bot.activate_status ?? 2
  if (status === 2) return null
  const what = ACTIVATE_STATUS[status] ?? `状态 ${status}`
  return `应用未发布或未启用（activate_status ${status}：${what}），去 ${CONSOLE.release}`
}

/** Whether the bot is still in a group /设置 named; `typed` is what an admin sends to set it. */
export function groupProblem(a: Answer, name: string, chatId: string, typed: string) {
  const scope = missingScope(a)
  if (scope) return `查不了${name}：${scope}`
  const rejoin = `把机器人加回该群，再由管理员在群里发 ${typed}`
  if (a.code === 232006) return `${name} ${chatId} 已不存在（解散或 ID 无效）：换一个群，${rejoin}`
  if (a.code !== 0) return `查不了${name} ${chatId}（${codeOf(a)}）`
  const data = a.data as { is_in_chat?: boolean } | undefined
  return data?.is_in_chat ? null : `机器人已不在${name} ${chatId}：${rejoin}`
}

/** Whether a private message reached an admin: 230013 is outside the app's 可用范围. */
export function adminProblem(a: Answer, openId: string): string | null {
  if (a.code === 0) return null
  const scope = missingScope(a)
  if (scope) return `无法私聊管理员 ${openId}：${scope}`
  if (a.code === 230013)
    return `管理员 ${openId} 不在应用的可用范围内，私聊发不到，去 ${CONSOLE.availability}`
  return `无法私聊管理员 ${openId}（${codeOf(a)}）：open_id 须取自本应用（ADMIN_OPEN_IDS）`
}
