import { z } from 'zod'
import {
  DuplicateKeyError,
  UnitConflictError,
  type DocumentCollection,
  type DocumentStore,
  type Transaction,
} from '../storage/document-store.js'
import { hasTransactions } from '../storage/mongodb/mongo-store.js'

/** The collections whose writes are logged (DESIGN C8 "a changes feed"). */
export const CHANGE_COLLECTIONS = ['investments', 'instruments', 'funds', 'glossary', 'guidance'] as const
export const ChangeCollection = z.enum(CHANGE_COLLECTIONS)
export type ChangeCollection = z.infer<typeof ChangeCollection>

/**
 * `create` a new record · `update` a changed record · `retire` the record is retired (hidden from the
 * public lists, still stored) · `remove` the record was deleted.
 */
export const CHANGE_OPS = ['create', 'update', 'retire', 'remove'] as const
export const ChangeOp = z.enum(CHANGE_OPS)
export type ChangeOp = z.infer<typeof ChangeOp>

export const Change = z.object({
  /** Position in the feed: 1, 2, 3 … without gaps, in the order the entries were written. */
  seq: z.number().int().positive(),
  /** When the entry was written (ISO 8601, UTC). */
  at: z.iso.datetime(),
  collection: ChangeCollection,
  /** The record's id (investments) or slug (instruments, funds, glossary terms). */
  id: z.string().min(1),
  op: ChangeOp,
})
export type Change = z.infer<typeof Change>
export type ChangeInput = Pick<Change, 'collection' | 'id' | 'op'>

type ChangeDoc = Change & { _id: string }

const COLLECTION_NAME = 'changes'
/** One log per store in a process, so the process's writers take turns instead of racing (see `ChangeLog.for`). */
const shared = new WeakMap<DocumentStore, ChangeLog>()

/** `_id` of entry `seq`: zero-padded so that `_id` order is feed order on both engines. */
export function changeDocId(seq: number): string {
  return String(seq).padStart(12, '0')
}

/**
 * The append-only log behind `GET /api/v1/changes`. An entry's `seq` is claimed by inserting a
 * document whose `_id` is that number: the unique `_id` index lets exactly one writer have each
 * number, on the embedded engine and on MongoDB (several app instances) alike, and number n+1 can
 * only be claimed once n is visible, so the feed has no gaps and a reader never skips an entry
 * (ADR 010). Repositories write the entry in the same unit as the record itself (ADR 022): both
 * are committed or neither is. A number taken by another writer meanwhile fails the unit with a
 * UnitConflictError, which runs it again.
 */
export class ChangeLog {
  private readonly collection: DocumentCollection<ChangeDoc>
  /** Last seq this instance saw; a hint only (another writer may be ahead: then the insert fails and we look again). */
  private last: number | null = null
  /** Writes of this instance one after another, so they do not race each other for the same number. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly store: DocumentStore,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.collection = store.collection<ChangeDoc>(COLLECTION_NAME)
  }

  /** The process-wide log of a store (repositories use it unless given one). */
  static for(store: DocumentStore): ChangeLog {
    let log = shared.get(store)
    if (!log) {
      log = new ChangeLog(store)
      shared.set(store, log)
    }
    return log
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { seq: 1 }, unique: true, name: 'seq' })
  }

  /** Appends entries (in the given order) as a unit of their own and returns them with their numbers. */
  record(entries: ChangeInput[]): Promise<Change[]> {
    if (entries.length === 0) return Promise.resolve([])
    const run = this.queue.then(() => this.store.transaction((tx) => this.recordIn(tx, entries)))
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Appends entries as part of the unit `tx` (the write they describe). */
  async recordIn(tx: Transaction, entries: ChangeInput[]): Promise<Change[]> {
    if (entries.length === 0) return []
    const collection = tx.collection<ChangeDoc>(COLLECTION_NAME)
    // Without transactions a unit that conflicts here cannot be run again (its first writes stay),
    // so the number is read from the store each time instead of trusting the hint.
    const hint = hasTransactionsOrEmbedded(this.store) ? this.last : null
    const start = (hint ?? (await latestIn(collection))) + 1
    const at = this.clock().toISOString()
    const batch: ChangeDoc[] = entries.map((entry, i) => ({
      _id: changeDocId(start + i),
      seq: start + i,
      at,
      collection: entry.collection,
      id: entry.id,
      op: entry.op,
    }))
    try {
      await collection.insertMany(batch)
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error
      this.last = null
      throw new UnitConflictError(`Another writer took change number ${start} first`)
    }
    const end = start + batch.length - 1
    // A hint only, kept once the numbers are committed: it never runs ahead of the stored feed.
    tx.afterCommit(() => {
      this.last = Math.max(this.last ?? 0, end)
    })
    return batch.map(fromDoc)
  }

  /** Entries after `since`, oldest first. */
  async list(since: number, limit: number): Promise<Change[]> {
    const docs = await this.collection.find({ seq: { $gt: since } }, { sort: { seq: 1 }, limit })
    return docs.map(fromDoc)
  }

  /** The highest seq written so far (0 when the log is empty). */
  latest(): Promise<number> {
    return latestIn(this.collection)
  }
}

async function latestIn(collection: DocumentCollection<ChangeDoc>): Promise<number> {
  const [top] = await collection.find({}, { sort: { seq: -1 }, limit: 1, projection: { seq: 1 } })
  return top?.seq ?? 0
}

function fromDoc(doc: ChangeDoc): Change {
  return { seq: doc.seq, at: doc.at, collection: doc.collection, id: doc.id, op: doc.op }
}

function hasTransactionsOrEmbedded(store: DocumentStore): boolean {
  return store.kind === 'embedded' || hasTransactions(store)
}
