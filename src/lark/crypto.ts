import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto'
import { DecryptError } from '../errors'

// node:crypto, which the Worker has through nodejs_compat (the SDK needs that flag anyway):
// synchronous, where Web Crypto made every webhook wait on three async jobs. Measured with
// `npm run bench`, Web Crypto was a tenth of the server's CPU per webhook and the bench's own.

/**
 * Key = sha256(Encrypt Key), used as an AES-256 key. Made once per Encrypt Key.
 */
const aesKeys = new Map<string, Buffer>()
function aesKey(encryptKey: string): Buffer {
  const kept = aesKeys.get(encryptKey)
  if (kept) return kept
  const key = createHash('sha256').update(encryptKey, 'utf8').digest()
  // Bounded: a process sees one Encrypt Key, a test run a handful.
  if (aesKeys.size >= 16) aesKeys.clear()
  aesKeys.set(encryptKey, key)
  return key
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Opens an encrypted event body (`{"encrypt": "..."}`).
 * The first 16 bytes of the base64 payload are the IV; AES-256-CBC/PKCS7.
 * https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function decryptEvent(encrypt: string, encryptKey: string): string {
  try {
    // Buffer skips characters outside base64; such a body is not Lark's.
    if (!BASE64.test(encrypt)) throw new Error('not base64')
    const data = Buffer.from(encrypt, 'base64')
    // An IV plus at least one cipher block; anything shorter cannot be ours.
    if (data.length < 32 || data.length % 16 !== 0) throw new Error('bad ciphertext length')
    const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), data.subarray(0, 16))
    return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8')
  } catch (cause) {
    throw new DecryptError('cannot decrypt Lark event', { cause })
  }
}

/**
 * X-Lark-Signature: hex sha256 over timestamp + nonce + Encrypt Key, then the raw body bytes.
 * Hashing the raw text matters: the SDK re-serializes parsed JSON, which breaks on any
 * formatting difference.
 * https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function larkSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string,
): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey, 'utf8')
    .update(rawBody, 'utf8')
    .digest('hex')
}

export type SignatureHeaders = { timestamp?: string; nonce?: string; signature?: string }

/**
 * Checks the signature and the timestamp's age; Lark's SDKs skip the latter, which would let a
 * captured request be replayed forever.
 */
export function verifySignature(
  headers: SignatureHeaders,
  encryptKey: string,
  rawBody: string,
  nowMs: number,
  maxSkewSec = 300,
): boolean {
  const { timestamp, nonce, signature } = headers
  if (!timestamp || !nonce || !signature) return false
  const sentSec = Number(timestamp)
  if (!Number.isFinite(sentSec) || Math.abs(nowMs / 1000 - sentSec) > maxSkewSec) return false
  const expected = Buffer.from(larkSignature(timestamp, nonce, encryptKey, rawBody))
  const given = Buffer.from(signature.toLowerCase())
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** What Lark does to an event body when an Encrypt Key is set (random IV, prefixed). */
export function encryptEvent(plaintext: string, encryptKey: string): string {
  const iv = randomBytes(16)
  const cipher = createCipheriv('aes-256-cbc', aesKey(encryptKey), iv)
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64')
}

export type SignedRequestOptions = {
  encryptKey?: string
  encrypt?: boolean
  timestampSec?: number
  nonce?: string
}

/**
 * A webhook request as Lark would POST it: raw body text plus the signature headers. Tests,
 * the local console and the bench scripts build their requests with it.
 */
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
