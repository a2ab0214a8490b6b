import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto'

/** The `encrypt` field could not be opened with our Encrypt Key. */
export class DecryptError extends Error {
  override name = 'DecryptError'
}

/**
 * Opens an encrypted event body (`{"encrypt": "..."}`).
 * Key = sha256(Encrypt Key); the first 16 bytes of the base64 payload are the IV; AES-256-CBC/PKCS7.
 * https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function decryptEvent(encrypt: string, encryptKey: string): string {
  try {
    const key = createHash('sha256').update(encryptKey, 'utf8').digest()
    const data = Buffer.from(encrypt, 'base64')
    // An IV plus at least one cipher block; anything shorter cannot be ours.
    if (data.length < 32 || data.length % 16 !== 0) throw new Error('bad ciphertext length')
    const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16))
    const plain = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()])
    return plain.toString('utf8')
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
  const expected = Buffer.from(larkSignature(timestamp, nonce, encryptKey, rawBody), 'utf8')
  const given = Buffer.from(signature.toLowerCase(), 'utf8')
  return expected.length === given.length && timingSafeEqual(expected, given)
}
