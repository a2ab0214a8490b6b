import protobuf from 'protobufjs'

/**
 * Lark's long-connection frame, pbbp2.Frame, declared from the same field numbers as the
 * SDK's generated code (node_modules/@larksuiteoapi/node-sdk, `pbbp2.Frame.encode`): the fake
 * speaks the wire format itself instead of borrowing the client's encoder.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { rule: 'required', type: 'string', id: 1 },
            value: { rule: 'required', type: 'string', id: 2 },
          },
        },
        Frame: {
          fields: {
            SeqID: { rule: 'required', type: 'uint64', id: 1 },
            LogID: { rule: 'required', type: 'uint64', id: 2 },
            service: { rule: 'required', type: 'int32', id: 3 },
            method: { rule: 'required', type: 'int32', id: 4 },
            headers: { rule: 'repeated', type: 'Header', id: 5 },
            payloadEncoding: { type: 'string', id: 6 },
            payloadType: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
})
const Frame = root.lookupType('pbbp2.Frame')

/** method: 0 control (ping, pong), 1 data (event, card). */
export const CONTROL = 0
export const DATA = 1

export type Frame = {
  SeqID: number
  LogID: number
  service: number
  method: number
  headers: Record<string, string>
  payload?: Uint8Array
}

export function encodeFrame(frame: Frame): Uint8Array {
  const headers = Object.entries(frame.headers).map(([key, value]) => ({ key, value }))
  return Frame.encode(Frame.fromObject({ ...frame, headers })).finish()
}

/** Throws on a frame that is not a pbbp2.Frame (a missing required field included). */
export function decodeFrame(bytes: Uint8Array): Frame {
  const raw = Frame.toObject(Frame.decode(bytes), { longs: Number, defaults: true }) as Omit<
    Frame,
    'headers'
  > & { headers: { key: string; value: string }[] }
  const headers = Object.fromEntries(raw.headers.map((h) => [h.key, h.value]))
  return { ...raw, headers }
}
