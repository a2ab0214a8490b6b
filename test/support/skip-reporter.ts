import type { Reporter, TestModule } from 'vitest/node'

/**
 * Names every skipped suite after vitest's summary, so a skip (no Chromium here, say) is read,
 * not missed: the suite's name says what it needs.
 */
export default class SkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const skipped = new Map<string, number>()
    for (const module of modules) {
      for (const test of module.children.allTests('skipped')) {
        const name = test.parent.type === 'suite' ? test.parent.fullName : test.fullName
        skipped.set(name, (skipped.get(name) ?? 0) + 1)
      }
    }
    for (const [name, n] of skipped) console.log(`  skipped ${n}: ${name}`)
  }
}
