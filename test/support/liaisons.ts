import { ADMIN, type TestBot } from './bot'

export const zhang = { openId: 'ou_zhang', name: '张三' }
export const wang = { openId: 'ou_wang', name: '王五' }
export const li = { openId: 'ou_li', name: '李四' }

/** Two units as the admin sets them up in chat: 区财政局 (张三, 王五) and 区教育局 (李四). */
export async function twoUnits(bot: TestBot) {
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [wang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
}
