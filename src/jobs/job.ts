import type { DeliverOptions } from '../delivery/deliver'

export type JobOptions = {
  now: Date
  /** The week to run for, e.g. 2026-W48; each job has its own default. */
  week?: string
  /** How the fan-out sends: how many overlap, how many subrequests it may make. */
  deliver?: DeliverOptions
}

/**
 * What one run did: `sent` now, `served` in all for the period, `pending` claimed but unsent
 * (the sweep sends them), `failed` given up on (absent for a job that delivers in many periods
 * at once).
 */
export type JobResult = {
  job: string
  period: string
  sent: number
  served?: number
  pending?: number
  failed?: number
  /** Why nothing was sent, in words for the operator. */
  skipped?: string
  /** Nothing worth a log line (a frequent job that found nothing to do). */
  quiet?: boolean
}

export const skippedRun = (job: string, period: string, skipped: string): JobResult => ({
  job,
  period,
  sent: 0,
  served: 0,
  pending: 0,
  skipped,
})
