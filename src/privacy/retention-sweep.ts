import type { DocumentStore } from '../storage/document-store.js'
import type { RetentionPeriods } from './retention-periods.js'

export interface SweepReport {
  at: string
  sessions: number
  signInAttempts: number
  writeCounters: number
  auditEntries: number
  auditAddresses: number
  invitations: number
}

/**
 * Deletes what the retention periods no longer allow (ADR 058), in one unit of writes: expired
 * sessions, sign-in and write counters older than their longest window (their keys hold email and
 * client addresses), audit entries past their period, client addresses of older audit entries, and
 * invitations long expired. Idempotent; several instances may run it.
 */
export class RetentionSweep {
  constructor(
    private readonly store: DocumentStore,
    readonly periods: RetentionPeriods,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sweep(): Promise<SweepReport> {
    const now = this.now()
    const before = (ms: number) => new Date(now.getTime() - ms).toISOString()
    const p = this.periods
    return this.store.transaction(async (tx) => {
      const sessions = await tx.collection('sessions').deleteMany({
        $or: [{ lastSeenAt: { $lt: before(p.sessionIdleMs) } }, { createdAt: { $lt: before(p.sessionAbsoluteMs) } }],
      })
      const attempts = await tx.collection('login_attempts').deleteMany({ at: { $lt: before(p.signInAttemptsMs) } })
      const counters = await tx.collection('write_quotas').deleteMany({ at: { $lt: before(p.writeCountersMs) } })
      const audit = await tx.collection('audit_log').deleteMany({ at: { $lt: before(p.auditMs) } })
      const addresses = await tx
        .collection('audit_log')
        .updateMany({ at: { $lt: before(p.auditIpMs) }, ip: { $ne: null } }, { $set: { ip: null } })
      const invitations = await tx.collection('invitations').deleteMany({ expiresAt: { $lt: before(p.invitationMs) } })
      return {
        at: now.toISOString(),
        sessions: sessions.deletedCount,
        signInAttempts: attempts.deletedCount,
        writeCounters: counters.deletedCount,
        auditEntries: audit.deletedCount,
        auditAddresses: addresses.modifiedCount,
        invitations: invitations.deletedCount,
      }
    })
  }

  /** Runs the sweep now and every `periods.sweepIntervalMs`; returns the function that stops it (waiting for a sweep in progress). */
  schedule(onReport: (report: SweepReport) => void, onError: (error: unknown) => void): () => Promise<void> {
    let current: Promise<void> | null = null
    const run = () => {
      current ??= this.sweep()
        .then(onReport, onError)
        .finally(() => (current = null))
    }
    run()
    const timer = setInterval(run, this.periods.sweepIntervalMs)
    timer.unref()
    return async () => {
      clearInterval(timer)
      await current
    }
  }
}
