import type { Change, ChangeLog } from './change-log.js'

/** Where an instance stands in the changes feed (reported by /health). */
export interface FollowerStatus {
  /** The last entry applied to this instance's in-memory data. */
  appliedSeq: number
  /** Entries known to be written but not yet applied. */
  behind: number
  /** When a poll last read to the end of the feed (null before the first). */
  caughtUpAt: string | null
  /** How far behind this instance can be: time since it last read to the end of the feed. */
  lagMs: number | null
  lastError: { at: string; message: string } | null
}

export interface FollowerOptions {
  changes: ChangeLog
  /** Brings the in-memory data up to date with these entries (oldest first). */
  apply: (entries: Change[]) => Promise<void>
  /** The entry the in-memory data was built at (read before it was built). */
  from: number
  intervalMs: number
  onError?: (error: unknown) => void
  clock?: () => Date
}

const PAGE = 1000

/**
 * Follows the changes feed so that what other app instances wrote reaches this one within about one
 * interval (docs/adr/026): every `intervalMs` it reads the entries after the last one it applied and
 * applies them. Entries are written after their records, so reading a record after its entry
 * always finds it at least as new; the instance's own writes come back too and change nothing.
 */
export class ChangeFollower {
  private applied: number
  private latest: number
  private caughtUpAt: Date | null = null
  private lastError: FollowerStatus['lastError'] = null
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private stopped = false
  private readonly clock: () => Date
  private waiters: { seq: number; resolve: () => void }[] = []

  constructor(private readonly options: FollowerOptions) {
    this.applied = options.from
    this.latest = options.from
    this.clock = options.clock ?? (() => new Date())
  }

  /** Polls every interval until `stop()`. */
  start(): void {
    this.stopped = false
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
  }

  /** Reads and applies everything written since the last poll; concurrent calls share one run. */
  poll(): Promise<void> {
    this.running ??= this.readToEnd().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Resolves once the entry `seq` (and every one before it) is applied here. */
  caughtUpTo(seq: number): Promise<void> {
    if (this.applied >= seq) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ seq, resolve }))
  }

  status(): FollowerStatus {
    const now = this.clock().getTime()
    return {
      appliedSeq: this.applied,
      behind: Math.max(0, this.latest - this.applied),
      caughtUpAt: this.caughtUpAt?.toISOString() ?? null,
      lagMs: this.caughtUpAt ? Math.max(0, now - this.caughtUpAt.getTime()) : null,
      lastError: this.lastError,
    }
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.poll().finally(() => this.schedule())
    }, this.options.intervalMs)
    this.timer.unref()
  }

  private wake(): void {
    const ready = this.waiters.filter((waiter) => waiter.seq <= this.applied)
    this.waiters = this.waiters.filter((waiter) => waiter.seq > this.applied)
    for (const waiter of ready) waiter.resolve()
  }

  private async readToEnd(): Promise<void> {
    const started = this.clock()
    try {
      for (;;) {
        const entries = await this.options.changes.list(this.applied, PAGE)
        if (entries.length > 0) {
          this.latest = Math.max(this.latest, entries.at(-1)!.seq)
          await this.options.apply(entries)
          this.applied = entries.at(-1)!.seq
          this.wake()
        }
        if (entries.length < PAGE) break
      }
      // Everything written before this poll started is applied now.
      this.caughtUpAt = started
      this.lastError = null
    } catch (error) {
      this.lastError = {
        at: this.clock().toISOString(),
        message: error instanceof Error ? error.message : String(error),
      }
      this.options.onError?.(error)
    }
  }
}
