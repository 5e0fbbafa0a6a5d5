import type { JournalFile } from './journal-file.js'

interface PendingWrite {
  data: Buffer
  undo: () => void
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * Group commit: writes that arrive while an fsync is in flight are written and fsync'ed together in
 * the next batch. A write's promise settles only after its batch is on disk (or has failed).
 */
export class GroupCommit {
  private queue: PendingWrite[] = []
  private running: Promise<void> | null = null

  constructor(
    private current: JournalFile,
    private readonly hooks: { beforeWrite?: (() => void) | undefined; afterCommit: () => void },
  ) {}

  get journal(): JournalFile {
    return this.current
  }

  get idle(): boolean {
    return this.running === null && this.queue.length === 0
  }

  /**
   * Queues the bytes of a write that is already applied in memory; `undo` reverts it if the batch fails.
   * Empty bytes make a marker that settles with the writes queued before it.
   */
  submit(data: Buffer, undo: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ data, undo, resolve, reject })
      this.running ??= this.run()
    })
  }

  /** Resolves when every submitted write has settled. */
  async drain(): Promise<void> {
    while (this.running) await this.running
  }

  /** Appends to another journal from now on; call only after `drain()`. */
  switchTo(journal: JournalFile): JournalFile {
    const previous = this.current
    this.current = journal
    return previous
  }

  private async run(): Promise<void> {
    await Promise.resolve() // writes issued in the same tick join the first batch
    while (this.queue.length > 0) {
      const batch = this.queue
      this.queue = []
      const data = batch.length === 1 && batch[0] ? batch[0].data : Buffer.concat(batch.map((w) => w.data))
      try {
        if (data.length > 0) {
          this.hooks.beforeWrite?.()
          await this.current.append(data)
        }
      } catch (error) {
        // Writes queued meanwhile were applied on top of the failed ones, so they are undone too.
        const failed = [...batch, ...this.queue]
        this.queue = []
        for (let i = failed.length - 1; i >= 0; i--) failed[i]?.undo()
        for (const write of failed) write.reject(error)
        continue
      }
      for (const write of batch) write.resolve()
      this.hooks.afterCommit()
    }
    this.running = null
  }
}
