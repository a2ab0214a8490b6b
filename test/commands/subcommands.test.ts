import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cardText, type TestBot } from '../support/bot'
import { ADMIN, leader, rectificationBot, zhang } from './rectification-support'

let bot: TestBot
beforeEach(async () => {
  bot = await rectificationBot()
})
afterEach(() => bot.close())

describe('subcommand words', () => {
  it('answers a word /单位 does not know with what to type', async () => {
    const text = cardText(await bot.say(ADMIN, '/单位 胡说'))
    expect(text).toContain('不认识「胡说」。')
    expect(text).toContain('用法：/单位 添加 名称… &#124; 列表 &#91;页码&#93; &#124; 改名 旧 新')
  })

  it('lists the units for a bare /单位', async () => {
    expect(cardText(await bot.say(ADMIN, '/单位'))).toContain('1. 区财政局 · 联络员：张三')
  })

  it('refuses a subcommand that needs more rights before reading its words', async () => {
    expect(cardText(await bot.say(leader, '/单位 停用'))).toBe(
      "未能完成\n只有管理员可以修改单位。\n<font color='grey'>发送 /帮助 查看你可以用的命令。</font>",
    )
    expect(cardText(await bot.say(zhang, '/整改 新增'))).toContain('只有主题教育办可以新增整改事项')
  })

  it('reads a word /整改 does not know as what to list, even one an object inherits', async () => {
    expect(cardText(await bot.say(ADMIN, '/整改 区财政局 逾期'))).toContain('没有逾期的整改事项。')
    expect(cardText(await bot.say(ADMIN, '/整改 toString'))).toContain('没有找到单位「toString」')
  })
})
