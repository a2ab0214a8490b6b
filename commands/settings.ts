import { UsageError } from '../src/errors'
import {
  CHAT_SETTINGS,
  DIGEST_DELIVERY,
  DIGEST_MODES,
  getSetting,
  settingsWithDates,
  settingWrite,
} from '../db/queries/settings'
import type { Context } from '../src/handlers'
import { card, esc, md } from '../templates/card'
import { when } from '../templates/format'
import { defineCommand } from '../src/handlers'

const WHICH = {
  周报群: { key: CHAT_SETTINGS.leaders, what: '每周二的周报卡片会同时发到这个群。' },
  联络员群: {
    key: CHAT_SETTINGS.liaisons,
    what: '催报、周五的上报提醒和整改台账的通知（新挂账、销号审核结果、逾期）会发到这个群，并@有关联络员。',
  },
} as const

const USAGE = '/设置 周报群|联络员群 · /设置 周报方式 私聊|群|两者'

export default defineCommand({
  name: '设置',
  summary: '在群里发送，把这个群设为领导周报群或联络员群；设置周报发到哪里',
  usage: USAGE,
  action: 'settings.manage',
  async run(ctx, args) {
    if (args.length === 0) return currentSettings(ctx)
    if (args[0] === '周报方式') return digestDelivery(ctx, args.slice(1).join(''))
    const name = args.join('')
    const which = WHICH[name as keyof typeof WHICH]
    if (!which) {
      throw new UsageError(
        `不认识「${name}」；只发 /设置 可以查看现在的设置。`,
        `在那个群里发送 @${ctx.config.lark.botName} ${USAGE}`,
      )
    }
    if (ctx.chat.type !== 'group') {
      throw new UsageError(
        `${name}要在那个群里设置。`,
        `请把机器人拉进群，在群里发送 @${ctx.config.lark.botName} /设置 ${name}`,
      )
    }
    ctx.stage(settingWrite(which.key, ctx.chat.id, ctx.now))
    return card({
      title: `已设为${name}`,
      colour: 'green',
      elements: [md(`这个群已设为${name}。${which.what}`)],
    })
  },
})

/** A bare /设置: what is set now, and how each is changed. */
async function currentSettings(ctx: Context) {
  const at = `@${esc(ctx.config.lark.botName)} `
  const set = await settingsWithDates(ctx.db, [
    ...Object.values(WHICH).map((w) => w.key),
    DIGEST_DELIVERY,
  ])
  const chats = Object.entries(WHICH).map(([name, w]) => {
    const chat = set.get(w.key)
    const state = chat ? `已设置（${when(chat.at)}）` : "<font color='orange'>未设置</font>"
    return `**${name}**：${state}\n在那个群里发送 ${at}/设置 ${name}`
  })
  const mode = set.get(DIGEST_DELIVERY)?.value ?? (set.has(WHICH.周报群.key) ? 'group' : 'private')
  const delivery = `**周报方式**：${MODE_TEXT[mode as keyof typeof MODE_TEXT]}${set.has(DIGEST_DELIVERY) ? '' : '（默认）'}\n改用：/设置 周报方式 私聊|群|两者`
  return card({
    title: '当前设置',
    elements: [md([...chats, delivery].join('\n\n'))],
  })
}

const MODE_TEXT = {
  private: '每位领导私聊收到周报卡片',
  group: '周报卡片只发到领导周报群',
  both: '周报卡片发到领导周报群，每位领导也私聊收到一份',
} as const

/** Where the Tuesday digest goes: privately, to the leaders' group, or both. */
async function digestDelivery(ctx: Context, word: string) {
  const mode = DIGEST_MODES[word as keyof typeof DIGEST_MODES]
  const group = await getSetting(ctx.db, CHAT_SETTINGS.leaders)
  if (!mode) {
    const current = await getSetting(ctx.db, DIGEST_DELIVERY)
    const now = MODE_TEXT[(current ?? (group ? 'group' : 'private')) as keyof typeof MODE_TEXT]
    throw new UsageError(
      `请写周报怎么发：私聊、群 或 两者（现在：${now}${current ? '' : '，默认'}）。`,
      '例：/设置 周报方式 群',
    )
  }
  ctx.stage(settingWrite(DIGEST_DELIVERY, mode, ctx.now))
  const noGroup =
    mode !== 'private' && !group
      ? `\n还没有设置领导周报群，设置之前仍私聊发送：请在领导群里发送 @${ctx.config.lark.botName} /设置 周报群`
      : ''
  return card({
    title: '已设置周报方式',
    colour: 'green',
    elements: [md(`${MODE_TEXT[mode]}。${noGroup}`)],
  })
}
