import * as lark from '../../src/lark/deliveries'
import { fixture } from './fixtures'

/** The Verification Token the tests configure: the one in Lark's sample event. */
export const VERIFICATION_TOKEN = fixture('im.message.receive_v1.json').header.token as string

/** `build` with `defaults` for the fields a test leaves out. */
const withDefaults =
  <O, D extends Partial<O>, R>(build: (opts: O) => R, defaults: D) =>
  (opts: Omit<O, keyof D> & Partial<Pick<O, keyof D & keyof O>>) =>
    build({ ...defaults, ...opts } as O)

/** A message in the liaisons' group, with our Verification Token, unless a test says otherwise. */
export const messageEvent = withDefaults(lark.messageEvent, {
  token: VERIFICATION_TOKEN,
  chatId: 'oc_liaisons',
  chatType: 'group',
})

/** A click on a card the bot sent to the liaisons' group, unless a test says otherwise. */
export const cardActionEvent = withDefaults(lark.cardActionEvent, {
  token: VERIFICATION_TOKEN,
  messageId: 'om_card',
  chatId: 'oc_liaisons',
})
