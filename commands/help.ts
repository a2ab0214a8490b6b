import { helpCard } from '../templates/help-card'
import { unitById } from '../db/queries/units'
import { defineCommand } from '../src/handlers'
import type { Registry } from '../src/handlers'

/** /帮助 names only commands in the registry that this reader may run, so it cannot drift. */
export function helpCommand(registry: () => Registry) {
  return defineCommand({
    name: '帮助',
    aliases: ['help', '?', '？'],
    summary: '这一周你要做的事和怎么发命令',
    usage: '/帮助',
    action: 'help',
    async run(ctx) {
      const { unitId } = ctx.actor
      const unit = unitId === null ? undefined : await unitById(ctx.db, unitId)
      return helpCard(registry().list, {
        actor: ctx.actor,
        botName: ctx.config.lark.botName,
        inGroup: ctx.chat.type === 'group',
        unitName: unit?.name ?? null,
      })
    },
  })
}
