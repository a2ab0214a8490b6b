import { bind, role, unbind } from './bind'
import { bindDecisionAction } from './bind-request'
import catalogCommand from './catalog'
import correct from './correct'
import digest, { openAction } from './digest'
import draftCommand from './draft'
import exportCommand from './export'
import { helpCommand } from './help'
import { lockCancelAction, lockCommand, lockConfirmAction, unlockCommand } from './lock'
import progress from './progress'
import missing, { nudgeAction } from './missing'
import officeFigures from './office-figures'
import records from './records'
import rectification from './rectification'
import { addAction } from './rectification-add'
import {
  approveAction,
  closeAction,
  closeSubmitAction,
  extendAction,
  extendFormAction,
  rejectAction,
} from './rectification-actions'
import { pageAction } from './rectification-list'
import type { Handlers, Registry } from '../src/handlers'
import { createActionRegistry, createRegistry } from './registry'
import report, { nothingAction, releaseAction, reportFormAction } from './report'
import revoke, { revokeAction } from './revoke'
import settings from './settings'
import stats from './stats'
import targets from './targets'
import units from './units'

/** Every chat command, in the order /帮助 lists them. No file scanning: Workers has no filesystem. */
const commands: Registry = createRegistry([
  report,
  revoke,
  correct,
  progress,
  stats,
  targets,
  records,
  missing,
  digest,
  rectification,
  draftCommand,
  officeFigures,
  exportCommand,
  lockCommand,
  unlockCommand,
  catalogCommand,
  units,
  bind,
  unbind,
  role,
  settings,
  helpCommand(() => commands),
])

/** Every card button handler, by the `a` in its value. */
const actions = createActionRegistry([
  revokeAction,
  releaseAction,
  reportFormAction,
  nothingAction,
  bindDecisionAction,
  nudgeAction,
  openAction,
  addAction,
  pageAction,
  closeAction,
  closeSubmitAction,
  extendFormAction,
  extendAction,
  approveAction,
  rejectAction,
  lockConfirmAction,
  lockCancelAction,
])

/** What the entries hand to createApp and runJob. */
export const handlers: Handlers = { commands, actions }
