import { z } from 'zod'
import { ChangeLog } from '../changes/change-log.js'
import { ConflictError } from '../errors.js'
import { isDeepStrictEqual } from 'node:util'
import {
  DuplicateKeyError,
  withinUnit,
  type Doc,
  type DocumentCollection,
  type DocumentStore,
  type Filter,
  type Transaction,
} from '../storage/document-store.js'
import { Guidance } from '../guidance/guidance.js'
import { Fund, GlossaryTerm, Instrument } from './catalogue.js'

type WithId<T> = T & { _id: string }

/** The catalogue's collections and the record each holds (keyed by slug). */
export interface CatalogueRecords {
  instruments: Instrument
  funds: Fund
  glossary: GlossaryTerm
  guidance: Guidance
}
export type CatalogueCollection = keyof CatalogueRecords

/** A catalogue record's key: its slug, or the id of a guidance entry. */
export function recordKey(record: CatalogueRecords[CatalogueCollection]): string {
  return 'slug' in record ? record.slug : record.id
}

/**
 * Curation state kept beside a catalogue record, in the document's `curation` field (ADR 014). A
 * record the seed wrote has none: it is at version 1, live, never verified.
 */
export const CurationState = z.object({
  version: z.number().int().positive(),
  retired: z.boolean(),
  lastVerified: z.iso.date().nullable(),
  createdAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime().nullable(),
})
export type CurationState = z.infer<typeof CurationState>
export const SEEDED_STATE: CurationState = {
  version: 1,
  retired: false,
  lastVerified: null,
  createdAt: null,
  updatedAt: null,
}

export interface CuratedEntry<T> {
  record: T
  state: CurationState
}

const SCHEMAS = { instruments: Instrument, funds: Fund, glossary: GlossaryTerm, guidance: Guidance } as const
const LIVE: Filter = { 'curation.retired': { $ne: true } }

/**
 * Instruments, funds and glossary terms, keyed by slug. Small lists: the service keeps them in memory.
 * Writes go through `save`, `writeCurated` and `remove`: the record and its changes-log entry in one unit.
 */
export class CatalogueRepository {
  readonly instruments: DocumentCollection<WithId<Instrument>>
  readonly funds: DocumentCollection<WithId<Fund>>
  readonly glossary: DocumentCollection<WithId<GlossaryTerm>>
  readonly guidance: DocumentCollection<WithId<Guidance>>

  constructor(
    private readonly store: DocumentStore,
    private readonly changes: ChangeLog = ChangeLog.for(store),
  ) {
    this.instruments = store.collection('instruments')
    this.funds = store.collection('funds')
    this.glossary = store.collection('glossary')
    this.guidance = store.collection('guidance')
  }

  async load(): Promise<{ instruments: Instrument[]; funds: Fund[]; glossary: GlossaryTerm[]; guidance: Guidance[] }> {
    // Retired records are kept (with their history) but are not part of the live catalogue.
    const [instruments, funds, glossary, guidance] = await Promise.all([
      this.instruments.find(LIVE, { sort: { _id: 1 } }),
      this.funds.find(LIVE, { sort: { _id: 1 } }),
      this.glossary.find(LIVE, { sort: { _id: 1 } }),
      this.guidance.find(LIVE, { sort: { _id: 1 } }),
    ])
    return {
      instruments: instruments.map((doc) => Instrument.parse(strip(doc))),
      funds: funds.map((doc) => Fund.parse(strip(doc))),
      glossary: glossary.map((doc) => GlossaryTerm.parse(strip(doc))),
      guidance: guidance.map((doc) => Guidance.parse(strip(doc))),
    }
  }

  /** Inserts or replaces the record with this slug; `unchanged` (and no change logged) when it is identical. */
  save<K extends CatalogueCollection>(
    collection: K,
    record: CatalogueRecords[K],
    tx?: Transaction,
  ): Promise<'create' | 'update' | 'unchanged'> {
    return withinUnit(this.store, tx, async (unit) => {
      const coll = unit.collection(collection)
      // Compared here rather than read from `modifiedCount`, which FerretDB reports as 1 for an identical replacement.
      const key = recordKey(record)
      const doc = JSON.parse(JSON.stringify({ ...record, _id: key })) as Doc
      const stored = await coll.findOne({ _id: key })
      if (stored && isDeepStrictEqual(stored, doc)) return 'unchanged'
      const result = await coll.replaceOne({ _id: key }, doc, { upsert: true })
      const op = result.upsertedId !== null ? 'create' : result.matchedCount > 0 ? 'update' : 'unchanged'
      if (op !== 'unchanged') await this.changes.recordIn(unit, [{ collection, id: key, op }])
      return op
    })
  }

  /** One record with its curation state, retired or not; null when there is none. */
  async getCurated<K extends CatalogueCollection>(
    collection: K,
    slug: string,
  ): Promise<CuratedEntry<CatalogueRecords[K]> | null> {
    const doc = await (this[collection] as unknown as DocumentCollection).findOne({ _id: slug })
    return doc ? toCurated(collection, doc) : null
  }

  /** Every record of a collection with its curation state, retired ones included, in slug order. */
  async listCurated<K extends CatalogueCollection>(collection: K): Promise<CuratedEntry<CatalogueRecords[K]>[]> {
    const docs = await (this[collection] as unknown as DocumentCollection).find({}, { sort: { _id: 1 } })
    return docs.map((doc) => toCurated(collection, doc))
  }

  /**
   * A curator's write (ADR 014): `expectedVersion` null inserts a new record (ConflictError when the
   * slug is taken); otherwise the record is replaced only if it is still at `expectedVersion`
   * (ConflictError when someone else wrote first). `state.version` is the version being written.
   */
  writeCurated<K extends CatalogueCollection>(
    collection: K,
    record: CatalogueRecords[K],
    state: CurationState,
    expectedVersion: number | null,
    tx?: Transaction,
  ): Promise<void> {
    return withinUnit(this.store, tx, async (unit) => {
      const coll = unit.collection(collection)
      const key = recordKey(record)
      const doc = { ...record, _id: key, curation: state }
      if (expectedVersion === null) {
        try {
          await coll.insertOne(doc)
        } catch (error) {
          if (error instanceof DuplicateKeyError) throw new ConflictError(`${key} already exists in ${collection}`)
          throw error
        }
        await this.changes.recordIn(unit, [{ collection, id: key, op: 'create' }])
        return
      }
      // A record nobody has curated yet has no `curation` field: it counts as version 1.
      const atVersion: Filter =
        expectedVersion === 1
          ? { $or: [{ 'curation.version': 1 }, { 'curation.version': { $exists: false } }] }
          : { 'curation.version': expectedVersion }
      const result = await coll.replaceOne({ _id: key, ...atVersion }, doc)
      if (result.matchedCount === 0)
        throw new ConflictError(`${key} in ${collection} was changed by someone else; reload it and try again`)
      await this.changes.recordIn(unit, [{ collection, id: key, op: state.retired ? 'retire' : 'update' }])
    })
  }

  /** Deletes the record with this slug; false when there was none. */
  remove(collection: CatalogueCollection, slug: string, tx?: Transaction): Promise<boolean> {
    return withinUnit(this.store, tx, async (unit) => {
      const { deletedCount } = await unit.collection(collection).deleteOne({ _id: slug })
      if (deletedCount > 0) await this.changes.recordIn(unit, [{ collection, id: slug, op: 'remove' }])
      return deletedCount > 0
    })
  }
}

function toCurated<K extends CatalogueCollection>(
  collection: K,
  doc: Record<string, unknown> & { _id: string },
): CuratedEntry<CatalogueRecords[K]> {
  const { curation, ...rest } = doc
  const record = SCHEMAS[collection].parse(strip(rest)) as CatalogueRecords[K]
  return { record, state: curation === undefined ? SEEDED_STATE : CurationState.parse(curation) }
}

function strip<T>(doc: WithId<T>): T {
  const { _id: _ignored, ...rest } = doc
  return rest as T
}
