import { createActionRegistry } from './actions'
import { helpCommand } from './help'
import { createRegistry, type Registry } from './registry'

/** Every chat command, in the order /帮助 lists them. No file scanning: Workers has no filesystem. */
export const registry: Registry = createRegistry([helpCommand(() => registry)])

/** Every card button handler, by the `a` in its value. */
export const cardActionRegistry = createActionRegistry([])
