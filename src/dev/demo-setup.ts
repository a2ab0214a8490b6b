import type { Deps } from '../deps'
import { DEMO_ADMIN_ID, seedDemo, type DemoSummary } from './demo'
import type { ConsoleSession } from './session'

/**
 * Seeds the demo campaign, then the office names the liaisons' and leaders' groups by typing
 * `/设置 …` in each, through the real webhook, so reminders and digests have somewhere to go.
 */
export async function setUpDemo(
  deps: Deps,
  session: ConsoleSession,
): Promise<DemoSummary & { typed: string[] }> {
  const summary = await seedDemo(deps.database, deps.clock())
  const at = `@${deps.config.lark.botName}`
  const steps = [
    { chat: 'oc_console_liaisons', text: `${at} /设置 联络员群` },
    { chat: 'oc_console_leaders', text: `${at} /设置 周报群` },
  ]
  for (const step of steps) await session.say(DEMO_ADMIN_ID, step.chat, step.text)
  return { ...summary, typed: steps.map((s) => s.text) }
}
