/** Who may do what: one table, read by every command and card action. */
export type Role = 'admin' | 'leader' | 'liaison' | 'stranger'

export type Action =
  | 'help'
  | 'catalog.read'
  | 'report.write'
  | 'report.revoke'
  | 'report.correct'
  | 'report.correct.any'
  | 'weeks.lock'
  | 'stats.read.own'
  | 'stats.read.all'
  | 'units.manage'
  | 'people.manage'
  | 'people.request'
  | 'settings.manage'
  | 'missing.read'
  | 'remind.send'
  | 'digest.read'
  | 'rectification.read'
  | 'rectification.create'
  | 'rectification.progress'
  | 'rectification.request_close'
  | 'rectification.manage'
  | 'report.draft'
  | 'office.write'
  | 'targets.manage'
  | 'export'
  | 'jobs.run'

export const PERMISSIONS: Record<Action, readonly Role[]> = {
  help: ['admin', 'leader', 'liaison', 'stranger'],
  'catalog.read': ['admin', 'leader', 'liaison', 'stranger'],
  'report.write': ['admin', 'liaison'],
  'report.revoke': ['admin', 'liaison'],
  // A liaison corrects their own unit's 本周 and 上周 while they are open; an admin any unit's
  // any week, locked ones included (the correction is then marked as made after locking).
  'report.correct': ['admin', 'liaison'],
  'report.correct.any': ['admin'],
  'weeks.lock': ['admin'],
  'stats.read.own': ['admin', 'leader', 'liaison'],
  'stats.read.all': ['admin', 'leader'],
  'units.manage': ['admin'],
  'people.manage': ['admin'],
  // Anyone may ask to be a unit's liaison (/绑定 单位); an admin decides.
  'people.request': ['admin', 'leader', 'liaison', 'stranger'],
  'settings.manage': ['admin'],
  'missing.read': ['admin', 'leader'],
  'remind.send': ['admin', 'leader'],
  'digest.read': ['admin', 'leader', 'liaison'],
  'rectification.read': ['admin', 'leader', 'liaison'],
  'rectification.create': ['admin'],
  'rectification.progress': ['admin', 'liaison'],
  'rectification.request_close': ['admin', 'liaison'],
  'rectification.manage': ['admin'],
  'report.draft': ['admin'],
  'office.write': ['admin'],
  'targets.manage': ['admin'],
  export: ['admin'],
  'jobs.run': ['admin'],
}

/** Actions a liaison may take only on their own unit's data. */
const UNIT_SCOPED: ReadonlySet<Action> = new Set([
  'report.write',
  'report.revoke',
  'report.correct',
  'stats.read.own',
  'rectification.progress',
  'rectification.request_close',
])

export type Actor = { openId: string; role: Role; unitId: number | null }

type Target = { unitId: number | null }

export function can(actor: Actor, action: Action, target?: Target): boolean {
  if (allows(actor.role, actor, action, target)) return true
  // A leader bound to a unit is also its liaison, as /绑定 told them.
  return (
    actor.role === 'leader' && actor.unitId !== null && allows('liaison', actor, action, target)
  )
}

function allows(role: Role, actor: Actor, action: Action, target?: Target): boolean {
  if (!PERMISSIONS[action].includes(role)) return false
  if (role === 'liaison' && UNIT_SCOPED.has(action) && target) {
    return target.unitId !== null && target.unitId === actor.unitId
  }
  return true
}

export const ROLE_NAMES: Record<Role, string> = {
  admin: '管理员',
  leader: '领导',
  liaison: '联络员',
  stranger: '未绑定用户',
}
