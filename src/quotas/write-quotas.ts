import type { RequestHandler } from 'express'
import { TooManyRequestsError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { AttemptThrottle, type Limit } from '../accounts/login-throttle.js'
import type { DocumentStore } from '../storage/document-store.js'
import type { QuotaAction, QuotaSettings } from './quota-settings.js'

/** Who writes: the account (when signed in) and the client address. */
export interface Writer {
  userId: string | null | undefined
  ip: string | null | undefined
}

const PRUNE_EVERY_MS = 60_000

/**
 * Per-account and per-address write quotas (ADR 033) over sliding windows in `write_quotas`.
 * A client over a limit is answered 429 with Retry-After, and its refused requests write nothing.
 */
export class WriteQuotas {
  private readonly windows: AttemptThrottle
  /** The longest window of any quota: older counts are no longer needed (the retention sweep deletes them). */
  readonly longestWindowMs: number
  private lastPrune = 0

  constructor(
    store: DocumentStore,
    private readonly settings: QuotaSettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.windows = new AttemptThrottle(store, now, 'write_quotas')
    this.longestWindowMs = Math.max(
      ...Object.values(settings).flatMap((rule) => [...rule.perAccount, ...rule.perAddress].map((w) => w.windowMs)),
    )
  }

  ensureIndexes(): Promise<void> {
    return this.windows.ensureIndexes()
  }

  /** Counts one write of `action`, or throws 429 (TooManyRequestsError) when a limit is reached. */
  async take(action: QuotaAction, writer: Writer): Promise<void> {
    const result = await this.windows.take(this.limits(action, writer))
    await this.pruneNowAndThen()
    if ('blockedForSeconds' in result) throw quotaExceeded(result.blockedForSeconds)
  }

  /** Like `take`, but answers false instead of throwing (for writes that may quietly be skipped). */
  async tryTake(action: QuotaAction, writer: Writer): Promise<boolean> {
    const result = await this.windows.take(this.limits(action, writer))
    return !('blockedForSeconds' in result)
  }

  private limits(action: QuotaAction, writer: Writer): Limit[] {
    const rule = this.settings[action]
    const limits: Limit[] = []
    if (writer.userId)
      for (const [i, w] of rule.perAccount.entries())
        limits.push({ key: `${action}:account:${writer.userId}:${i}`, ...w })
    if (writer.ip)
      for (const [i, w] of rule.perAddress.entries()) limits.push({ key: `${action}:ip:${writer.ip}:${i}`, ...w })
    return limits
  }

  /** Old windows are deleted at most once a minute per process, not at every write. */
  private async pruneNowAndThen(): Promise<void> {
    const now = this.now().getTime()
    if (now - this.lastPrune < PRUNE_EVERY_MS) return
    this.lastPrune = now
    await this.windows.prune(this.longestWindowMs)
  }
}

export function quotaExceeded(seconds: number): TooManyRequestsError {
  return new TooManyRequestsError(seconds, t('quota.tooMany', { minutes: Math.ceil(seconds / 60) }))
}

/** Route middleware: counts the request against the signed-in writer's quota for `action` (after the access guard). */
export function quota(quotas: WriteQuotas, action: QuotaAction): RequestHandler {
  return async (req, _res, next) => {
    await quotas.take(action, { userId: req.principal?.user.id, ip: req.ip })
    next()
  }
}
