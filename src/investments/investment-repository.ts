import { ChangeLog } from '../changes/change-log.js'
import { ConflictError } from '../errors.js'
import type { DocumentCollection, DocumentStore } from '../storage/document-store.js'
import { Investment } from './investment.js'

type InvestmentDoc = Investment & { _id: string }
export type InvestmentChange = { type: 'upsert'; investment: Investment } | { type: 'remove'; id: string }
export type InvestmentListener = (change: InvestmentChange) => void

/**
 * Domain verbs over the `investments` collection; every write is announced to listeners (the search
 * index) and appended to the changes log (`GET /api/v1/changes`), after the record itself is written.
 */
export class InvestmentRepository {
  private readonly collection: DocumentCollection<InvestmentDoc>
  private readonly listeners: InvestmentListener[] = []

  constructor(
    store: DocumentStore,
    private readonly changes: ChangeLog = ChangeLog.for(store),
  ) {
    this.collection = store.collection<InvestmentDoc>('investments')
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { indigoId: 1 }, name: 'indigoId' })
    await this.collection.createIndex({ keys: { updatedAt: 1 }, name: 'updatedAt' })
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

  async get(id: string): Promise<Investment | null> {
    const doc = await this.collection.findOne({ _id: id })
    return doc ? fromDoc(doc) : null
  }

  /** The records with these ids that exist (any order). */
  async getMany(ids: readonly string[]): Promise<Investment[]> {
    const docs = await this.collection.find({ _id: { $in: [...ids] } })
    return docs.map(fromDoc)
  }

  async insert(investment: Investment): Promise<void> {
    await this.collection.insertOne(toDoc(investment))
    this.emit({ type: 'upsert', investment })
    await this.changes.record([{ collection: 'investments', id: investment.id, op: investment.retired ? 'retire' : 'create' }])
  }

  /** Bulk insert (one journal flush per batch on the embedded engine). */
  async insertMany(investments: Investment[]): Promise<void> {
    await this.collection.insertMany(investments.map(toDoc))
    for (const investment of investments) this.emit({ type: 'upsert', investment })
    await this.changes.record(investments.map((i) => ({ collection: 'investments', id: i.id, op: i.retired ? 'retire' : 'create' })))
  }

  /** Replaces a record if it is still at `expectedVersion`; the stored version becomes expectedVersion + 1. */
  async replace(investment: Investment, expectedVersion: number): Promise<Investment> {
    const next = { ...investment, version: expectedVersion + 1 }
    const result = await this.collection.replaceOne({ _id: investment.id, version: expectedVersion }, toDoc(next))
    if (result.matchedCount === 0) throw new ConflictError(`Investment ${investment.id} was changed by someone else; reload it and try again`)
    this.emit({ type: 'upsert', investment: next })
    await this.changes.record([{ collection: 'investments', id: next.id, op: next.retired ? 'retire' : 'update' }])
    return next
  }

  async remove(id: string): Promise<boolean> {
    const { deletedCount } = await this.collection.deleteOne({ _id: id })
    if (deletedCount > 0) {
      this.emit({ type: 'remove', id })
      await this.changes.record([{ collection: 'investments', id, op: 'remove' }])
    }
    return deletedCount > 0
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
