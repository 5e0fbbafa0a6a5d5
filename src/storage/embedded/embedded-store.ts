import { mkdir } from 'node:fs/promises'
import type { Doc, DocumentCollection, DocumentStore } from '../document-store.js'
import { fsyncDir, journalFile, listJournals, pathIn, removeJournalsBelow } from './data-files.js'
import { EmbeddedCollection, type StoreCore } from './embedded-collection.js'
import { GroupCommit } from './group-commit.js'
import { JournalFile } from './journal-file.js'
import { acquireLock, type Lock } from './lock-file.js'
import { encodeLine } from './records.js'
import { recover } from './recover.js'
import { writeSnapshot } from './snapshot.js'
import { Tx, type StoreState } from './store-state.js'

export type EmbeddedStoreEvent =
  | { type: 'recovered'; generation: number; droppedBytes: number }
  | { type: 'compaction-started' }
  | { type: 'compaction-finished'; snapshotBytes: number }
  | { type: 'compaction-failed'; error: unknown }

export interface EmbeddedStoreOptions {
  dataDir: string
  /** Compact once the journal is larger than this and than the last snapshot (default 8 MiB). */
  compactAtBytes?: number
  onEvent?: (event: EmbeddedStoreEvent) => void
  /** Test seam: runs before each journal batch is written; throwing simulates a failing disk. */
  beforeJournalWrite?: () => void
}

const DEFAULT_COMPACT_AT_BYTES = 8 * 1024 * 1024
const NO_BYTES = Buffer.alloc(0)

/** Opens (creating if needed) the data directory: takes the lock, loads the snapshot and replays the journal. */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<DocumentStore> {
  await mkdir(options.dataDir, { recursive: true })
  const lock = await acquireLock(options.dataDir)
  try {
    const recovered = await recover(options.dataDir)
    const journal = await openJournal(options.dataDir, recovered.generation)
    emit(options, { type: 'recovered', generation: recovered.generation, droppedBytes: recovered.droppedBytes })
    return new EmbeddedStore(options, lock, recovered.state, journal, recovered.generation, recovered.snapshotBytes)
  } catch (error) {
    await lock.release()
    throw error
  }
}

class EmbeddedStore implements DocumentStore, StoreCore {
  readonly kind = 'embedded'
  private readonly committer: GroupCommit
  private readonly compactAtBytes: number
  /** Set while a compaction waits for memory to equal the journal; writes queue here meanwhile. */
  private deferred: Array<() => void> | null = null
  private compaction: Promise<void> | null = null
  private closing: Promise<void> | null = null
  private closed = false

  constructor(
    private readonly options: EmbeddedStoreOptions,
    private readonly lock: Lock,
    readonly state: StoreState,
    journal: JournalFile,
    private generation: number,
    private snapshotBytes: number,
  ) {
    this.compactAtBytes = options.compactAtBytes ?? DEFAULT_COMPACT_AT_BYTES
    this.committer = new GroupCommit(journal, {
      beforeWrite: options.beforeJournalWrite,
      afterCommit: () => this.maybeCompact(),
    })
  }

  collection<T extends Doc = Doc>(name: string): DocumentCollection<T> {
    if (name === '' || name.includes('$') || name.includes('\0')) throw new Error(`Invalid collection name: ${JSON.stringify(name)}`)
    return new EmbeddedCollection<T>(name, this)
  }

  listCollections(): Promise<string[]> {
    return this.read(() => this.state.names())
  }

  dropAll(): Promise<void> {
    return this.write((tx) => this.state.dropAll(tx))
  }

  ping(): Promise<void> {
    return this.read(() => undefined)
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown()
    return this.closing
  }

  read<R>(fn: () => R): Promise<R> {
    if (this.closed) return Promise.reject(new Error('The store is closed'))
    try {
      return Promise.resolve(fn())
    } catch (error) {
      return Promise.reject(error)
    }
  }

  write<R>(fn: (tx: Tx) => R): Promise<R> {
    if (this.closing) return Promise.reject(new Error('The store is closed'))
    return this.apply(fn)
  }

  /**
   * Applies the write to memory now (so later writes and reads see it) and resolves once its journal
   * line is fsync'ed. If the journal write fails, the change is undone in memory and the write rejects.
   */
  private apply<R>(fn: (tx: Tx) => R): Promise<R> {
    const deferred = this.deferred
    if (deferred) {
      return new Promise((resolve, reject) => deferred.push(() => void this.apply(fn).then(resolve, reject)))
    }
    const tx = new Tx()
    let result: R
    let line: Buffer
    try {
      result = fn(tx)
      line = tx.changes.length > 0 ? encodeLine(tx.changes) : NO_BYTES
    } catch (error) {
      tx.rollback()
      return this.afterPending().then(() => Promise.reject(error))
    }
    if (line.length === 0) return this.afterPending().then(() => result)
    return this.committer.submit(line, () => tx.rollback()).then(() => result)
  }

  /**
   * A write that changed nothing (or failed) may still have read writes that are not yet acknowledged:
   * its outcome is reported after theirs.
   */
  private afterPending(): Promise<void> {
    return this.committer.idle ? Promise.resolve() : this.committer.submit(NO_BYTES, () => undefined)
  }

  private maybeCompact(): void {
    if (this.compaction || this.closing) return
    // Waiting for the journal to outgrow the snapshot bounds the rewrite cost for large data sets.
    if (this.committer.journal.size < Math.max(this.compactAtBytes, this.snapshotBytes)) return
    this.compaction = this.compact()
      .catch((error: unknown) => emit(this.options, { type: 'compaction-failed', error }))
      .finally(() => {
        this.compaction = null
      })
  }

  /**
   * Crash safety: the new journal is created (and the directory fsync'ed) before the snapshot replaces
   * the old one, and old journals are deleted only after that rename is durable; recovery replays every
   * journal at or above the snapshot's generation, so each step leaves a complete, replayable state.
   */
  private async compact(): Promise<void> {
    emit(this.options, { type: 'compaction-started' })
    const waiting: Array<() => void> = []
    this.deferred = waiting
    let captured: ReturnType<StoreState['capture']>
    let previous: JournalFile
    const generation = this.generation + 1
    try {
      await this.committer.drain()
      captured = this.state.capture()
      previous = this.committer.switchTo(await openJournal(this.options.dataDir, generation))
      this.generation = generation
    } finally {
      this.deferred = null
      for (const run of waiting) run()
    }
    await previous.close()
    this.snapshotBytes = await writeSnapshot(this.options.dataDir, generation, captured)
    await removeJournalsBelow(this.options.dataDir, generation)
    emit(this.options, { type: 'compaction-finished', snapshotBytes: this.snapshotBytes })
  }

  /** Waits for pending writes, writes a final snapshot when the journal holds anything, releases the lock. */
  private async shutdown(): Promise<void> {
    try {
      await this.compaction
      await this.committer.drain()
      const journal = this.committer.journal
      await journal.close()
      const journals = await listJournals(this.options.dataDir)
      if (journal.size > 0 || journals.length > 1) {
        const generation = this.generation + 1
        await writeSnapshot(this.options.dataDir, generation, this.state.capture())
        await removeJournalsBelow(this.options.dataDir, generation)
      }
    } finally {
      this.closed = true
      await this.lock.release()
    }
  }
}

/** Observers must not be able to break the store. */
function emit(options: EmbeddedStoreOptions, event: EmbeddedStoreEvent): void {
  try {
    options.onEvent?.(event)
  } catch {
    // ignored
  }
}

async function openJournal(dataDir: string, generation: number): Promise<JournalFile> {
  const journal = await JournalFile.open(pathIn(dataDir, journalFile(generation)))
  await fsyncDir(dataDir)
  return journal
}
