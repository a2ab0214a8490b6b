import { createApp } from '../src/app'
import { ConfigError } from '../src/config'
import { DemoRefusedError } from '../src/dev/demo'
import { setUpDemo } from '../src/dev/demo-setup'
import { consoleSession } from '../src/dev/mount'
import { silentLogger } from '../src/log'
import { createNodeDeps } from '../src/node-deps'
import { createRunner } from '../src/runner'

/** `npm run demo`: fills an empty local database with a believable campaign to play with. */
async function main() {
  const deps = await createNodeDeps(process.env, { log: silentLogger })
  try {
    if (!deps.config.local) {
      throw new DemoRefusedError(
        '演示数据只用于本地模式：请去掉 LARK_APP_ID 后再运行 npm run demo。',
      )
    }
    const runner = createRunner()
    const done = await setUpDemo(deps, consoleSession(createApp(deps), deps, runner))
    console.log(
      `演示数据已写入 ${deps.config.database.url}：${done.units} 个单位、${done.people} 人、` +
        `${done.reports} 条上报（其中 ${done.revoked} 条已撤销重报）、${done.rectifications} 项整改。`,
    )
    console.log('现在运行 npm start，打开 http://localhost:' + deps.config.port + '/dev')
  } finally {
    deps.database.close()
  }
}

main().catch((err: unknown) => {
  const known = err instanceof DemoRefusedError || err instanceof ConfigError
  console.error(known ? err.message : err)
  process.exit(1)
})
