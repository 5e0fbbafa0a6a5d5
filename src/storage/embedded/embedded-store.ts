import type {
  Doc,
  DocumentCollection,
  DocumentStore,
  DroppedRecord,
  StoreContents,
  StoreStatus,
  Transaction,
} from '../document-store.js'
import { StoreClosedError, StorageFullError, UnitConflictError } from '../document-store.js'
import { assertOutsideUnit, runEffects, runInUnit, UnitCollection, UnitRun } from '../unit-context.js'
import {
  ensureDataDir,
  fsyncDir,
  journalFile,
  pathIn,
  removeJournalsBelow,
  RESTORE_TEMP_FILE,
  SNAPSHOT_FILE,
} from './data-files.js'
import { EmbeddedCollection, type StoreCore } from './embedded-collection.js'
import { GroupCommit } from './group-commit.js'
import { JournalFile } from './journal-file.js'
import { acquireLock, type Lock, type LockOptions } from './lock-file.js'
import { writeManifest, type Manifest } from './manifest.js'
import { encodeLine } from './records.js'
import { recover } from './recover.js'
import { loadSnapshot, writeSnapshot, writeSnapshotFile } from './snapshot.js'
import { StoreState, Tx } from './store-state.js'
import { rename, rm } from 'node:fs/promises'

export type RestoreStep = 'journal-created' | 'snapshot-written' | 'snapshot-checked' | 'switched' | 'cleaned'

export type EmbeddedStoreEvent =
  | { type: 'recovered'; generation: number; droppedBytes: number; dropped: DroppedRecord[] }
  | { type: 'compaction-started' }
  | { type: 'compaction-finished'; snapshotBytes: number }
  | { type: 'compaction-failed'; error: unknown; failures: number }
  | { type: 'final-snapshot-failed'; error: unknown }
  | { type: 'lock-lost' }
  | { type: 'restore-step'; step: RestoreStep }

export interface EmbeddedStoreOptions {
  dataDir: string
  /** Compact once the journal is larger than this and than the last snapshot (default 8 MiB). */
  compactAtBytes?: number
  onEvent?: (event: EmbeddedStoreEvent) => void
  /** Test seam: runs before each journal batch is written; throwing simulates a failing disk. */
  beforeJournalWrite?: () => void
  /** Test seam: runs before each snapshot is written (compaction, close, restore). */
  beforeSnapshotWrite?: () => void
  lock?: Omit<LockOptions, 'onLost'>
  /** Test seam: awaited inside each unit of writes, after its first write and before its commit (the crash test kills there). */
  unitSeam?: (point: { unit: number; phase: 'after-first-write' | 'before-commit' }) => Promise<void> | void
}

const DEFAULT_COMPACT_AT_BYTES = 8 * 1024 * 1024
const NO_BYTES = Buffer.alloc(0)
const MAX_UNIT_ATTEMPTS = 20

/** Opens (creating if needed) the data directory: takes the lock, checks the files, loads the snapshot and replays the journal. */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  await ensureDataDir(options.dataDir)
  let store: EmbeddedStore | null = null
  const lock = await acquireLock(options.dataDir, {
    ...options.lock,
    onLost: () => store?.lockLost(),
  })
  try {
    const recovered = await recover(options.dataDir)
    const journal = await openJournal(options.dataDir, recovered.generation)
    if (JSON.stringify(recovered.manifest) !== JSON.stringify(recovered.manifestOnDisk))
      await writeManifest(options.dataDir, recovered.manifest)
    const droppedBytes = recovered.dropped.reduce((sum, d) => sum + d.bytes, 0)
    emit(options, { type: 'recovered', generation: recovered.generation, droppedBytes, dropped: recovered.dropped })
    store = new EmbeddedStore(
      options,
      lock,
      recovered.state,
      journal,
      recovered.generation,
      recovered.snapshotBytes,
      recovered.manifest,
      recovered.dropped,
    )
    return store
  } catch (error) {
    await lock.release()
    throw error
  }
}

export class EmbeddedStore implements DocumentStore, StoreCore {
  readonly kind = 'embedded'
  private readonly committer: GroupCommit
  private readonly compactAtBytes: number
  /** Held by a unit of writes, a compaction's switch, a backup's capture or a restore; plain writes wait meanwhile. */
  private held = false
  private readonly gateQueue: Array<() => void> = []
  private deferredWrites: Array<() => void> = []
  private compaction: Promise<void> | null = null
  /** After a failed compaction, the journal size at which it is tried again. */
  private retryCompactionAt = 0
  private compactionFailures = 0
  private lastCompactionError: string | null = null
  private replacing = false
  private units = 0
  private marking: Promise<void> | null = null
  private closing: Promise<void> | null = null
  private closed = false
  private lost = false

  constructor(
    private readonly options: EmbeddedStoreOptions,
    private readonly lock: Lock,
    readonly state: StoreState,
    journal: JournalFile,
    private generation: number,
    private snapshotBytes: number,
    private manifest: Manifest,
    private readonly dropped: DroppedRecord[],
  ) {
    this.compactAtBytes = options.compactAtBytes ?? DEFAULT_COMPACT_AT_BYTES
    this.committer = new GroupCommit(journal, {
      beforeWrite: options.beforeJournalWrite,
      afterCommit: () => this.afterCommit(),
    })
  }

  collection<T extends Doc = Doc>(name: string): DocumentCollection<T> {
    return new EmbeddedCollection<T>(checkName(name), this)
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

  status(): StoreStatus {
    return {
      kind: this.kind,
      droppedAtRecovery: [...this.dropped],
      compactionFailures: this.compactionFailures,
      lastCompactionError: this.lastCompactionError,
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown()
    return this.closing
  }

  read<R>(fn: () => R): Promise<R> {
    if (this.closed) return Promise.reject(new StoreClosedError())
    try {
      assertOutsideUnit(this)
      return Promise.resolve(fn())
    } catch (error) {
      return Promise.reject(error)
    }
  }

  write<R>(fn: (tx: Tx) => R): Promise<R> {
    if (this.closing || this.lost) return Promise.reject(this.closedError())
    try {
      assertOutsideUnit(this)
    } catch (error) {
      return Promise.reject(error)
    }
    return this.apply(fn)
  }

  async transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    assertOutsideUnit(this)
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runUnit(work)
      } catch (error) {
        if (!(error instanceof UnitConflictError) || attempt >= MAX_UNIT_ATTEMPTS) throw error
      }
    }
  }

  /** Every collection once every write accepted so far is on disk (writes wait meanwhile). */
  async contents(): Promise<StoreContents> {
    assertOutsideUnit(this)
    if (this.closed) throw new StoreClosedError()
    await this.acquire()
    let captured
    try {
      await this.committer.drain()
      captured = this.state.capture()
    } finally {
      this.release()
    }
    const contents: StoreContents = new Map()
    for (const coll of captured.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (coll.docs.length > 0)
        contents.set(
          coll.name,
          [...coll.docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)),
        )
    }
    return contents
  }

  /**
   * Replaces everything with `contents` (restore, ADR 022): the new state is written as the snapshot
   * of a new generation beside the live one, read back and compared, and only then renamed over it,
   * so a kill at any moment leaves the old store or the new one. Index declarations are kept for the
   * collections restored, and checked against the new data first.
   */
  async replaceAll(contents: StoreContents): Promise<void> {
    assertOutsideUnit(this)
    if (this.closing || this.lost) throw this.closedError()
    while (this.compaction) await this.compaction
    this.replacing = true
    await this.acquire()
    try {
      await this.committer.drain()
      const next = new StoreState()
      const expected = new Map<string, number>()
      for (const [name, docs] of contents) {
        next.replay({ op: 'create', coll: name })
        for (const index of this.state.get(name)?.indexes.values() ?? [])
          next.replay({ op: 'index', coll: name, index })
        for (const doc of docs) next.replay({ op: 'put', coll: name, doc })
        expected.set(name, next.get(name)?.docs.size ?? 0)
      }
      next.rebuildIndexes() // a unique index the data breaks refuses the restore before any file is touched
      const generation = this.generation + 1
      const dir = this.options.dataDir
      const journal = await openJournal(dir, generation)
      this.step('journal-created')
      this.options.beforeSnapshotWrite?.()
      const bytes = await writeSnapshotFile(pathIn(dir, RESTORE_TEMP_FILE), generation, next.capture())
      this.step('snapshot-written')
      const check = new StoreState()
      await loadSnapshot(dir, check, RESTORE_TEMP_FILE)
      for (const [name, count] of expected) {
        if ((check.get(name)?.docs.size ?? 0) !== count)
          throw new Error(`The restored snapshot does not hold the ${count} documents of ${name}; nothing was changed`)
      }
      this.step('snapshot-checked')
      await this.lock.verify()
      await rename(pathIn(dir, RESTORE_TEMP_FILE), pathIn(dir, SNAPSHOT_FILE))
      await fsyncDir(dir)
      this.step('switched')
      const previous = this.committer.switchTo(journal)
      this.generation = generation
      this.snapshotBytes = bytes
      this.state.replaceWith(next)
      await previous.close()
      await this.saveManifest({ generation, hasData: next.documentCount() > 0 || this.manifest.hasData })
      await removeJournalsBelow(dir, generation)
      this.step('cleaned')
    } finally {
      await rm(pathIn(this.options.dataDir, RESTORE_TEMP_FILE), { force: true })
      this.replacing = false
      this.release()
    }
  }

  /** The lock file no longer names this process: stop writing at once, delete nothing. */
  lockLost(): void {
    this.lost = true
    emit(this.options, { type: 'lock-lost' })
  }

  private closedError(): Error {
    return new StoreClosedError(
      this.lost ? 'The store lost its lock to another process and takes no more writes' : 'The store is closed',
    )
  }

  private step(step: RestoreStep): void {
    emit(this.options, { type: 'restore-step', step })
  }

  private async runUnit<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    if (this.closing || this.lost) throw this.closedError()
    await this.acquire()
    if (this.closed || this.lost) {
      this.release()
      throw this.closedError()
    }
    const unit = new UnitRun(this)
    const tx = new Tx()
    const seam = this.options.unitSeam
    const number = ++this.units
    let writes = 0
    const core: StoreCore = {
      state: this.state,
      read: (fn) => attempt(fn),
      write: (fn) => {
        const done = attempt(() => fn(tx))
        return seam && ++writes === 1
          ? done.then(async (value) => (await seam({ unit: number, phase: 'after-first-write' }), value))
          : done
      },
    }
    const handle: Transaction = {
      collection: <T extends Doc = Doc>(name: string) =>
        new UnitCollection<T>(new EmbeddedCollection<T>(checkName(name), core), unit),
      afterCommit: (effect) => {
        unit.check()
        unit.effects.push(effect)
      },
    }
    let result: R
    let line: Buffer
    try {
      result = await runInUnit(unit, () => work(handle))
      if (unit.failure !== null) throw unit.failure
      await seam?.({ unit: number, phase: 'before-commit' })
      line = tx.changes.length > 0 ? encodeLine(tx.changes) : NO_BYTES
    } catch (error) {
      unit.open = false
      tx.rollback()
      this.release()
      throw error
    }
    unit.open = false
    // One journal record: recovery applies all of the unit or (a torn record) none of it.
    const committed = line.length > 0 ? this.committer.submit(line, () => tx.rollback()) : this.afterPending()
    this.release()
    await committed.catch((error: unknown) => Promise.reject(diskError(error)))
    await this.markHasData()
    runEffects(unit.effects)
    return result
  }

  private async acquire(): Promise<void> {
    if (!this.held) {
      this.held = true
      return
    }
    await new Promise<void>((resolve) => this.gateQueue.push(resolve))
  }

  /** Applies the writes that waited, then hands the gate to the next unit. */
  private release(): void {
    const writes = this.deferredWrites
    this.deferredWrites = []
    this.held = false
    for (const run of writes) run()
    const next = this.gateQueue.shift()
    if (next) {
      this.held = true
      next()
    }
  }

  /**
   * Applies the write to memory now (so later writes and reads see it) and resolves once its journal
   * line is fsync'ed. If the journal write fails, the change is undone in memory and the write rejects.
   */
  private apply<R>(fn: (tx: Tx) => R): Promise<R> {
    if (this.held) {
      return new Promise((resolve, reject) => this.deferredWrites.push(() => void this.apply(fn).then(resolve, reject)))
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
    return this.committer
      .submit(line, () => tx.rollback())
      .then(
        () => this.markHasData().then(() => result),
        (error: unknown) => Promise.reject(diskError(error)),
      )
  }

  /**
   * A write that changed nothing (or failed) may still have read writes that are not yet acknowledged:
   * its outcome is reported after theirs.
   */
  private afterPending(): Promise<void> {
    return this.committer.idle ? Promise.resolve() : this.committer.submit(NO_BYTES, () => undefined)
  }

  private afterCommit(): void {
    this.maybeCompact()
  }

  /**
   * Once the store holds data, store.json says so before that first write is acknowledged: an
   * emptied journal is then refused, not taken for a new store. (One extra fsync in a store's life.)
   */
  private markHasData(): Promise<void> {
    if (this.manifest.hasData || this.state.documentCount() === 0) return Promise.resolve()
    this.marking ??= writeManifest(this.options.dataDir, { ...this.manifest, hasData: true }).then(
      () => {
        this.manifest = { ...this.manifest, hasData: true }
        this.marking = null
      },
      (error: unknown) => {
        this.marking = null
        throw diskError(error)
      },
    )
    return this.marking
  }

  private maybeCompact(): void {
    if (this.compaction || this.closing || this.replacing || this.lost) return
    const size = this.committer.journal.size
    // Waiting for the journal to outgrow the snapshot bounds the rewrite cost for large data sets.
    if (size < Math.max(this.compactAtBytes, this.snapshotBytes, this.retryCompactionAt)) return
    this.compaction = this.compact()
      .then(() => {
        this.retryCompactionAt = 0
      })
      .catch((error: unknown) => {
        // Tried again once the journal has grown a little more; the data is safe in the journals meanwhile.
        this.compactionFailures++
        this.lastCompactionError = error instanceof Error ? error.message : String(error)
        this.retryCompactionAt = this.committer.journal.size + Math.max(64 * 1024, this.compactAtBytes / 8)
        emit(this.options, { type: 'compaction-failed', error, failures: this.compactionFailures })
      })
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
    let captured: ReturnType<StoreState['capture']>
    let previous: JournalFile
    const generation = this.generation + 1
    await this.acquire()
    try {
      await this.committer.drain()
      captured = this.state.capture()
      previous = this.committer.switchTo(await openJournal(this.options.dataDir, generation))
      this.generation = generation
    } finally {
      this.release()
    }
    await previous.close()
    this.options.beforeSnapshotWrite?.()
    await this.lock.verify()
    this.snapshotBytes = await writeSnapshot(this.options.dataDir, generation, captured)
    await this.saveManifest({ generation, hasData: this.manifest.hasData || captured.some((c) => c.docs.length > 0) })
    await removeJournalsBelow(this.options.dataDir, generation)
    emit(this.options, { type: 'compaction-finished', snapshotBytes: this.snapshotBytes })
  }

  private async saveManifest(change: Partial<Manifest>): Promise<void> {
    this.manifest = { ...this.manifest, ...change }
    await writeManifest(this.options.dataDir, this.manifest)
  }

  /**
   * Waits for units and pending writes, writes a final snapshot when the journal holds anything, and
   * releases the lock. A snapshot that cannot be written (a full disk) is reported, not thrown: the
   * journals still hold every acknowledged write and are replayed at the next start.
   */
  private async shutdown(): Promise<void> {
    try {
      while (this.compaction) await this.compaction
      await this.acquire()
      await this.committer.drain()
      const journal = this.committer.journal
      await journal.close()
      if (!this.lost && journal.size > 0) await this.finalSnapshot()
    } finally {
      this.closed = true
      this.release()
      await this.lock.release()
    }
  }

  private async finalSnapshot(): Promise<void> {
    const generation = this.generation + 1
    const dir = this.options.dataDir
    try {
      this.options.beforeSnapshotWrite?.()
      await this.lock.verify()
      const next = await openJournal(dir, generation) // the journal of a snapshot's generation exists before the snapshot
      await next.close()
      await writeSnapshot(dir, generation, this.state.capture())
      this.generation = generation
      await this.saveManifest({ generation, hasData: this.manifest.hasData || this.state.documentCount() > 0 })
      await removeJournalsBelow(dir, generation)
    } catch (error) {
      emit(this.options, { type: 'final-snapshot-failed', error: diskError(error) })
    }
  }
}

function attempt<R>(fn: () => R): Promise<R> {
  try {
    return Promise.resolve(fn())
  } catch (error) {
    return Promise.reject(error)
  }
}

function checkName(name: string): string {
  if (name === '' || name.includes('$') || name.includes('\0'))
    throw new Error(`Invalid collection name: ${JSON.stringify(name)}`)
  return name
}

/** A full disk is told apart from other failures (the API answers 507). */
function diskError(error: unknown): unknown {
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  return code === 'ENOSPC' || code === 'EDQUOT' ? new StorageFullError({ cause: error }) : error
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
