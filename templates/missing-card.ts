import { z } from 'zod'
import { button, card, clip, esc, hr, md, mention, type Card } from './card'
import { packLines, pageNote } from './card-limits'
import { when } from './format'
import { LAGGING_WEEKS, TREND_WEEKS } from '../src/domain/leaders-view'
import { personLabel } from '../src/domain/names'
import { parseWeekKey } from '../src/domain/week'

export type Liaison = { openId: string; name: string }
/** A unit that has not reported in a week; `missed`: weeks in a row without a report, that one last. */
export type MissingUnit = { id: number; name: string; liaisons: Liaison[]; missed: number }

/** A week a button carries: a real one (2026-W99 is the shape of a week and no week). */
export const weekValue = z.string().refine((key) => parseWeekKey(key) === key)

/**
 * The 一键催报 button's value: the week and the page (1-based) of the /未报 card that showed it;
 * `d` when the digest showed it, whose click answers with a toast and leaves the digest as it is.
 */
export const nudgeValue = z.object({
  a: z.literal('nudge'),
  week: weekValue,
  p: z.number().int().min(1).optional(),
  d: z.literal(1).optional(),
})

export type MissingVars = {
  week: string
  /** What /未报 calls the week (本周 or 上周), to show the command for the next page. */
  word: '本周' | '上周'
  weekLabel: string
  missing: MissingUnit[]
  activeUnits: number
  /** When the liaisons were last reminded about this week today, if they were; by whom, if known. */
  nudgedAt?: Date
  nudgedBy?: string
}

/** What a card shows instead of its 催报 button once the reminder went out. */
const nudgedNote = (at: Date, by?: string) =>
  md(`✅ 已催报 · ${by ? `${mention(by)} · ` : ''}${when(at)}`)

/** What every card holding a live 催报 button for `week` has in its JSON, whatever its page. */
export const nudgeButtonOf = (week: string) => JSON.stringify({ a: 'nudge', week }).slice(0, -1)

const isNudgeButton = (node: Record<string, unknown>) =>
  node.tag === 'button' &&
  (node.behaviors as Array<{ value?: { a?: string } }> | undefined)?.[0]?.value?.a === 'nudge'

/**
 * A card as it was sent (a /未报 page, a digest), its 催报 button replaced by who sent the
 * reminder and when; the rest reads as it did, the figures of that moment included.
 */
export function nudgeSent(sent: Card, at: Date, by: string): Card {
  const note = nudgedNote(at, by)
  const redraw = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(redraw)
    if (!node || typeof node !== 'object') return node
    const element = node as Record<string, unknown>
    if (isNudgeButton(element)) return note
    return Object.fromEntries(Object.entries(element).map(([k, v]) => [k, redraw(v)]))
  }
  return redraw(sent) as Card
}

// The list's share of a card; the header, buttons and notes take well under the rest of 25 KB.
const LIST_BYTES = 20 * 1024
// Names shown per unit on /未报; the reminder itself mentions every liaison.
const MAX_LIAISON_NAMES = 5

function liaisonNames(u: MissingUnit): string {
  if (u.liaisons.length === 0) return "<font color='grey'>未绑定联络员</font>"
  const names = u.liaisons
    .slice(0, MAX_LIAISON_NAMES)
    .map((l) => esc(clip(personLabel(l.name), 20)))
  const more = u.liaisons.length > MAX_LIAISON_NAMES ? ` 等 ${u.liaisons.length} 人` : ''
  return `${names.join('、')}${more}`
}

/** 连续 3 周未报, where a unit has missed more than this week. */
const streakText = (u: MissingUnit) =>
  u.missed >= LAGGING_WEEKS
    ? ` · <font color='red'>连续 ${u.missed}${u.missed >= TREND_WEEKS ? '+' : ''} 周未报</font>`
    : ''

/**
 * /未报: which units have not reported, who their liaisons are, and a 一键催报 button that
 * reminds all of them. A long list is paged (`page` from 1) rather than cut: the office follows
 * up on each unit, so every name stays reachable, and the card says how to see the next page.
 */
export function missingCard(vars: MissingVars, page = 1) {
  const { missing } = vars
  if (missing.length === 0) {
    return card({
      title: `${vars.weekLabel} 全部单位都已上报`,
      colour: 'green',
      elements: [md(`${vars.activeUnits} 个单位都已上报，无需催报。`)],
    })
  }
  const lines = missing.map(
    (u, i) => `${i + 1}. **${esc(u.name)}**${streakText(u)} · 联络员：${liaisonNames(u)}`,
  )
  const pages = packLines(lines, LIST_BYTES)
  const shown = Math.min(page, pages.length)
  return card({
    title: `${vars.weekLabel} 未上报 ${missing.length} / ${vars.activeUnits}`,
    ...(pages.length > 1 ? { subtitle: `第 ${shown}/${pages.length} 页` } : {}),
    colour: 'orange',
    elements: [
      md(pages[shown - 1]!.join('\n')),
      ...(pages.length > 1
        ? [
            md(
              pageNote(
                `共 ${missing.length} 个单位未上报`,
                shown,
                pages.length,
                (p) => `/未报 ${vars.word} ${p}`,
              ),
            ),
          ]
        : []),
      hr(),
      vars.nudgedAt
        ? nudgedNote(vars.nudgedAt, vars.nudgedBy)
        : button({
            text: '一键催报',
            type: 'primary',
            value: { a: 'nudge', week: vars.week, p: shown } satisfies z.infer<typeof nudgeValue>,
            confirm: {
              title: '一键催报',
              text: `在联络员群里 @ 全部 ${missing.length} 个未上报单位的联络员，确定吗？`,
            },
          }),
    ],
  })
}

/** The reminder's 无 button: the clicker's unit had nothing to report in `week`. */
export const nothingValue = z.object({
  a: z.literal('nothing'),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
})

const OPEN_ID = /^ou_[\w-]+$/

function remindLine(u: MissingUnit): string {
  const ats = u.liaisons.filter((l) => OPEN_ID.test(l.openId)).map((l) => mention(l.openId))
  return `- **${esc(u.name)}** ${ats.length > 0 ? ats.join(' ') : '（未绑定联络员）'}`
}

/**
 * The reminder posted in the liaisons' group: @mentions only the missing units' liaisons. Every
 * missing unit must be reached, so a long list is split across messages, each saying which
 * units it holds and that more follow. Each carries the example with the @ of the bot, without
 * which Lark does not deliver a group message.
 */
export function remindCards(vars: {
  week: string
  weekLabel: string
  missing: MissingUnit[]
  botName: string
  /** The week is last week: the example says 上周, or the figures would land in this one. */
  late?: boolean
}): Card[] {
  const say = `@${esc(vars.botName)} /上报 ${vars.late ? '上周 ' : ''}`
  const total = vars.missing.length
  const parts = packLines(vars.missing.map(remindLine), LIST_BYTES)
  const ends = parts.map((_, i) => parts.slice(0, i + 1).flat().length)
  return parts.map((lines, i) => {
    const [from, to] = [ends[i]! - lines.length + 1, ends[i]!]
    const intro =
      parts.length > 1
        ? `以下是还没有上报${vars.weekLabel}数据的第 ${from}—${to} 个单位（共 ${total} 个）：`
        : `以下单位还没有上报${vars.weekLabel}的数据：`
    return card({
      title: parts.length > 1 ? `上报提醒（${i + 1}/${parts.length}）` : '上报提醒',
      subtitle: vars.weekLabel,
      colour: 'orange',
      elements: [
        md(`${intro}\n${lines.join('\n')}`),
        ...(to < total ? [md(`另有 ${total - to} 个单位，见第 ${i + 2} 条消息。`)] : []),
        hr(),
        md(
          `请尽快在本群上报，例：**${say}学习 3 党课 1**\n这一周没有可报的数，点下面的按钮或发 **${say}无**，计为已上报。`,
        ),
        button({
          text: '本单位这一周无新增',
          value: { a: 'nothing', week: vars.week } satisfies z.infer<typeof nothingValue>,
          confirm: {
            title: '报「无」',
            text: `确认本单位${vars.weekLabel}没有可报的数吗？计为已上报，不增加任何数。`,
          },
        }),
      ],
    })
  })
}
