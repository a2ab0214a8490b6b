import { existsSync, mkdirSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { createConsoleApp, listen } from './console-server'

export const CHROMIUM = '/usr/bin/chromium'
export const ARTIFACTS = 'test/artifacts'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
/** CI installs Chromium, so there a missing one fails the run; elsewhere the skip is named. */
export const noBrowser = !existsSync(CHROMIUM) && !process.env.CI

/** The console on a fresh database, served, and a page of Debian's Chromium at `viewport`. */
export async function openConsole(opts: {
  viewport: { width: number; height: number }
  now?: Date
}) {
  const consoleApp = await createConsoleApp(opts.now ? { now: opts.now } : {})
  const server = await listen(consoleApp)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  const page = await browser.newPage({ viewport: opts.viewport })
  mkdirSync(ARTIFACTS, { recursive: true })
  return {
    consoleApp,
    server,
    page,
    async close() {
      await browser.close()
      await server.close()
      await consoleApp.close()
    },
  }
}
