import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
})
afterEach(() => bot.close())

describe('/指标', () => {
  it('says what each figure means and who gives it', async () => {
    const text = cardText(await bot.say(zhang, '/指标'))
    expect(text).toContain('累计：集中学习·次（学习）')
    expect(text).toContain('存量：处级干部制定计划·名；个人学习计划·个；支部学习计划·个')
    expect(text).toContain('办公室填报：抽调干部·名；制定方案·个（方案）')
    expect(text).toContain('整改台账：梳理问题·项（问题）；整改措施·项')
    expect(text).toContain('**存量**：报现有的总数')
    expect(text).toContain('**办公室填报**：主题教育办用 /填报 填写')
  })
})
