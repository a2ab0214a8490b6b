import { describe, expect, it } from 'vitest'
import { can, PERMISSIONS, type Action, type Actor } from '../../src/domain/permissions'

const OWN = 1
const actors: Record<string, Actor> = {
  admin: { openId: 'a', role: 'admin', unitId: null },
  leader: { openId: 'l', role: 'leader', unitId: null },
  'leader of own unit': { openId: 'lo', role: 'leader', unitId: OWN },
  'own liaison': { openId: 'o', role: 'liaison', unitId: OWN },
  'other liaison': { openId: 'x', role: 'liaison', unitId: 2 },
  stranger: { openId: 's', role: 'stranger', unitId: null },
}
const everyone = Object.keys(actors)
const bound = ['admin', 'leader', 'leader of own unit', 'own liaison', 'other liaison']

// What each role may do to data (or a ledger item) of unit OWN, spelled out so a change to the
// table is a deliberate change to this test.
const MATRIX: Record<Action, string[]> = {
  help: everyone,
  'catalog.read': everyone,
  'report.write': ['admin', 'leader of own unit', 'own liaison'],
  'report.revoke': ['admin', 'leader of own unit', 'own liaison'],
  'report.correct': ['admin', 'leader of own unit', 'own liaison'],
  'report.correct.any': ['admin'],
  'weeks.lock': ['admin'],
  'stats.read.own': ['admin', 'leader', 'leader of own unit', 'own liaison'],
  'stats.read.all': ['admin', 'leader', 'leader of own unit'],
  'units.manage': ['admin'],
  'people.manage': ['admin'],
  'people.request': everyone,
  'settings.manage': ['admin'],
  'missing.read': ['admin', 'leader', 'leader of own unit'],
  'remind.send': ['admin', 'leader', 'leader of own unit'],
  'digest.read': bound,
  'report.draft': ['admin'],
  'office.write': ['admin'],
  'targets.manage': ['admin'],
  export: ['admin'],
  'jobs.run': ['admin'],
  'rectification.read': bound,
  'rectification.create': ['admin'],
  'rectification.progress': ['admin', 'leader of own unit', 'own liaison'],
  'rectification.request_close': ['admin', 'leader of own unit', 'own liaison'],
  'rectification.manage': ['admin'],
}

describe('the role table, as a matrix over unit-scoped data', () => {
  for (const [action, allowed] of Object.entries(MATRIX)) {
    it(action, () => {
      const got = Object.entries(actors)
        .filter(([, actor]) => can(actor, action as Action, { unitId: OWN }))
        .map(([name]) => name)
      expect(got).toEqual(allowed)
    })
  }

  it('covers every action in the table', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(PERMISSIONS).sort())
  })

  it('lets a liaison act without a target only where the role allows', () => {
    const liaison = actors['own liaison']!
    expect(can(liaison, 'report.write')).toBe(true)
    expect(can(liaison, 'stats.read.all')).toBe(false)
    expect(can(liaison, 'report.write', { unitId: null })).toBe(false)
  })
})
