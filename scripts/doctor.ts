/**
 * npm run doctor — asks Lark what it can about this app's set-up and prints, in Chinese, what
 * is missing and on which console page it is fixed; exit 0 when all is well, 1 otherwise.
 * Each admin gets one private test message: Lark has no read that says whether the bot may
 * write to someone, so that is learned by writing.
 */
import { officeRecipients } from '../src/delivery/deliver'
import { runCli } from '../src/adapter/node/cli'
import { adminProblem, botProblem, groupProblem, tokenProblem } from '../src/lark/diagnose'
import { createLarkProbe } from '../src/lark/probe'
import { CHAT_SETTINGS, getSettings } from '../db/queries/settings'

const GROUPS = [
  { key: CHAT_SETTINGS.liaisons, name: '联络员群', typed: '@统计机器人 /设置 联络员群' },
  { key: CHAT_SETTINGS.leaders, name: '周报群', typed: '@统计机器人 /设置 周报群' },
]
const TEST_TEXT = '【统计机器人自检】这条消息由 npm run doctor 发出：收到它，说明机器人能私聊你。'

await runCli(async ({ deps }) => {
  const { config } = deps
  const { appId, appSecret, domain } = config.lark
  if (!appId || !appSecret) {
    console.log('✗ 未设置 LARK_APP_ID / LARK_APP_SECRET：这是本地模式，没有可检查的飞书应用')
    process.exitCode = 1
    return
  }
  let problems = 0
  const report = (problem: string | null, fine: string) => {
    if (problem) problems++
    console.log(problem ? `✗ ${problem}` : `✓ ${fine}`)
  }
  const lark = createLarkProbe({ appId, appSecret, domain })
  const token = tokenProblem(await lark.token())
  report(token, `凭证有效：${appId} 取得了 tenant_access_token`)
  if (token) return void (process.exitCode = 1)
  const info = await lark.botInfo()
  const bot = info.bot as { app_name?: string; open_id?: string } | undefined
  report(botProblem(info), `机器人已启用：${bot?.app_name ?? ''}（${bot?.open_id ?? ''}）`)

  const chats = await getSettings(
    deps.database.db,
    GROUPS.map((g) => g.key),
  )
  for (const group of GROUPS) {
    const chatId = chats.get(group.key)
    if (!chatId) {
      console.log(`– 未设置${group.name}：把机器人加进群，由管理员在群里发 ${group.typed}`)
      continue
    }
    const answer = await lark.isInChat(chatId)
    report(groupProblem(answer, group.name, chatId, group.typed), `机器人在${group.name} ${chatId}`)
  }

  const admins = await officeRecipients(deps.database.db, config)
  if (admins.length === 0) report('没有管理员：在 ADMIN_OPEN_IDS 写上本应用看到的 open_id', '')
  for (const admin of admins) {
    const answer = await lark.sendText(admin.id, TEST_TEXT)
    report(adminProblem(answer, admin.id), `能私聊管理员 ${admin.id}（已发一条自检消息）`)
  }
  console.log(problems === 0 ? '全部正常。' : `有 ${problems} 处要处理。`)
  if (problems > 0) process.exitCode = 1
})
