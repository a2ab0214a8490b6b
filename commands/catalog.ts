import { catalog } from '../src/domain/catalog'
import { catalogCard } from '../templates/report-cards'
import { defineCommand } from '../src/handlers'

export default defineCommand({
  name: '指标',
  summary: '全部统计指标和可用简称',
  usage: '/指标',
  action: 'catalog.read',
  run: async (ctx) =>
    catalogCard(catalog, ctx.chat.type === 'group' ? `@${ctx.config.lark.botName} ` : ''),
})
