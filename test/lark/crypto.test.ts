import { DecryptError } from '../../src/errors'
import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import {
  decryptEvent,
  encryptEvent,
  larkSignature,
  signedRequest,
  verifySignature,
} from '../../src/lark/crypto'
import { fixture } from '../support/fixtures'

type Vectors = {
  aes: Array<{ encryptKey: string; encrypt: string; plaintext: string }>
  sha256_of_test_key: string
}
const vectors = fixture<Vectors>('crypto-vectors.json')

describe('decryptEvent', () => {
  it.each(vectors.aes)('opens the published vector for key "$encryptKey"', (v) => {
    expect(decryptEvent(v.encrypt, v.encryptKey)).toBe(v.plaintext)
  })

  it('derives the AES key as sha256 of the Encrypt Key', () => {
    expect(createHash('sha256').update('test key').digest('hex')).toBe(vectors.sha256_of_test_key)
  })

  it('round-trips what the test builder encrypts, including non-ASCII text', () => {
    const text = JSON.stringify({ text: '/上报 学习 3' })
    expect(decryptEvent(encryptEvent(text, 'k'), 'k')).toBe(text)
  })

  // The vector's one cipher block with its last byte flipped: the padding no longer checks out.
  const tampered = 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghg='

  it.each([
    ['the wrong key', () => decryptEvent(vectors.aes[1]!.encrypt, 'not the key')],
    ['a tampered ciphertext', () => decryptEvent(tampered, 'test key')],
    ['a truncated payload', () => decryptEvent('P37w+VZImNgPEO1RBhJ6Rg==', 'test key')],
    ['garbage', () => decryptEvent('!!!', 'test key')],
  ])('throws DecryptError on %s', (_, run) => {
    expect(run).toThrow(DecryptError)
    expect(run).toThrow(expect.objectContaining({ name: 'DecryptError' }))
  })
})

describe('verifySignature', () => {
  const key = 'encrypt-key'
  const nowMs = 1_700_000_000_000
  const nowSec = nowMs / 1000
  const sign = (body: object, timestampSec = nowSec) => {
    const req = signedRequest(body, { encryptKey: key, timestampSec, nonce: 'n1' })
    const headers = {
      timestamp: req.headers['x-lark-request-timestamp'],
      nonce: req.headers['x-lark-request-nonce'],
      signature: req.headers['x-lark-signature'],
    }
    return { raw: req.body, headers }
  }

  it('hashes the raw body after timestamp + nonce + key', () => {
    const expected = createHash('sha256').update('1n1k{"a": 1}').digest('hex')
    expect(larkSignature('1', 'n1', 'k', '{"a": 1}')).toBe(expected)
  })

  it('accepts a fresh, correctly signed body', () => {
    const { raw, headers } = sign({ a: 1 })
    expect(verifySignature(headers, key, raw, nowMs)).toBe(true)
  })

  it('accepts an encrypted delivery, signed over the {"encrypt"} body', () => {
    const opts = { encryptKey: key, encrypt: true, timestampSec: nowSec }
    const req = signedRequest({ a: 1 }, opts)
    const headers = {
      timestamp: req.headers['x-lark-request-timestamp'],
      nonce: req.headers['x-lark-request-nonce'],
      signature: req.headers['x-lark-signature'],
    }
    expect(verifySignature(headers, key, req.body, nowMs)).toBe(true)
    expect(JSON.parse(decryptEvent(JSON.parse(req.body).encrypt, key))).toEqual({ a: 1 })
  })

  it('rejects a body that differs only in whitespace (no re-serializing)', () => {
    const { headers } = sign({ a: 1 })
    expect(verifySignature(headers, key, '{"a": 1}', nowMs)).toBe(false)
  })

  it('rejects the wrong key and a tampered signature, of any length', () => {
    const { raw, headers } = sign({ a: 1 })
    const sig = headers.signature!
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0')
    expect(verifySignature(headers, 'other', raw, nowMs)).toBe(false)
    for (const signature of ['ab' + sig, sig.slice(2), flipped]) {
      expect(verifySignature({ ...headers, signature }, key, raw, nowMs)).toBe(false)
    }
  })

  it('accepts the signature in upper-case hex', () => {
    const { raw, headers } = sign({ a: 1 })
    const signature = headers.signature!.toUpperCase()
    expect(verifySignature({ ...headers, signature }, key, raw, nowMs)).toBe(true)
  })

  it('rejects missing headers', () => {
    const { raw, headers } = sign({ a: 1 })
    for (const missing of ['timestamp', 'nonce', 'signature'] as const) {
      const partial = { ...headers, [missing]: undefined }
      expect(verifySignature(partial, key, raw, nowMs)).toBe(false)
    }
  })

  it('rejects replays older or newer than the allowed skew', () => {
    const old = sign({ a: 1 }, nowSec - 301)
    const future = sign({ a: 1 }, nowSec + 301)
    const edge = sign({ a: 1 }, nowSec - 300)
    expect(verifySignature(old.headers, key, old.raw, nowMs)).toBe(false)
    expect(verifySignature(future.headers, key, future.raw, nowMs)).toBe(false)
    expect(verifySignature(edge.headers, key, edge.raw, nowMs)).toBe(true)
    expect(verifySignature(old.headers, key, old.raw, nowMs, 600)).toBe(true)
  })
})
