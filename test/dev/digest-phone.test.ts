import { type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ADMIN_ID, leaderId } from '../../src/dev/demo'
import { ARTIFACTS, noBrowser, openConsole } from './browser-rig'

// Monday 7 December 2026, 08:55 in Shanghai: five minutes before a leader opens the digest.
const MONDAY = new Date('2026-12-07T00:55:00Z')
/** An iPhone 12–15: 390 × 844 CSS px. */
const PHONE = { width: 390, height: 844 }
/**
 * What the first screen may take: the phone's height less Lark's title bar and composer
 * (about 150 px together), so the part above the first fold reads without scrolling.
 */
const ONE_SCREEN = PHONE.height - 150
/** Measured on the demo district: the card from its header to its first folded panel. */
const MEASURED = 626

describe.skipIf(noBrowser)('the digest on a phone', () => {
  let rig: Awaited<ReturnType<typeof openConsole>>
  let server: { url: string }
  let page: Page

  beforeAll(async () => {
    rig = await openConsole({ viewport: PHONE, now: MONDAY })
    ;({ server, page } = rig)
  }, 20_000)
  afterAll(() => rig?.close())

  const lastCard = () => page.locator('.msg-bot .card').last()
  const say = async (text: string) => {
    await page.getByTestId('composer').fill(text)
    await page.getByTestId('composer').press('Enter')
  }
  const become = async (openId: string) => {
    await page.getByTestId('who').selectOption(openId)
    await page.getByTestId('chats').getByRole('button', { name: '与机器人私聊' }).click()
  }

  it('fits what a leader came for in one screen, the rest folded below', async () => {
    await page.goto(`${server.url}/dev`)
    await page.getByTestId('demo').click()
    await expect.poll(() => page.getByTestId('toast').textContent()).toContain('已填入演示数据')
    await become(DEMO_ADMIN_ID)
    for (const typed of [
      '/目标 学习 120',
      '/目标 调研 40',
      '/目标 党课 30',
      '/目标 期限 2027-01-31',
    ]) {
      await say(typed)
      await expect.poll(() => lastCard().textContent()).toContain('目标')
    }
    await become(leaderId(0))
    await say('/周报')
    await expect.poll(() => lastCard().textContent()).toContain('主题教育周报')
    const card = lastCard()
    await card.screenshot({ path: `${ARTIFACTS}/digest-phone.png` })
    const height = await card.evaluate((node) => {
      const fold = node.querySelector('.panel-collapse')!
      return fold.getBoundingClientRect().top - node.getBoundingClientRect().top
    })
    const text = (await card.textContent())!
    console.log(`digest above the fold at ${PHONE.width} px: ${Math.round(height)} px`)
    expect(text.indexOf('上报率')).toBeLessThan(text.indexOf('未上报'))
    expect(height).toBeLessThanOrEqual(ONE_SCREEN)
    expect(Math.abs(height - MEASURED)).toBeLessThan(80)
  }, 60_000)
})
