import { ConfigError } from './errors'
import { z } from 'zod'

const optional = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional()

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((s) => /^(https?|file|libsql|wss?):/.test(s), `${name} must be a URL`)

const clock = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${name} must look like 09:00`)

const envSchema = z.object({
  LARK_APP_ID: optional,
  LARK_APP_SECRET: optional,
  LARK_VERIFICATION_TOKEN: optional,
  LARK_ENCRYPT_KEY: optional,
  /** How Lark's events reach the bot; by default the long connection unless a token is set. */
  LARK_TRANSPORT: z.enum(['webhook', 'long-connection']).optional(),
  LARK_DOMAIN: url('LARK_DOMAIN').default('https://open.feishu.cn'),
  /** The bot's name in Lark, as people type it after @ in groups. */
  LARK_BOT_NAME: z.string().trim().min(1).default('统计机器人'),
  DATABASE_URL: url('DATABASE_URL').default('file:./data/tally.db'),
  DATABASE_AUTH_TOKEN: optional,
  DATABASE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).default(2000),
  UPSTASH_REDIS_REST_URL: optional.pipe(url('UPSTASH_REDIS_REST_URL').optional()),
  UPSTASH_REDIS_REST_TOKEN: optional,
  ADMIN_OPEN_IDS: z
    .string()
    .default('')
    .transform((s) => s.split(/[\s,，]+/).filter(Boolean))
    .refine(
      (ids) => ids.every((id) => /^ou_\w+$/.test(id)),
      'ADMIN_OPEN_IDS must list open_ids (ou_…)',
    ),
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DEV_CONSOLE: z.enum(['0', '1']).default('0'),
  DEV_CONSOLE_SECRET: optional,
  DIGEST_AT: clock('DIGEST_AT').default('09:00'),
  REMIND_AT: clock('REMIND_AT').default('15:00'),
  /** Workers only: outbound requests per invocation (50 on the Free plan, 1000 on Paid). */
  SUBREQUEST_BUDGET: z.coerce.number().int().min(20).default(50),
  // Lark retries at 15 s, 5 min, 1 h and 6 h; every effect is idempotent, so a replay is harmless.
  SIGNATURE_MAX_SKEW_SEC: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 3600),
})

export type Env = z.input<typeof envSchema>

/** What local mode uses when no Lark app is configured, so the console can sign its own events. */
export const LOCAL_VERIFICATION_TOKEN = 'local-verification-token'
export const LOCAL_ENCRYPT_KEY = 'local-encrypt-key'
/** Local mode's admin when ADMIN_OPEN_IDS names none: the console can act as the office at once. */
export const LOCAL_ADMIN_OPEN_ID = 'ou_local_admin'

export type Config = ReturnType<typeof parseConfig>

/** Parses the environment once; the first problem becomes one line that names the variable. */
export function parseConfig(env: Record<string, string | undefined>) {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const name = issue.path.join('.')
    throw new ConfigError(`invalid environment: ${name}: ${issue.message}`)
  }
  const e = parsed.data
  const local = !e.LARK_APP_ID
  const transport = local ? 'webhook' : transportOf(e)
  if (!local) {
    const needed = transport === 'webhook' ? (['LARK_VERIFICATION_TOKEN'] as const) : []
    for (const name of ['LARK_APP_SECRET', ...needed] as const) {
      if (!e[name])
        throw new ConfigError(`invalid environment: ${name} is required with LARK_APP_ID`)
    }
  }
  if (e.UPSTASH_REDIS_REST_URL && !e.UPSTASH_REDIS_REST_TOKEN) {
    throw new ConfigError(
      'invalid environment: UPSTASH_REDIS_REST_TOKEN is required with UPSTASH_REDIS_REST_URL',
    )
  }
  return {
    local,
    lark: {
      transport,
      appId: e.LARK_APP_ID,
      appSecret: e.LARK_APP_SECRET,
      verificationToken: e.LARK_VERIFICATION_TOKEN ?? (local ? LOCAL_VERIFICATION_TOKEN : ''),
      encryptKey: e.LARK_ENCRYPT_KEY ?? (local ? LOCAL_ENCRYPT_KEY : undefined),
      domain: e.LARK_DOMAIN.replace(/\/+$/, ''),
      botName: e.LARK_BOT_NAME,
      maxSkewSec: e.SIGNATURE_MAX_SKEW_SEC,
    },
    database: {
      url: e.DATABASE_URL,
      authToken: e.DATABASE_AUTH_TOKEN,
      busyTimeoutMs: e.DATABASE_BUSY_TIMEOUT_MS,
    },
    redis: e.UPSTASH_REDIS_REST_URL
      ? { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN! }
      : undefined,
    adminOpenIds: local && e.ADMIN_OPEN_IDS.length === 0 ? [LOCAL_ADMIN_OPEN_ID] : e.ADMIN_OPEN_IDS,
    port: e.PORT,
    host: e.HOST,
    devConsole: local || e.DEV_CONSOLE === '1',
    devConsoleSecret: e.DEV_CONSOLE_SECRET,
    schedule: { digestAt: e.DIGEST_AT, remindAt: e.REMIND_AT },
    subrequestBudget: e.SUBREQUEST_BUDGET,
  }
}

/**
 * The long connection needs only the app's id and secret; a Verification Token means the
 * operator set up a request URL, so that stays the webhook unless LARK_TRANSPORT says otherwise.
 * The SDK's WSClient silently refuses an id that is not cli_ and 16 hex digits: say so here.
 */
function transportOf(e: z.output<typeof envSchema>): 'webhook' | 'long-connection' {
  const transport = e.LARK_TRANSPORT ?? (e.LARK_VERIFICATION_TOKEN ? 'webhook' : 'long-connection')
  if (transport === 'long-connection' && !/^cli_[0-9a-f]{16}$/i.test(e.LARK_APP_ID!)) {
    throw new ConfigError(
      'invalid environment: LARK_APP_ID must look like cli_a1b2c3d4e5f6a7b8 (开发者后台 → 凭证与基础信息)',
    )
  }
  return transport
}
