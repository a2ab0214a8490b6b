import { card, esc, md } from './card'
import type { Role } from '../src/domain/permissions'

/** Posted once where the bot was added: what to type first, with the @ Lark needs in groups. */
export function welcomeCard(botName: string) {
  return card({
    title: '主题教育统计机器人已加入本群',
    colour: 'blue',
    elements: [
      md(
        [
          `在群里发命令时请先 @${esc(botName)}，例如：`,
          `**@${esc(botName)} /设置 联络员群**（管理员：把本群设为联络员群，催报发到这里）`,
          `**@${esc(botName)} /设置 周报群**（管理员：把本群设为领导周报群）`,
          `**@${esc(botName)} /上报 学习 3**（联络员：上报本单位本周数字）`,
          `**@${esc(botName)} /帮助**（查看全部命令）`,
        ].join('\n'),
      ),
    ],
  })
}

/** Tells the office, once per chat, that Lark will not take the bot's replies there. */
export function replyRefusedCard(chatId: string, text: string) {
  return card({
    title: '机器人无法在一个会话里回复',
    colour: 'orange',
    elements: [
      md(
        `飞书拒绝了机器人在会话 ${esc(chatId)} 中的回复（常见原因：机器人已被移出该群，或消息已撤回）。` +
          `\n未能回复的消息：${esc(text.slice(0, 200))}`,
      ),
      md(
        "<font color='grey'>该消息的命令已经执行并记录；请把机器人重新拉进群，或请发送人私聊机器人查看结果。此会话以后的同类问题不再提醒。</font>",
      ),
    ],
  })
}

export type GreetingVars = {
  role: Role
  /** The unit the reader reports for, if any. */
  unitName: string | null
}

/**
 * A short hello when someone opens the private chat: who the bot takes them for, and the one
 * thing to do first. In the private chat no @ is needed; the menu opens the same things.
 */
export function greetingCard({ role, unitName }: GreetingVars) {
  const unit = unitName ? `「${esc(unitName)}」的联络员` : ''
  const lines = {
    liaison: [`你好，你是${unit}。`, '发送 **/上报** 取一张填写表，或直接发送 **/上报 学习 3**。'],
    leader: [
      `你好，你的身份是领导${unit ? `，也是${unit}` : ''}。`,
      '发送 **/周报** 看上周的周报，**/未报** 看哪些单位还没报。',
    ],
    admin: [
      `你好，你是主题教育办的管理员${unit ? `，也是${unit}` : ''}。`,
      '发送 **/未报** 催报，**/整改** 看台账，**/帮助** 看全部命令。',
    ],
    stranger: [
      '你好，你还没有绑定参学单位。',
      '发送 **/绑定 单位名称 你的姓名** 申请成为本单位的联络员，管理员同意后即可上报。',
    ],
  }[role]
  return card({
    title: '主题教育统计机器人',
    colour: 'blue',
    elements: [
      md(lines.join('\n')),
      md(
        "<font color='grey'>下方菜单里也有「上报」「进度」「帮助」；发送 /帮助 看这一周要做的事。</font>",
      ),
    ],
  })
}

/** Tells the office that a group /设置 named no longer holds the bot, and what it means. */
export function botRemovedCard(vars: { groupName: string; settings: string[]; botName: string }) {
  const which = vars.settings.join('、')
  const group = vars.groupName ? `「${esc(vars.groupName)}」` : '一个群'
  return card({
    title: `机器人已被移出${which}`,
    colour: 'orange',
    elements: [
      md(
        `机器人已被移出${group}，它原来是${which}，这项设置已清除。` +
          '在重新设置之前，催报、提醒和整改通知不会发到任何群，周报只私聊发给领导。',
      ),
      md(
        `请把机器人拉回群里（或拉进新群），在群里发送 **@${esc(vars.botName)} /设置 ${vars.settings[0]}**。`,
      ),
    ],
  })
}

/**
 * Tells the office, once per id, that Lark does not know an open_id the bot was told to @:
 * cards now show the name instead, and where the id came from is where to fix it.
 */
export function unknownOpenIdCard(openId: string, name: string) {
  return card({
    title: '有一个人员 ID 飞书不认识',
    colour: 'orange',
    elements: [
      md(
        `飞书不认识 **${esc(name)}** 的 open_id：${esc(openId)}（常见原因：ID 抄自其他应用，或此人已离职）。` +
          '\n@ 此人的卡片已改为只显示姓名，此人收不到提醒。',
      ),
      md(
        "<font color='grey'>请让此人私聊机器人发送 /绑定 重新登记，或改正 ADMIN_OPEN_IDS、单位名单里的 ID。此 ID 以后不再提醒。</font>",
      ),
    ],
  })
}

/** Tells the office, once per person, whom to add to the app's 可用范围. */
export function outsideScopeCard(openId: string, name: string) {
  return card({
    title: '有人不在机器人的可用范围内',
    colour: 'orange',
    elements: [
      md(
        `机器人无法私聊 **${esc(name)}**（${esc(openId)}）：此人不在应用的可用范围内。` +
          '\n发给此人的私聊消息已改为在群里 @ 此人。',
      ),
      md(
        "<font color='grey'>请在开发者后台「应用发布 → 版本管理与发布」编辑可用范围，加入此人并发布新版本。此人以后不再提醒。</font>",
      ),
    ],
  })
}

/**
 * Tells the office, once per message, that a reply did not go out within the hour Lark
 * de-duplicates by uuid, so it is not tried again.
 */
export function replyLateCard(chatId: string, text: string) {
  return card({
    title: '机器人有一条回复未能发出',
    colour: 'orange',
    elements: [
      md(
        `机器人一小时内未能在会话 ${esc(chatId)} 中发出回复（飞书暂时无法送达），为免重复发送不再重试。` +
          `\n未能回复的消息：${esc(text.slice(0, 200))}`,
      ),
      md(
        "<font color='grey'>该消息的命令已经执行并记录；请告知发送人用 /记录 或 /进度 查看结果。</font>",
      ),
    ],
  })
}

/**
 * Tells the office, once per run, who did not get a scheduled card within the uuid hour
 * (`recipients`: names, or the group).
 */
export function lateDeliveriesCard(job: string, period: string, recipients: string[]) {
  const shown = recipients.slice(0, 20).map((r) => esc(r))
  const more = recipients.length > shown.length ? ` 等 ${recipients.length} 个` : ''
  return card({
    title: '有消息一小时内未能发出',
    colour: 'orange',
    elements: [
      md(
        `「${esc(job)} ${esc(period)}」有 ${recipients.length} 条消息一小时内未能送达（飞书暂时无法送达），为免重复发送不再重试：` +
          `\n${shown.join('、')}${more}`,
      ),
    ],
  })
}
