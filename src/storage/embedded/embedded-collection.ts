import { randomUUID } from 'node:crypto'
import type { AnyObject } from 'mingo/types'
import {
  DuplicateKeyError,
  type DeleteResult,
  type Doc,
  type DocumentCollection,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type PipelineStage,
  type Update,
  type UpdateOptions,
  type UpdateResult,
} from '../document-store.js'
import { sameKeys, toIndexDef } from './index-keys.js'
import { applyUpdate, assertOperatorUpdate, assertReplacement, isPlainObject, upsertSeed } from './mongo-update.js'
import { aggregateDocs, findDocs, matchDocs } from './query-engine.js'
import { deepFreeze, type StoreState, type Tx } from './store-state.js'

/** What a collection needs from its store: the state, and the read and write paths. */
export interface StoreCore {
  readonly state: StoreState
  read<R>(fn: () => R): Promise<R>
  write<R>(fn: (tx: Tx) => R): Promise<R>
}

const NOTHING: UpdateResult = { matchedCount: 0, modifiedCount: 0, upsertedId: null }

export class EmbeddedCollection<T extends Doc> implements DocumentCollection<T> {
  constructor(
    readonly name: string,
    private readonly core: StoreCore,
  ) {}

  find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    // A projection's result is a new object: copied only when it holds an object shared with the store.
    return this.core.read(() =>
      findDocs(this.state(), filter, options).map(
        (doc) => (options.projection ? copyResult(doc) : copyOut<T>(doc)) as T,
      ),
    )
  }

  findOne(filter: Filter, options: Omit<FindOptions, 'limit'> = {}): Promise<T | null> {
    return this.core.read(() => {
      const [doc] = findDocs(this.state(), filter, { ...options, limit: 1 })
      return doc ? copyOut<T>(doc) : null
    })
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.core.read(() => matchDocs(this.state(), filter).length)
  }

  insertOne(doc: T): Promise<void> {
    return this.insertMany([doc])
  }

  async insertMany(docs: T[]): Promise<void> {
    const failure = await this.core.write((tx) => {
      for (const doc of docs) {
        const stored = normalize(doc)
        const coll = this.core.state.ensure(tx, this.name)
        if (coll.docs.has(stored._id)) return new DuplicateKeyError(this.name, { _id: stored._id })
        try {
          this.core.state.put(tx, coll, stored)
        } catch (error) {
          if (error instanceof DuplicateKeyError) return error // ordered: the documents before it stay inserted
          throw error
        }
      }
      return null
    })
    if (failure) throw failure
  }

  async updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    assertOperatorUpdate(update)
    return this.core.write((tx) => {
      const [target] = matchDocs(this.state(), filter, true)
      if (target) return this.updateDoc(tx, target, filter, update) ? changed(1, 1) : changed(1, 0)
      if (!options.upsert) return NOTHING
      const seed = upsertSeed(filter)
      applyUpdate(seed, update, filter, true)
      return { ...NOTHING, upsertedId: this.insertUpserted(tx, seed) }
    })
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    assertOperatorUpdate(update)
    const outcome = await this.core.write((tx) => {
      const targets = matchDocs(this.state(), filter)
      let modified = 0
      for (const target of targets) {
        try {
          if (this.updateDoc(tx, target, filter, update)) modified++
        } catch (error) {
          if (error instanceof DuplicateKeyError) return error // like MongoDB: earlier documents stay updated
          throw error
        }
      }
      return changed(targets.length, modified)
    })
    if (outcome instanceof Error) throw outcome
    return outcome
  }

  async replaceOne(filter: Filter, doc: T, options: UpdateOptions = {}): Promise<UpdateResult> {
    assertReplacement(doc)
    return this.core.write((tx) => {
      const [target] = matchDocs(this.state(), filter, true)
      if (target) {
        if (doc._id !== undefined && doc._id !== target._id)
          throw new Error('replaceOne cannot change the _id of a document')
        const next = normalize({ ...doc, _id: target._id })
        if (JSON.stringify(next) === JSON.stringify(target)) return changed(1, 0)
        this.core.state.put(tx, this.core.state.ensure(tx, this.name), next)
        return changed(1, 1)
      }
      if (!options.upsert) return NOTHING
      const seedId = upsertSeed(filter)._id
      const replacement: AnyObject = { ...doc }
      if (replacement._id === undefined && typeof seedId === 'string') replacement._id = seedId
      return { ...NOTHING, upsertedId: this.insertUpserted(tx, replacement) }
    })
  }

  deleteOne(filter: Filter): Promise<DeleteResult> {
    return this.delete(filter, true)
  }

  deleteMany(filter: Filter): Promise<DeleteResult> {
    return this.delete(filter, false)
  }

  aggregate<R = Doc>(pipeline: PipelineStage[]): Promise<R[]> {
    return this.core.read(() => aggregateDocs(this.core.state, this.name, pipeline).map(copyResult) as R[])
  }

  async createIndex(spec: IndexSpec): Promise<void> {
    const index = toIndexDef(spec)
    // The `_id` index always exists and is unique.
    if (index.keys.length === 1 && index.keys[0]?.[0] === '_id') return this.core.read(() => undefined)
    return this.core.write((tx) => {
      const coll = this.core.state.ensure(tx, this.name)
      const existing = coll.indexes.get(index.name)
      if (existing) {
        if (sameKeys(existing, index) && existing.unique === index.unique) return
        throw new Error(`An index named ${index.name} already exists on ${this.name} with other keys or options`)
      }
      const twin = [...coll.indexes.values()].find((other) => sameKeys(other, index))
      if (twin)
        throw new Error(
          `An index with the same keys already exists on ${this.name} with a different name: ${twin.name}`,
        )
      this.core.state.addIndex(tx, coll, index)
    })
  }

  private state() {
    return this.core.state.get(this.name)
  }

  private delete(filter: Filter, firstOnly: boolean): Promise<DeleteResult> {
    return this.core.write((tx) => {
      const coll = this.state()
      if (!coll) return { deletedCount: 0 }
      const targets = matchDocs(coll, filter, firstOnly)
      for (const target of targets) this.core.state.remove(tx, coll, target._id)
      return { deletedCount: targets.length }
    })
  }

  /** Applies operators to a copy of `target` and stores it; false when nothing changed. */
  private updateDoc(tx: Tx, target: Doc, filter: Filter, update: Update): boolean {
    const draft: AnyObject = structuredClone(target)
    if (!applyUpdate(draft, update, filter, false)) return false
    const next = normalize(draft)
    if (next._id !== target._id) throw new Error('An update cannot change the _id of a document')
    this.core.state.put(tx, this.core.state.ensure(tx, this.name), next)
    return true
  }

  private insertUpserted(tx: Tx, draft: AnyObject): string {
    // Ids are app-generated strings; an upsert without one gets a UUID, as the MongoDB engine does.
    draft._id ??= randomUUID()
    const doc = normalize(draft)
    const coll = this.core.state.ensure(tx, this.name)
    if (coll.docs.has(doc._id)) throw new DuplicateKeyError(this.name, { _id: doc._id })
    this.core.state.put(tx, coll, doc)
    return doc._id
  }
}

function changed(matchedCount: number, modifiedCount: number): UpdateResult {
  return { matchedCount, modifiedCount, upsertedId: null }
}

/**
 * Stored form: a JSON round trip (what the journal holds, so memory and disk agree: undefined fields
 * vanish, as with the MongoDB engine's ignoreUndefined), `_id` first as MongoDB stores it, deep-frozen.
 */
function normalize(value: object): Doc {
  const plain: unknown = JSON.parse(JSON.stringify(value))
  if (!isPlainObject(plain)) throw new TypeError('A document must be an object')
  const { _id, ...rest } = plain
  if (typeof _id !== 'string') throw new TypeError('A document needs a string _id')
  return deepFreeze({ _id, ...rest })
}

function copyOut<T>(doc: AnyObject): T {
  return structuredClone(doc) as T
}

/**
 * A pipeline's output document, safe to hand out: copied, unless the pipeline built it (stored
 * documents are frozen) and it holds only plain values, so it shares nothing with the store
 * (`{_id, version}` lists, counts).
 */
function copyResult(doc: Record<string, unknown>): Record<string, unknown> {
  if (Object.isFrozen(doc)) return structuredClone(doc)
  for (const key in doc) {
    const value = doc[key]
    if (value !== null && typeof value === 'object') return structuredClone(doc)
  }
  return doc
}
