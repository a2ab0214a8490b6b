import * as lark from '../../src/lark/payloads'
import { FAKE_BOT_OPEN_ID } from '../../src/local/fake-lark'
import { fixture } from './fixtures'

/** The Verification Token the tests configure: the one in Lark's sample event. */
export const VERIFICATION_TOKEN = fixture('im.message.receive_v1.json').header.token as string

/** `build` with `defaults` for the fields a test leaves out. */
const withDefaults =
  <O, D extends Partial<O>, R>(build: (opts: O) => R, defaults: D) =>
  (opts: Omit<O, keyof D> & Partial<Pick<O, keyof D & keyof O>>) =>
    build({ ...defaults, ...opts } as O)

/** The bot as a test's messages @ it: the fake Lark's open_id and the default LARK_BOT_NAME. */
export const BOT_MENTION = { openId: FAKE_BOT_OPEN_ID, name: '统计机器人' }

const inLiaisonsGroup = withDefaults(lark.messageEvent, {
  token: VERIFICATION_TOKEN,
  chatId: 'oc_liaisons',
  chatType: 'group',
})

/**
 * A message in the liaisons' group, with our Verification Token, unless a test says otherwise.
 * Lark delivers a group message only when it @s the bot, so typed text in a group gets the
 * bot's @ at its end unless it already has one; a post, an image or a file is as the test
 * built it (and without the @, test/support/bot refuses to deliver it, as Lark would).
 */
export const messageEvent = (opts: Parameters<typeof inLiaisonsGroup>[0]) => {
  const mentions = opts.mentions ?? []
  const typed = (opts.messageType ?? 'text') === 'text' && opts.content === undefined
  const addressed = mentions.some((m) => m.openId === BOT_MENTION.openId)
  if (opts.chatType === 'p2p' || !typed || addressed) return inLiaisonsGroup(opts)
  // A key the text does not use yet, as Lark numbers each @ once.
  const text = opts.text ?? ''
  let n = mentions.length + 1
  while (text.includes(`@_user_${n}`)) n++
  const key = `@_user_${n}`
  return inLiaisonsGroup({
    ...opts,
    text: `${text} ${key}`,
    mentions: [...mentions, { ...BOT_MENTION, key }],
  })
}

/** A click on a card the bot sent to the liaisons' group, unless a test says otherwise. */
export const cardActionEvent = withDefaults(lark.cardActionEvent, {
  token: VERIFICATION_TOKEN,
  messageId: 'om_card',
  chatId: 'oc_liaisons',
})
