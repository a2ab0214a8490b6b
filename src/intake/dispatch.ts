import { UsageError } from '../errors'
import type { Command, Context } from '../handlers'
import type { Registry } from '../handlers'
import { errorCard, runnable, unknownCommandCard } from '../../templates/help-card'
import type { Card } from '../../templates/card'
import { can } from '../domain/permissions'

export type CommandLine = { name: string; args: string[] }

/**
 * Finds the command, checks the role table, parses and runs it. User mistakes, a refusal
 * included, are thrown as UsageErrors: their cards are for the sender only.
 */
export async function dispatch(
  registry: Registry,
  line: CommandLine | null,
  ctx: Context,
): Promise<Card> {
  const matched = line ? registry.match(line.name) : undefined
  if (!line || !matched) return unknownCommandCard(line?.name ?? '', registry.list, ctx.actor)
  const { command, rest } = matched
  if (!can(ctx.actor, command.action)) throw denied(ctx, registry)
  const args = rest ? [rest, ...line.args] : line.args
  return command.run(ctx, command.parse ? parseArgs(command, args, ctx) : args)
}

/** A parse refusal without a hint of its own is shown with the command's usage. */
function parseArgs(command: Command<unknown>, args: string[], ctx: Context) {
  try {
    return command.parse!(args, ctx)
  } catch (err) {
    if (err instanceof UsageError && !err.hint) {
      throw new UsageError(err.message, `用法：${command.usage}`)
    }
    throw err
  }
}

/** A refusal says what the person can use instead: the commands of theirs that come closest. */
function denied(ctx: Pick<Context, 'actor'>, registry: Registry): UsageError {
  if (ctx.actor.role === 'stranger') {
    return new UsageError(
      '你还没有绑定参学单位，这条消息没有记录。',
      '请发送「/绑定 单位名称 你的姓名」申请，管理员同意后即可上报；发送 /帮助 看还能做什么。',
      '尚未绑定单位',
    )
  }
  const usable = runnable(registry.list, ctx.actor)
    .map((c) => `/${c.name}`)
    .filter((name) => name !== '/帮助')
  return new UsageError(
    '你没有权限执行这个操作，这条消息没有记录。',
    `你可以用：${usable.join(' ')}；发送 /帮助 看每一项怎么用。如需开通，请联系主题教育办。`,
    '没有权限',
  )
}

export function usageErrorCard(err: UsageError): Card {
  return errorCard(err.message, err.hint, err.title)
}
