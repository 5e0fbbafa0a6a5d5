import { ChangeLog } from '../changes/change-log.js'
import { ConflictError } from '../errors.js'
import {
  withinUnit,
  type Collections,
  type DocumentCollection,
  type DocumentStore,
  type Transaction,
} from '../storage/document-store.js'
import { Investment } from './investment.js'

type InvestmentDoc = Investment & { _id: string }
export type InvestmentChange = { type: 'upsert'; investment: Investment } | { type: 'remove'; id: string }
export type InvestmentListener = (change: InvestmentChange) => void

/**
 * Domain verbs over the `investments` collection. Every write goes into one unit with its entry in
 * the changes log (`GET /api/v1/changes`), the caller's unit when given one, and is announced to
 * listeners (the search index) once committed.
 */
export class InvestmentRepository {
  private readonly collection: DocumentCollection<InvestmentDoc>
  private readonly listeners: InvestmentListener[] = []

  constructor(
    private readonly store: DocumentStore,
    private readonly changes: ChangeLog = ChangeLog.for(store),
  ) {
    this.collection = store.collection<InvestmentDoc>('investments')
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { indigoId: 1 }, name: 'indigoId' })
    await this.collection.createIndex({ keys: { updatedAt: 1 }, name: 'updatedAt' })
  }

  /** Runs several writes of this repository as one unit (an import: all of it or nothing). */
  unit<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    return this.store.transaction(work)
  }

  onChange(listener: InvestmentListener): void {
    this.listeners.push(listener)
  }

  async all(): Promise<Investment[]> {
    const docs = await this.collection.find({}, { sort: { _id: 1 } })
    return docs.map(fromDoc)
  }

  /** The retired records (kept, not searchable), for curators. */
  async retired(): Promise<Investment[]> {
    const docs = await this.collection.find({ retired: true }, { sort: { _id: 1 } })
    return docs.map(fromDoc)
  }

  async get(id: string, tx?: Transaction): Promise<Investment | null> {
    const doc = await this.in(tx).findOne({ _id: id })
    return doc ? fromDoc(doc) : null
  }

  /** The records with these ids that exist (any order). */
  async getMany(ids: readonly string[]): Promise<Investment[]> {
    const docs = await this.collection.find({ _id: { $in: [...ids] } })
    return docs.map(fromDoc)
  }

  insert(investment: Investment, tx?: Transaction): Promise<void> {
    return this.insertMany([investment], tx)
  }

  /** Bulk insert: one unit (one journal record on the embedded engine) for the records and their changes. */
  insertMany(investments: Investment[], tx?: Transaction): Promise<void> {
    if (investments.length === 0) return Promise.resolve()
    return withinUnit(this.store, tx, async (unit) => {
      await this.in(unit).insertMany(investments.map(toDoc))
      await this.changes.recordIn(
        unit,
        investments.map((i) => ({ collection: 'investments', id: i.id, op: i.retired ? 'retire' : 'create' })),
      )
      unit.afterCommit(() => {
        for (const investment of investments) this.emit({ type: 'upsert', investment })
      })
    })
  }

  /** Replaces a record if it is still at `expectedVersion`; the stored version becomes expectedVersion + 1. */
  replace(investment: Investment, expectedVersion: number, tx?: Transaction): Promise<Investment> {
    const next = { ...investment, version: expectedVersion + 1 }
    return withinUnit(this.store, tx, async (unit) => {
      const result = await this.in(unit).replaceOne({ _id: investment.id, version: expectedVersion }, toDoc(next))
      if (result.matchedCount === 0)
        throw new ConflictError(`Investment ${investment.id} was changed by someone else; reload it and try again`)
      await this.changes.recordIn(unit, [
        { collection: 'investments', id: next.id, op: next.retired ? 'retire' : 'update' },
      ])
      unit.afterCommit(() => this.emit({ type: 'upsert', investment: next }))
      return next
    })
  }

  remove(id: string, tx?: Transaction): Promise<boolean> {
    return withinUnit(this.store, tx, async (unit) => {
      const { deletedCount } = await this.in(unit).deleteOne({ _id: id })
      if (deletedCount === 0) return false
      await this.changes.recordIn(unit, [{ collection: 'investments', id, op: 'remove' }])
      unit.afterCommit(() => this.emit({ type: 'remove', id }))
      return true
    })
  }

  private in(tx: Collections | undefined): DocumentCollection<InvestmentDoc> {
    return tx ? tx.collection<InvestmentDoc>('investments') : this.collection
  }

  private emit(change: InvestmentChange): void {
    for (const listener of this.listeners) listener(change)
  }
}

function toDoc(investment: Investment): InvestmentDoc {
  return { _id: investment.id, ...investment }
}

/** Parses what the store returns, so both engines yield the same typed record. */
function fromDoc(doc: InvestmentDoc): Investment {
  const { _id, ...rest } = doc
  return Investment.parse({ ...rest, id: _id })
}
