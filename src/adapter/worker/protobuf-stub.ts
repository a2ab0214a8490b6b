/**
 * Stands in for `protobufjs/minimal` in the Worker bundle (wrangler.toml [alias]). The Lark SDK
 * needs protobuf only for the frames of its WebSocket client (WSClient, and LarkChannel on top
 * of it); the Worker takes events by webhook and never starts one. The SDK still defines its
 * frame classes when it loads, so this gives what that definition touches, and throws if a
 * frame is ever read or written.
 */
function unavailable(): never {
  throw new Error(
    'protobufjs is left out of the Worker bundle (wrangler.toml [alias]): ' +
      "the Lark SDK's WebSocket client does not run on Workers",
  )
}

export class Reader {
  static create = unavailable
  constructor() {
    unavailable()
  }
}

export class Writer {
  static create = unavailable
  constructor() {
    unavailable()
  }
}

// At load the SDK sets `util.Long`, and gives each frame prototype an empty array and buffer.
export const util: Record<string, unknown> = {
  emptyArray: Object.freeze([]),
  newBuffer: () => new Uint8Array(0),
}

export const roots: Record<string, unknown> = {}

export function configure() {}
