import type { DepsOptions } from '../../deps'
import {
  ConfigError,
  DemoRefusedError,
  PeriodKeyError,
  TemplateError,
  UsageError,
} from '../../errors'
import { createNodeDeps, type NodeDeps } from './deps'

export type CliOptions = {
  deps?: DepsOptions
  /** How a UsageError reads on the command line (a chat hint names /命令, not npm run …). */
  explain?: (err: UsageError) => string
}

// Errors whose message is written for the person at the terminal: no stack trace for them.
const TOLD = [ConfigError, DemoRefusedError, PeriodKeyError, TemplateError]

/**
 * The one set-up and tear-down of the CLI scripts: the server's deps (same environment, same
 * migrations), the database closed whatever happens, a failure as one line with exit 1, and
 * an exit at the end even if a client left a socket or timer open (a CLI that never returns is
 * worse in a cron line than one that says it failed).
 */
export async function runCli(main: (node: NodeDeps) => Promise<void>, options: CliOptions = {}) {
  let node: NodeDeps | undefined
  try {
    node = await createNodeDeps(process.env, options.deps)
    await main(node)
  } catch (err) {
    console.error(describe(err, options))
    process.exitCode = 1
  } finally {
    node?.deps.database.close()
  }
  process.exit()
}

/** Stops a CLI before it opens anything: the usage line, exit 2. */
export function usage(line: string): never {
  console.error(line)
  process.exit(2)
}

function describe(err: unknown, options: CliOptions): unknown {
  if (err instanceof UsageError) {
    return options.explain?.(err) ?? [err.message, err.hint].filter(Boolean).join('\n')
  }
  return TOLD.some((known) => err instanceof known) ? (err as Error).message : err
}
