export type { Kv, KvSetOptions } from './kv'
export { createMemoryKv } from './memory'
export { createUpstashKv, type UpstashKvOptions } from './upstash'
