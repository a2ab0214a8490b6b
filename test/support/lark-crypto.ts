import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto'
import { larkSignature } from '../../src/lark/crypto'

/** What Lark does to an event body when an Encrypt Key is set (random IV, prefixed). */
export function encryptEvent(plaintext: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest()
  const iv = randomBytes(16)
  const cipher = createCipheriv('aes-256-cbc', key, iv)
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64')
}

export type SignedRequestOptions = {
  encryptKey?: string
  encrypt?: boolean
  timestampSec?: number
  nonce?: string
}

/** A webhook delivery as Lark would POST it: raw body text plus the signature headers. */
export function signedRequest(
  body: object,
  opts: SignedRequestOptions = {},
): { body: string; headers: Record<string, string> } {
  const encryptKey = opts.encryptKey ?? ''
  const json = JSON.stringify(body)
  const raw = opts.encrypt ? JSON.stringify({ encrypt: encryptEvent(json, encryptKey) }) : json
  const timestamp = String(opts.timestampSec ?? Math.floor(Date.now() / 1000))
  const nonce = opts.nonce ?? randomUUID()
  return {
    body: raw,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': larkSignature(timestamp, nonce, encryptKey, raw),
    },
  }
}
