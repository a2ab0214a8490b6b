import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cardText, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'
import { readXlsx } from '../files/read-xlsx'
import { ADMIN, buttonsOf, file, li, rectificationBot, rows, zhang } from './rectification-support'

let bot: TestBot
let code: string
beforeEach(async () => {
  bot = await rectificationBot()
  code = await file(bot, '流程繁琐 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长')
})
afterEach(() => bot.close())

/** A message in a private chat as Lark delivers it, and the bot's reply to it. */
async function send(opts: Omit<Parameters<typeof messageEvent>[0], 'at' | 'appId'>) {
  const event = messageEvent({
    chatType: 'p2p',
    chatId: 'oc_p2p',
    ...opts,
    at: bot.deps.clock(),
    appId: bot.config.lark.appId,
  })
  await bot.post(event)
  return bot.replyTo(event.event.message.message_id)
}

const post = (text: string, imageKey: string) =>
  JSON.stringify({
    zh_cn: {
      title: '',
      content: [[{ tag: 'text', text }], [{ tag: 'img', image_key: imageKey }]],
    },
  })

const evidence = () =>
  rows(bot, 'select kind, key, name, message_id, actor_open_id from rectification_evidence')

describe('佐证', () => {
  it('/整改 佐证 <编号> with an image in the same message attaches it, once', async () => {
    const content = post(`/整改 佐证 ${code}`, 'img_v2_photo1')
    const reply = cardText(
      await send({ text: '', sender: zhang, messageType: 'post', content, messageId: 'om_ev1' }),
    )
    expect(reply).toContain(`已为 ${code} 添加 1 件佐证`)
    expect(reply).toContain(`图片（${zhang.name}`)
    await send({ text: '', sender: zhang, messageType: 'post', content, messageId: 'om_ev2' })
    expect(await evidence()).toEqual([
      expect.objectContaining({
        kind: 'image',
        key: 'img_v2_photo1',
        message_id: 'om_ev1',
        actor_open_id: zhang.openId,
      }),
    ])
  })

  it('in a group, arrives as a rich-text post that @s the bot, with the command and the images', async () => {
    const { botName } = bot.config.lark
    const content = JSON.stringify({
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: botName },
          { tag: 'text', text: ` /整改 佐证 ${code} 新流程图` },
        ],
        [{ tag: 'img', image_key: 'img_v2_wall' }],
        [{ tag: 'media', file_key: 'file_v2_video', image_key: 'img_v2_cover' }],
      ],
    })
    const event = messageEvent({
      text: '',
      sender: zhang,
      messageType: 'post',
      content,
      mentions: [{ openId: 'ou_bot', name: botName }],
      at: bot.deps.clock(),
      appId: bot.config.lark.appId,
    })
    expect((await bot.post(event)).status).toBe(200)
    const reply = cardText(bot.replyTo(event.event.message.message_id))
    expect(reply).toContain(`已为 ${code} 添加 3 件佐证`)
    expect((await evidence()).map((e) => e.kind)).toEqual(['image', 'file', 'text'])
  })

  it('tells how, group and private chat alike, when nothing is attached', async () => {
    const refused = cardText(await bot.say(zhang, `@${bot.config.lark.botName} /整改 佐证 ${code}`))
    expect(refused).toContain('请附上')
    expect(refused).toContain(
      `在群里发一条富文本消息，写上「@${bot.config.lark.botName} /整改 佐证 ${code}」并在同一条消息里插入图片或文件`,
    )
    expect(refused).toContain('私聊机器人时，也可以把图片、文件直接回复到该事项的卡片上')
  })

  it('a file sent in reply to the item’s card attaches to that item', async () => {
    await bot.say(zhang, `/整改 ${code}`, {
      chatType: 'p2p',
      chatId: 'oc_p2p',
      messageId: 'om_ask',
    })
    const content = JSON.stringify({ file_key: 'file_v2_report', file_name: '整改报告.pdf' })
    const reply = await send({
      text: '',
      sender: zhang,
      messageType: 'file',
      content,
      parentId: 'om_bot_card',
      rootId: 'om_ask',
    })
    expect(cardText(reply)).toContain('文件「整改报告.pdf」')
    expect(await evidence()).toEqual([
      expect.objectContaining({ kind: 'file', key: 'file_v2_report', name: '整改报告.pdf' }),
    ])
    expect(cardText(await bot.say(ADMIN, `/整改 ${code}`))).toContain('文件「整改报告.pdf」')
  })

  it('is shown on the review card; refused from another unit or without anything attached', async () => {
    const content = post(`/整改 佐证 ${code}`, 'img_v2_other')
    const refused = cardText(await send({ text: '', sender: li, messageType: 'post', content }))
    expect(refused).toContain('不是你们单位的')
    expect(cardText(await send({ text: `/整改 佐证 ${code}`, sender: zhang }))).toContain('请附上')
    const orphan = await send({
      text: '',
      sender: zhang,
      messageType: 'image',
      content: JSON.stringify({ image_key: 'img_v2_lost' }),
      parentId: 'om_unknown',
    })
    expect(cardText(orphan)).toContain('没认出这是哪个整改事项的佐证')
    expect(await evidence()).toHaveLength(0)

    await send({
      text: '',
      sender: zhang,
      messageType: 'post',
      content: post(`/整改 佐证 ${code}`, 'img_v2_ok'),
    })
    await bot.say(zhang, `/整改 销号 ${code} 新流程已印发`)
    const review = bot.outbox.items.find(
      (i) => i.kind === 'send' && cardText(i.card).includes('销号审核'),
    )!
    expect(cardText(review.card)).toContain(`图片（${zhang.name}`)
    expect(buttonsOf(review.card).map((b) => b.text)).toEqual(['同意', '退回'])
  })

  it('the export gains 最新进展, 整改成效 and 佐证', async () => {
    await send({
      text: '',
      sender: zhang,
      messageType: 'post',
      content: post(`/整改 佐证 ${code}`, 'img_v2_a'),
    })
    await send({ text: `/整改 进展 ${code} 流程图已上墙`, sender: zhang })
    await send({ text: `/整改 销号 ${code} 办理时限压缩到3天`, sender: ADMIN })
    await bot.say(ADMIN, '/导出 整改')
    const sent = bot.outbox.files.at(-1)!
    const sheets = await readXlsx(bot.outbox.uploads.get(sent.fileKey)!.bytes)
    const [header, row] = sheets.get('整改台账')!
    expect(header!.slice(-3)).toEqual(['最新进展', '整改成效', '佐证'])
    expect(row!.slice(-3)).toEqual([
      '2026-11-27 流程图已上墙',
      '办理时限压缩到3天',
      `图片 img_v2_a（${zhang.name} 2026-11-27 10:00）`,
    ])
  })
})
