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
