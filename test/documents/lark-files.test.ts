import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'

let fake: FakeLark
let bot: TestBot

beforeAll(async () => {
  fake = await startFakeLark()
  bot = await createTestBot({
    env: { LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 'secret', LARK_DOMAIN: fake.url },
  })
})
afterAll(async () => {
  await bot.close()
  await fake.close()
})

describe('files through the Lark OpenAPI (SDK mode)', () => {
  it.each([
    ['/报告 累计', 'doc', '.docx'],
    ['/导出 整改 未销号', 'xls', '.xlsx'],
  ])(
    '%s uploads the file, then posts it into the chat after the reply',
    async (text, type, ext) => {
      const event = messageEvent({ text, sender: ADMIN })
      const messageId = event.event.message.message_id
      await bot.post(event)
      const reply = await fake.waitFor((m) => m.kind === 'reply' && m.messageId === messageId)
      const upload = await fake.waitFor((m) => m.kind === 'file' && m.content.file_type === type)
      expect(upload.content.file_name).toMatch(new RegExp(`\\${ext}$`))
      expect(upload.content.size).toBeGreaterThan(500)
      const posted = await fake.waitFor((m) => m.kind === 'send' && m.uuid === `f-${messageId}`)
      expect(posted).toMatchObject({ msgType: 'file', receiveIdType: 'chat_id' })
      expect(posted.receiveId).toBe(event.event.message.chat_id)
      expect(posted.content.file_key).toMatch(/^file_fake_/)
      expect(fake.sent.indexOf(posted)).toBeGreaterThan(fake.sent.indexOf(reply))
    },
  )
})
