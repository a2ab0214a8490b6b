import { describe, expect, it } from 'vitest'
import { parseCommandLine, type MessageMention } from '../../src/domain/command-line'

const bot: MessageMention = { key: '@_user_1', openId: 'ou_bot', name: '统计机器人' }
const zhang: MessageMention = { key: '@_user_2', openId: 'ou_zhang', name: '张三' }

describe('parseCommandLine', () => {
  it('reads a plain command from a private chat', () => {
    expect(parseCommandLine({ text: '/上报 学习 3', mentions: [] })).toEqual({
      name: '上报',
      args: ['学习', '3'],
      mentions: [],
      raw: '/上报 学习 3',
    })
  })

  it('strips the bot mention in front of the command', () => {
    const line = parseCommandLine({
      text: '@_user_1 /上报 学习 3',
      mentions: [bot],
      botOpenId: 'ou_bot',
    })
    expect(line).toMatchObject({ name: '上报', args: ['学习', '3'], raw: '/上报 学习 3' })
  })

  it('strips leading mentions when the bot open_id is unknown', () => {
    const line = parseCommandLine({ text: '@_user_1 /上报 学习 3', mentions: [bot] })
    expect(line).toMatchObject({ name: '上报', args: ['学习', '3'], mentions: [] })
  })

  it('accepts a full-width slash, full-width spaces and extra whitespace', () => {
    const line = parseCommandLine({
      text: '  @_user_1\u3000／上报　学习　３\n党课 1 ',
      mentions: [bot],
    })
    // The words go on as typed: /上报 reads ３ as 3 itself.
    expect(line).toMatchObject({ name: '上报', args: ['学习', '３', '党课', '1'] })
  })

  it('hands on free text as typed, full-width punctuation included', () => {
    const line = parseCommandLine({
      text: '/上报 学习 3 备注：周三集中学习，书记讲党课（线上）。',
      mentions: [],
    })
    expect(line?.args).toEqual(['学习', '3', '备注：周三集中学习，书记讲党课（线上）。'])
  })

  it('keeps other mentions as @name arguments, in order', () => {
    const line = parseCommandLine({
      text: '@_user_1 /绑定 @_user_2 区财政局',
      mentions: [bot, zhang],
      botOpenId: 'ou_bot',
    })
    expect(line).toEqual({
      name: '绑定',
      args: ['@张三', '区财政局'],
      mentions: [{ openId: 'ou_zhang', name: '张三' }],
      raw: '/绑定 @张三 区财政局',
    })
  })

  it('does not treat a leading mention of someone else as addressing the bot', () => {
    const text = '@_user_2 /上报 学习 3'
    expect(parseCommandLine({ text, mentions: [bot, zhang], botOpenId: 'ou_bot' })).toBeNull()
  })

  it('drops a trailing mention of the bot but keeps a literal @word', () => {
    const line = parseCommandLine({
      text: '/角色 领导 @_user_2 @王五 @_user_1',
      mentions: [bot, zhang],
      botOpenId: 'ou_bot',
    })
    expect(line).toMatchObject({
      args: ['领导', '@张三', '@王五'],
      mentions: [{ openId: 'ou_zhang' }],
    })
  })

  it('recognises the bot by name when no open_id is given', () => {
    const line = parseCommandLine({
      text: '/上报 学习 3 @_user_1',
      mentions: [bot],
      botName: '统计机器人',
    })
    expect(line?.args).toEqual(['学习', '3'])
  })

  it('strips a literal @BotName from rich text', () => {
    const line = parseCommandLine({
      text: '@统计机器人 /进度',
      mentions: [],
      botName: '统计机器人',
    })
    expect(line).toMatchObject({ name: '进度', args: [] })
  })

  it('separates placeholders glued to the text, without confusing @_user_1 and @_user_10', () => {
    const ten: MessageMention = { key: '@_user_10', openId: 'ou_ten', name: '李四' }
    const line = parseCommandLine({ text: '@_user_1/绑定@_user_10区财政局', mentions: [bot, ten] })
    expect(line).toMatchObject({ name: '绑定', args: ['@李四', '区财政局'] })
  })

  it('leaves the command name as typed (the registry matches it in any case)', () => {
    expect(parseCommandLine({ text: '/Help', mentions: [] })?.name).toBe('Help')
  })

  it.each(['上报 学习 3', '', '/', '／ ', '@_user_1', '学习 3 /上报', 'http://x'])(
    'returns null for %j',
    (text) => {
      expect(parseCommandLine({ text, mentions: [bot] })).toBeNull()
    },
  )
})
