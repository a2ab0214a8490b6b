import { UsageError } from '../src/errors'
import { CHAT_SETTINGS, getSetting, setSetting } from '../db/queries/settings'
import { card, md } from '../templates/card'
import { defineCommand } from './define'

const WHICH = {
  周报群: { key: CHAT_SETTINGS.leaders, what: '每周二的周报卡片会同时发到这个群。' },
  联络员群: { key: CHAT_SETTINGS.liaisons, what: '催报和周五的上报提醒会发到这个群。' },
} as const

const USAGE = '/设置 周报群|联络员群'

export default defineCommand({
  name: '设置',
  summary: '在群里发送，把这个群设为领导周报群或联络员群',
  usage: USAGE,
  action: 'settings.manage',
  async run(ctx, args) {
    const name = args.join('')
    const which = WHICH[name as keyof typeof WHICH]
    if (!which) {
      const current = await Promise.all(
        Object.entries(WHICH).map(
          async ([n, w]) => `${n}：${(await getSetting(ctx.db, w.key)) ? '已设置' : '未设置'}`,
        ),
      )
      throw new UsageError(
        `请写明要设置哪个群（${current.join('，')}）。`,
        `在那个群里发送 @${ctx.config.lark.botName} ${USAGE}`,
      )
    }
    if (ctx.chat.type !== 'group') {
      throw new UsageError(
        `${name}要在那个群里设置。`,
        `请把机器人拉进群，在群里发送 @${ctx.config.lark.botName} /设置 ${name}`,
      )
    }
    await setSetting(ctx.db, which.key, ctx.chat.id, ctx.now)
    return card({
      title: `已设为${name}`,
      colour: 'green',
      elements: [md(`这个群已设为${name}。${which.what}`)],
    })
  },
})
