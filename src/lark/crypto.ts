import { DecryptError } from '../errors'

// Web Crypto, not node:crypto: Node 20 and workerd both have it, so the Worker's request path
// (webhook -> here) needs no Node built-in of ours. Its digests and ciphers are async.
const utf8 = new TextEncoder()

const sha256 = async (text: string) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(text)))

/**
 * Key = sha256(Encrypt Key), used as an AES-256 key. Made once per Encrypt Key: hashing and
 * importing it were two of the three crypto jobs of every webhook. The key is kept, not its
 * promise: workerd cancels what one request awaits on a promise another request made.
 */
const aesKeys = new Map<string, CryptoKey>()
async function aesKey(encryptKey: string, use: 'encrypt' | 'decrypt') {
  const id = `${use}:${encryptKey}`
  const kept = aesKeys.get(id)
  if (kept) return kept
  const key = await crypto.subtle.importKey('raw', await sha256(encryptKey), 'AES-CBC', false, [
    use,
  ])
  // Bounded: a process sees one Encrypt Key, a test run a handful.
  if (aesKeys.size >= 16) aesKeys.clear()
  aesKeys.set(id, key)
  return key
}

// atob/btoa, not Buffer (a Worker has that only through nodejs_compat): one char per byte.
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
const toBase64 = (bytes: Uint8Array) =>
  btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''))
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * Opens an encrypted event body (`{"encrypt": "..."}`).
 * The first 16 bytes of the base64 payload are the IV; AES-256-CBC/PKCS7.
 * https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export async function decryptEvent(encrypt: string, encryptKey: string): Promise<string> {
  try {
    const data = fromBase64(encrypt)
    // An IV plus at least one cipher block; anything shorter cannot be ours.
    if (data.length < 32 || data.length % 16 !== 0) throw new Error('bad ciphertext length')
    const iv = data.subarray(0, 16)
    const key = await aesKey(encryptKey, 'decrypt')
    const plain = await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, data.subarray(16))
    return new TextDecoder().decode(plain)
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
export async function larkSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string,
): Promise<string> {
  return toHex(await sha256(timestamp + nonce + encryptKey + rawBody))
}

/**
 * Web Crypto has no timingSafeEqual (workerd's is an extension), so: every byte is looked at
 * whatever the first difference, and the time does not tell how much of a forgery was right.
 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

export type SignatureHeaders = { timestamp?: string; nonce?: string; signature?: string }

/**
 * Checks the signature and the timestamp's age; Lark's SDKs skip the latter, which would let a
 * captured request be replayed forever.
 */
export async function verifySignature(
  headers: SignatureHeaders,
  encryptKey: string,
  rawBody: string,
  nowMs: number,
  maxSkewSec = 300,
): Promise<boolean> {
  const { timestamp, nonce, signature } = headers
  if (!timestamp || !nonce || !signature) return false
  const sentSec = Number(timestamp)
  if (!Number.isFinite(sentSec) || Math.abs(nowMs / 1000 - sentSec) > maxSkewSec) return false
  const expected = await larkSignature(timestamp, nonce, encryptKey, rawBody)
  return sameBytes(utf8.encode(expected), utf8.encode(signature.toLowerCase()))
}

/** What Lark does to an event body when an Encrypt Key is set (random IV, prefixed). */
export async function encryptEvent(plaintext: string, encryptKey: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(16))
  const key = await aesKey(encryptKey, 'encrypt')
  const sealed = await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, utf8.encode(plaintext))
  const out = new Uint8Array(16 + sealed.byteLength)
  out.set(iv)
  out.set(new Uint8Array(sealed), 16)
  return toBase64(out)
}

export type SignedRequestOptions = {
  encryptKey?: string
  encrypt?: boolean
  timestampSec?: number
  nonce?: string
}

/**
 * A webhook delivery as Lark would POST it: raw body text plus the signature headers. Tests,
 * the local console and the bench scripts build their deliveries with it.
 */
export async function signedRequest(
  body: object,
  opts: SignedRequestOptions = {},
): Promise<{ body: string; headers: Record<string, string> }> {
  const encryptKey = opts.encryptKey ?? ''
  const json = JSON.stringify(body)
  const raw = opts.encrypt
    ? JSON.stringify({ encrypt: await encryptEvent(json, encryptKey) })
    : json
  const timestamp = String(opts.timestampSec ?? Math.floor(Date.now() / 1000))
  const nonce = opts.nonce ?? crypto.randomUUID()
  return {
    body: raw,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': await larkSignature(timestamp, nonce, encryptKey, raw),
    },
  }
}
