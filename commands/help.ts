import { helpCard } from '../templates/help-card'
import { defineCommand } from '../src/handlers'
import type { Registry } from '../src/handlers'

/** /帮助 is generated from the registry, so it cannot drift from what the bot understands. */
export function helpCommand(registry: () => Registry) {
  return defineCommand({
    name: '帮助',
    aliases: ['help', '?', '？'],
    summary: '查看全部命令和用法',
    usage: '/帮助',
    action: 'help',
    run: async (ctx) => helpCard(registry().list, ctx.actor, ctx.config.lark.botName),
  })
}
