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
    expect(text).toContain('**存量**：报本单位现有的总数（如现有示范岗 5 个），不是本周新增的数')
    expect(text).toContain('**办公室填报**：主题教育办用 /填报 填写')
  })
})

const storedReports = async () =>
  Number((await bot.deps.database.client.execute('select count(*) from reports')).rows[0]![0])

describe('/上报 of a figure the office gives', () => {
  it('is refused whole, saying who sets it and how', async () => {
    const office = cardText(await bot.say(zhang, '/上报 学习 3 抽调干部 2'))
    expect(office).toContain('「抽调干部」由主题教育办用 /填报 填写，单位不用上报')
    expect(office).toContain('整条消息都没有记录')
    const ledger = cardText(await bot.say(zhang, '/上报 问题 4'))
    expect(ledger).toContain('「梳理问题」按整改台账统计，由主题教育办用 /整改 新增 登记')
    expect(await storedReports()).toBe(0)
  })
})

describe('/填报', () => {
  it('lists the office figures, all empty at first', async () => {
    const text = cardText(await bot.say(ADMIN, '/填报'))
    expect(text).toContain('办公室填报的数')
    expect(text).toContain("抽调干部：<font color='red'>未填</font>")
    expect(text).toContain('还有 **7** 项未填，报告草稿里显示为〔待补〕')
  })

  it('sets figures, the latest standing, and says what each replaced', async () => {
    const first = cardText(await bot.say(ADMIN, '/填报 抽调干部 12 督导三 报送周报：5期'))
    expect(first).toContain('已填报 3 项')
    expect(first).toContain('- 抽调干部 12名（原先未填）')
    expect(first).toContain('- 巡回督导 3次（原先未填）')
    expect(first).toContain('- 报送周报 5期（原先未填）')
    expect(first).toContain('还有 **4** 项未填')

    bot.setNow(new Date(FRIDAY.getTime() + 3_600_000))
    const again = cardText(await bot.say(ADMIN, '/填报 抽调干部 15'))
    expect(again).toContain('- 抽调干部 15名（原为 12名）')
    const list = cardText(await bot.say(ADMIN, '/填报'))
    expect(list).toContain('抽调干部：**15名**（11-27 11:00')
    expect(list).toContain('巡回督导：**3次**（11-27 10:00')
    expect(list).toContain("制定方案：<font color='red'>未填</font>")
  })

  it('takes only the office figures, whole message or nothing, from admins only', async () => {
    for (const [typed, says] of [
      ['/填报 学习 3', '「集中学习」由各单位用 /上报 上报'],
      ['/填报 问题 3', '「梳理问题」按整改台账统计'],
      ['/填报 抽调干部 12 没这个 1', '没有找到指标「没这个」'],
      ['/填报 抽调干部', '「抽调干部」后面要写截至目前的总数'],
      ['/填报 抽调干部 十二点五', '后面要写截至目前的总数'],
      ['/填报 抽调干部 1 抽调干部 2', '「抽调干部」写了两次'],
    ]) {
      expect(cardText(await bot.say(ADMIN, typed!)), typed).toContain(says)
    }
    expect(cardText(await bot.say(zhang, '/填报 抽调干部 12'))).toContain('没有权限')
    const stored = await bot.deps.database.client.execute('select count(*) from office_figures')
    expect(stored.rows[0]![0]).toBe(0)
  })
})
