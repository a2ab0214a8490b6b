import { officeFigureRows, officeFigureWrite } from '../db/queries/office-figures'
import { personNames } from '../db/queries/people'
import { catalog } from '../src/domain/catalog'
import { parseOfficeArgs, type OfficeItem } from '../src/domain/office-args'
import { officeFiguresCard } from '../templates/office-cards'
import { defineCommand } from '../src/handlers'

/** The office's own figures (抽调干部, 巡回督导 …), which no unit reports; the latest stands. */
export default defineCommand<OfficeItem[]>({
  name: '填报',
  summary: '填写主题教育办自己的数（抽调干部、巡回督导、报送周报等）；不写数则列出哪些还没填',
  usage: '/填报 [抽调干部 12 …]',
  action: 'office.write',
  parse: (args) => parseOfficeArgs(args, catalog),
  async run(ctx, items) {
    const [rows, nameOf] = await Promise.all([officeFigureRows(ctx.db), personNames(ctx.db)])
    // Rows come oldest first, so each indicator ends on its latest.
    const latest = new Map(rows.map((r) => [r.indicator, r]))
    const changes = items.map(({ indicator, amount }) => ({
      indicator,
      amount,
      before: latest.get(indicator.key)?.amount ?? null,
    }))
    if (items.length > 0) {
      const set = items.map((i) => ({
        indicator: i.indicator.key,
        amount: i.amount,
        setBy: ctx.sender.openId,
        createdAt: ctx.now,
      }))
      ctx.stage(officeFigureWrite(set))
      for (const row of set) latest.set(row.indicator, { ...row, id: 0 })
    }
    const known = (openId: string) => (nameOf(openId) !== openId ? nameOf(openId) : null)
    const lines = catalog.all
      .filter((ind) => ind.kind === 'office')
      .map((indicator) => {
        const row = latest.get(indicator.key)
        const setBy = row && (row.setBy === ctx.sender.openId ? ctx.sender.name : known(row.setBy))
        return {
          indicator,
          latest: row && { amount: row.amount, setBy: setBy || null, at: row.createdAt },
        }
      })
    return officeFiguresCard({ changes, lines })
  },
})
