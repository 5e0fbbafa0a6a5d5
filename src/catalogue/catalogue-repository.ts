import { ChangeLog } from '../changes/change-log.js'
import type { DocumentCollection, DocumentStore } from '../storage/document-store.js'
import { Fund, GlossaryTerm, Instrument } from './catalogue.js'

type WithId<T> = T & { _id: string }

/** The catalogue's collections and the record each holds (keyed by slug). */
export interface CatalogueRecords {
  instruments: Instrument
  funds: Fund
  glossary: GlossaryTerm
}
export type CatalogueCollection = keyof CatalogueRecords

/**
 * Instruments, funds and glossary terms, keyed by slug. Small lists: the service keeps them in memory.
 * Writes go through `save` and `remove`, which append to the changes log after the record is written.
 */
export class CatalogueRepository {
  readonly instruments: DocumentCollection<WithId<Instrument>>
  readonly funds: DocumentCollection<WithId<Fund>>
  readonly glossary: DocumentCollection<WithId<GlossaryTerm>>

  constructor(
    store: DocumentStore,
    private readonly changes: ChangeLog = ChangeLog.for(store),
  ) {
    this.instruments = store.collection('instruments')
    this.funds = store.collection('funds')
    this.glossary = store.collection('glossary')
  }

  async load(): Promise<{ instruments: Instrument[]; funds: Fund[]; glossary: GlossaryTerm[] }> {
    const [instruments, funds, glossary] = await Promise.all([
      this.instruments.find({}, { sort: { _id: 1 } }),
      this.funds.find({}, { sort: { _id: 1 } }),
      this.glossary.find({}, { sort: { _id: 1 } }),
    ])
    return {
      instruments: instruments.map((doc) => Instrument.parse(strip(doc))),
      funds: funds.map((doc) => Fund.parse(strip(doc))),
      glossary: glossary.map((doc) => GlossaryTerm.parse(strip(doc))),
    }
  }

  /** Inserts or replaces the record with this slug; `unchanged` (and no change logged) when it is identical. */
  async save<K extends CatalogueCollection>(collection: K, record: CatalogueRecords[K]): Promise<'create' | 'update' | 'unchanged'> {
    const coll = this[collection] as unknown as DocumentCollection
    const result = await coll.replaceOne({ _id: record.slug }, { ...record, _id: record.slug }, { upsert: true })
    const op = result.upsertedId !== null ? 'create' : result.modifiedCount > 0 ? 'update' : 'unchanged'
    if (op !== 'unchanged') await this.changes.record([{ collection, id: record.slug, op }])
    return op
  }

  /** Deletes the record with this slug; false when there was none. */
  async remove(collection: CatalogueCollection, slug: string): Promise<boolean> {
    const { deletedCount } = await this[collection].deleteOne({ _id: slug })
    if (deletedCount > 0) await this.changes.record([{ collection, id: slug, op: 'remove' }])
    return deletedCount > 0
  }
}

function strip<T>(doc: WithId<T>): T {
  const { _id: _ignored, ...rest } = doc
  return rest as T
}
