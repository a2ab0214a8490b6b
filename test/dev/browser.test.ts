import { type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addRectification } from '../../db/queries/rectifications'
import { rectifications } from '../../db/schema'
import { DEMO_ADMIN_ID, leaderId, liaisonId } from '../../src/dev/demo'
import { CATEGORIES } from '../../src/domain/catalog'
import { shanghaiDate } from '../../src/domain/week'
import { card } from '../../templates/card'
import { completionChart, trendChart } from '../../templates/charts'
import { ARTIFACTS, CHROMIUM, noBrowser, openConsole } from './browser-rig'
import type { createConsoleApp } from './console-server'

const skip = noBrowser
const suite = skip
  ? `the console in a real browser (needs ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk)`
  : 'the console in a real browser'

describe.skipIf(skip)(suite, () => {
  let rig: Awaited<ReturnType<typeof openConsole>>
  let consoleApp: Awaited<ReturnType<typeof createConsoleApp>>
  let server: { url: string }
  let page: Page

  beforeAll(async () => {
    rig = await openConsole({ viewport: { width: 1280, height: 900 } })
    ;({ consoleApp, server, page } = rig)
  }, 20_000)
  afterAll(() => rig?.close())

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png` })
  const lastCard = () => page.locator('.msg-bot .card').last()
  // A long card scrolls inside the chat; its own picture shows all of it.
  const cardShot = (name: string) =>
    page
      .locator('.msg-bot')
      .last()
      .screenshot({ path: `${ARTIFACTS}/${name}.png` })
  const say = async (text: string) => {
    await page.getByTestId('composer').fill(text)
    await page.getByTestId('composer').press('Enter')
  }
  const become = async (openId: string, chat: string) => {
    await page.getByTestId('who').selectOption(openId)
    await page.getByTestId('chats').getByRole('button', { name: chat }).click()
  }

  it('fills the demo, reports as a liaison, revokes with a confirmed click', async () => {
    await page.goto(`${server.url}/dev`)
    await page.getByTestId('demo').click()
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('已填入演示数据')

    await become(liaisonId(2, 0), '联络员群')
    await say('@统计机器人 /上报 学习 3')
    await expect.poll(() => lastCard().textContent()).toContain('集中学习 3次')
    await shot('01-liaison-report')

    await lastCard().getByRole('button', { name: /撤销/ }).click()
    await expect.poll(() => page.locator('#dialog-title').textContent()).toContain('撤销')
    await shot('02-revoke-confirm')
    await page.getByTestId('confirm-ok').click()
    await expect.poll(() => page.getByTestId('toast').textContent()).toMatch(/已撤销记录 #\d+/)
    await expect.poll(() => lastCard().textContent()).toContain('已撤销')
    await shot('03-revoked')
  }, 30_000)

  it('pages through the ledger as the office', async () => {
    await addRectifications(consoleApp, 8)
    await become(DEMO_ADMIN_ID, '与机器人私聊')
    await say('/整改')
    await expect.poll(() => lastCard().textContent()).toContain('第 1/2 页')
    await cardShot('04-ledger-page-1')
    await lastCard().getByRole('button', { name: '下一页' }).click()
    await expect.poll(() => lastCard().textContent()).toContain('第 2/2 页')
    await cardShot('05-ledger-page-2')

    // The demo has a leaders' group, where the digest goes by default; each leader privately here.
    await say('/设置 周报方式 私聊')
    await page.locator('[data-job=digest]').click()
    await expect.poll(() => page.getByTestId('job-result').textContent()).toMatch(/本次发出 \d+ 条/)
    await become(leaderId(0), '与机器人私聊')
    await expect.poll(() => lastCard().textContent(), { timeout: 5000 }).toContain('周报')
    await cardShot('06-leader-digest')
    await page
      .locator('.msg-bot')
      .last()
      .getByRole('button', { name: /原始 JSON/ })
      .click()
    const raw = page.locator('.raw-json').last()
    await expect.poll(() => raw.textContent()).toContain('"schema": "2.0"')
    await expect
      .poll(() => page.locator('.raw .hint').last().textContent())
      .toContain('在飞书上限内')
    await raw.scrollIntoViewIfNeeded()
    await shot('07-raw-json')
  }, 30_000)

  it("draws a card's charts with VChart, as the Lark client does", async () => {
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    const sent = card({
      title: '图表',
      elements: [
        trendChart({
          title: '近 8 周关键指标',
          weeks: ['10/12', '10/19', '10/26', '11/02', '11/09', '11/16', '11/23', '11/30'],
          series: [
            { name: '集中学习', values: [3, 5, 4, 6, 2, 7, 8, 5] },
            { name: '书记讲党课', values: [1, 0, 2, 1, 1, 3, 0, 2] },
          ],
        }),
        completionChart({
          title: '各类完成率（%）',
          bars: CATEGORIES.map((name, i) => ({ name, percent: 40 + 15 * i })),
        }),
      ],
    })
    await consoleApp.deps.lark.send({ type: 'open_id', id: leaderId(1) }, sent, 'browser-charts')
    await become(leaderId(1), '与机器人私聊')
    await expect.poll(() => lastCard().locator('.chart canvas').count()).toBe(2)
    // VChart draws after the card is on the page: poll until both canvases carry a chart.
    await expect
      .poll(() => lastCard().locator('canvas').evaluateAll(paintedPixels))
      .toSatisfy((painted: number[]) => painted.every((n) => n > 1000))
    expect(await lastCard().locator('.unsupported, .warning').count()).toBe(0)
    expect(errors).toEqual([])
    await cardShot('08-charts')
  }, 30_000)
})

/** Pixels of each canvas that differ from its top-left corner: what VChart drew on it. */
function paintedPixels(canvases: Element[]) {
  return (canvases as HTMLCanvasElement[]).map((canvas) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
    let painted = 0
    for (let i = 0; i < data.length; i += 4)
      if (data.slice(i, i + 4).some((v, j) => v !== data[j])) painted++
    return painted
  })
}

/** More outstanding items than one page holds, filed through the ledger's own query. */
async function addRectifications(app: Awaited<ReturnType<typeof createConsoleApp>>, n: number) {
  const now = app.deps.clock()
  const [first] = await app.deps.database.db.select().from(rectifications)
  for (let i = 1; i <= n; i++) {
    const item = {
      problem: `窗口服务事项 ${i} 办理时限偏长`,
      source: '群众反映',
      measures: '',
      deadline: shanghaiDate(new Date(now.getTime() + i * 86_400_000)),
      leadLeader: '林国栋',
      leadLeaderOpenId: null,
      unitId: first!.unitId,
    }
    await app.deps.database.write((tx) =>
      addRectification(tx, item, { actor: DEMO_ADMIN_ID, dedupeKey: `browser-${i}` }, now),
    )
  }
}
