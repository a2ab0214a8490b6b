import type { Command } from '../src/handlers'
import { can, ROLE_NAMES, type Actor } from '../src/domain/permissions'
import { card, clip, esc, hr, md } from './card'

/** What this person may run, so nobody is shown commands that would be refused. */
const runnable = (commands: readonly Command<unknown>[], actor: Actor) =>
  commands.filter((c) => can(actor, c.action))

export function helpCard(commands: readonly Command<unknown>[], actor: Actor, botName: string) {
  const lines = runnable(commands, actor).map((c) => `**${esc(c.usage)}**\n${esc(c.summary)}`)
  return card({
    title: '主题教育统计机器人 · 使用说明',
    subtitle: `你的身份：${ROLE_NAMES[actor.role]}`,
    elements: [
      md(lines.join('\n\n')),
      hr(),
      md(
        `命令以 / 开头。在群里要先 @${esc(botName)}（飞书只把 @ 了机器人的群消息交给它），` +
          `例如 **@${esc(botName)} /帮助**；私聊直接发命令。数字可写 3、３ 或 三。`,
      ),
    ],
  })
}

// Characters of what someone typed that a card repeats, and of an error message: escaped, even
// a message of nothing but special characters stays far under a card's 25 KB.
const MAX_ECHO = 50
const MAX_MESSAGE = 1500

/** The answer to something that is not a command we know. */
export function unknownCommandCard(
  typed: string,
  commands: readonly Command<unknown>[],
  actor: Actor,
) {
  const names = runnable(commands, actor).map((c) => `/${c.name}`)
  return card({
    title: '没有这个命令',
    colour: 'orange',
    elements: [
      md(
        `${typed ? `不认识「${esc(clip(typed, MAX_ECHO))}」。` : ''}可用的命令：${esc(names.join('  '))}\n发送 **/帮助** 查看每个命令的用法。`,
      ),
    ],
  })
}

/**
 * What went wrong, and what to type instead. A message can quote what was typed or list what
 * matched it (every unit a word names), so it is cut well inside a card.
 */
export function errorCard(message: string, hint?: string, title = '未能完成') {
  const line = (text: string) => esc(clip(text, MAX_MESSAGE))
  return card({
    title,
    colour: 'red',
    elements: [md(line(message)), ...(hint ? [md(`<font color='grey'>${line(hint)}</font>`)] : [])],
  })
}
