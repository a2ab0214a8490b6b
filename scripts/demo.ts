/** `npm run demo`: fills an empty local database with a believable campaign to play with. */
import { handlers } from '../commands'
import { createNodeApp } from '../src/adapter/node/app'
import { runCli } from '../src/adapter/node/cli'
import { createRunner } from '../src/adapter/node/runner'
import { setUpDemo } from '../src/dev/demo-setup'
import { consoleSession } from '../src/dev/mount'
import { DemoRefusedError } from '../src/errors'
import { silentLogger } from '../src/log'

await runCli(
  async ({ deps, outbox }) => {
    if (!deps.config.local || !outbox) {
      throw new DemoRefusedError(
        '演示数据只用于本地模式：请去掉 LARK_APP_ID 后再运行 npm run demo。',
      )
    }
    const runner = createRunner()
    const app = createNodeApp(deps, handlers, { runner })
    const done = await setUpDemo(deps, consoleSession(app, deps, { outbox, runner }))
    console.log(
      `演示数据已写入 ${deps.config.database.url}：${done.units} 个单位、${done.people} 人、` +
        `${done.reports} 条上报（其中 ${done.revoked} 条已撤销重报）、${done.rectifications} 项整改。`,
    )
    console.log('现在运行 npm start，打开 http://localhost:' + deps.config.port + '/dev')
  },
  { deps: { log: silentLogger } },
)
