/**
 * `npm run dev`: the Worker in workerd (wrangler dev) against a real database, on a fresh
 * clone. It serves the local database file over libSQL's HTTP protocol (the Hrana bridge the
 * tests use, standing in for Turso) and a local stand-in for the Lark OpenAPI that prints
 * what the bot sends, then starts wrangler dev with .dev.vars (copied from .dev.vars.example
 * on first run) and checks the Worker end to end with one signed /帮助.
 */
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import { messageEvent } from '../src/lark/payloads'
import { signedRequest } from '../src/lark/crypto'
import { cardTitle } from '../src/local/outbox'
import { startFakeLark } from '../src/local/fake-lark'
import { startHranaBridge } from '../src/local/hrana-bridge'

const VARS = '.dev.vars'
const DATABASE_FILE = 'data/worker-dev.db'
const WORKER = 'http://127.0.0.1:8787'

if (!existsSync(VARS)) {
  copyFileSync(`${VARS}.example`, VARS)
  console.log(`created ${VARS} from ${VARS}.example`)
}
const vars = parseEnv(readFileSync(VARS, 'utf8'))
const portOf = (name: string) => {
  const url = vars[name] ? new URL(vars[name]) : undefined
  return url && ['127.0.0.1', 'localhost'].includes(url.hostname) ? Number(url.port) : undefined
}

mkdirSync('data', { recursive: true })
const databasePort = portOf('DATABASE_URL')
const bridge = databasePort
  ? await startHranaBridge({ file: DATABASE_FILE, port: databasePort })
  : undefined
if (bridge) console.log(`database: ${DATABASE_FILE}, served over HTTP at ${bridge.url}`)
const larkPort = portOf('LARK_DOMAIN')
const lark = larkPort ? await startFakeLark({ port: larkPort }) : undefined
if (lark) {
  console.log(`Lark: a local stand-in at ${lark.url}; what the bot sends is printed here`)
  let shown = 0
  setInterval(() => {
    for (const m of lark.sent.slice(shown)) {
      const to = m.kind === 'reply' ? `reply to ${m.messageId}` : `${m.kind} → ${m.receiveId}`
      console.log(`[lark] ${to}: ${m.msgType === 'interactive' ? cardTitle(m.content) : m.msgType}`)
    }
    shown = lark.sent.length
  }, 300).unref()
}

const wrangler = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', '8787'], {
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
})
const stop = async () => {
  wrangler.kill('SIGINT')
  await Promise.all([bridge?.close(), lark?.close()])
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
wrangler.on('exit', (code) => {
  void Promise.all([bridge?.close(), lark?.close()]).then(() => process.exit(code ?? 0))
})

/** Once the Worker answers, one signed /帮助 from the first admin shows the whole path works. */
async function check() {
  for (let i = 0; i < 120; i++) {
    const health = await fetch(`${WORKER}/healthz`).catch(() => undefined)
    if (health?.ok) break
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  const admin = (vars.ADMIN_OPEN_IDS ?? '').split(/[\s,，]+/)[0] || 'ou_local_admin'
  const event = messageEvent({
    token: vars.LARK_VERIFICATION_TOKEN ?? '',
    appId: vars.LARK_APP_ID,
    chatId: 'oc_local_dev',
    chatType: 'p2p',
    text: '/帮助',
    sender: { openId: admin },
  })
  const req = signedRequest(event, { encryptKey: vars.LARK_ENCRYPT_KEY!, encrypt: true })
  const res = await fetch(`${WORKER}/lark/webhook`, { method: 'POST', ...req })
  console.log(`\ncheck: a signed /帮助 → ${res.status}; the reply shows up above as [lark]\n`)
}
void check()
