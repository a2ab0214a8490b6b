import { card, esc, md } from './card'

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
