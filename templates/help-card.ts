import type { Command } from '../src/handlers'
import { can, ROLE_NAMES, type Actor } from '../src/domain/permissions'
import { card, clip, esc, hr, md } from './card'
import { LIAISON_STEPS, LEADER_STEPS, OFFICE_STEPS, STRANGER_STEPS, type Step } from './help-guides'

/** What this person may run, so nobody is shown commands that would be refused. */
export const runnable = (commands: readonly Command<unknown>[], actor: Actor) =>
  commands.filter((c) => can(actor, c.action))

export type HelpVars = {
  actor: Actor
  botName: string
  /** In a group every example carries the bot's @, without which Lark does not deliver it. */
  inGroup: boolean
  /** The unit the reader reports for, if any. */
  unitName: string | null
}

/** /帮助: what this reader does in a week, in the order they need it; the office also gets every command. */
export function helpCard(commands: readonly Command<unknown>[], vars: HelpVars) {
  const { actor, unitName } = vars
  const mine = new Set(runnable(commands, actor).map((c) => c.name))
  const guide = (steps: Step[]) => stepsText(steps, mine, vars)
  const liaison = unitName !== null && can(actor, 'report.write')
  const sections = {
    admin: [guide(OFFICE_STEPS), `**全部命令**\n${reference(runnable(commands, actor))}`],
    leader: [
      guide(LEADER_STEPS),
      ...(liaison ? [`**你也是「${esc(unitName)}」的联络员**\n${guide(LIAISON_STEPS)}`] : []),
    ],
    liaison: [guide(LIAISON_STEPS)],
    stranger: [guide(STRANGER_STEPS)],
  }[actor.role]
  return card({
    title: '主题教育统计机器人 · 使用说明',
    subtitle: whoText(vars),
    elements: [...sections.map(md), hr(), md(footer(vars))],
  })
}

function whoText({ actor, unitName }: HelpVars) {
  if (actor.role === 'stranger') return '你还没有绑定参学单位'
  const unit = unitName ? `「${unitName}」的联络员` : ''
  if (actor.role === 'liaison') return `你是${unit}`
  return `你的身份：${ROLE_NAMES[actor.role]}${unit ? `，也是${unit}` : ''}`
}

/** Numbered steps; a step without a title continues the one before it. */
function stepsText(steps: Step[], mine: ReadonlySet<string>, vars: HelpVars) {
  const at = vars.inGroup ? `@${esc(vars.botName)} ` : ''
  const blocks: string[][] = []
  for (const step of steps.filter((s) => mine.has(s.command))) {
    const lines = step.examples.map((e) => `**${at}${esc(e.text)}**　${esc(e.what)}`)
    if (step.title || blocks.length === 0)
      blocks.push([`**${blocks.length + 1}. ${esc(step.title)}**`])
    blocks.at(-1)!.push(...lines)
  }
  return blocks.map((b) => b.join('\n')).join('\n\n')
}

const reference = (commands: readonly Command<unknown>[]) =>
  commands.map((c) => `**${esc(c.usage)}**\n${esc(c.summary)}`).join('\n\n')

function footer({ botName, inGroup }: HelpVars) {
  const bot = esc(botName)
  const where = inGroup
    ? `在群里发命令要先 @${bot}（飞书只把 @ 了机器人的群消息交给它）；私聊机器人不用 @。`
    : `私聊直接发命令；在群里发要先 @${bot}，例如 **@${bot} /帮助**。`
  return `${where}数字可写 3、３ 或 三。`
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
