import { DuplicateKeyError, type Doc } from '../document-store.js'
import { indexKeys, keyValue } from './index-keys.js'
import type { IndexDef } from './records.js'

/**
 * One collection in memory: `_id` → frozen document, plus unique index entries.
 * Documents are never mutated in place (an update stores a new frozen object), so a snapshot can
 * hold references while writes continue.
 */
export class CollectionState {
  readonly docs = new Map<string, Doc>()
  readonly indexes = new Map<string, IndexDef>()
  /** index name → index key → owning `_id`, for unique indexes only */
  private readonly entries = new Map<string, Map<string, string>>()
  private list: readonly Doc[] | null = null

  constructor(readonly name: string) {}

  /** All documents in insertion order; the array is cached until the next write. */
  all(): readonly Doc[] {
    this.list ??= Object.freeze([...this.docs.values()])
    return this.list
  }

  /** The error MongoDB would raise if `doc` were stored, or null. */
  conflict(doc: Doc): DuplicateKeyError | null {
    for (const [name, owners] of this.entries) {
      const index = this.indexes.get(name)
      if (!index) continue
      for (const key of indexKeys(doc, index)) {
        const owner = owners.get(key)
        if (owner !== undefined && owner !== doc._id) return new DuplicateKeyError(this.name, keyValue(key, index))
      }
    }
    return null
  }

  /** Stores a document that has been checked with `conflict()`. */
  set(doc: Doc): void {
    const previous = this.docs.get(doc._id)
    if (previous) this.unindex(previous)
    this.docs.set(doc._id, doc)
    this.index(doc)
    this.list = null
  }

  remove(id: string): void {
    const previous = this.docs.get(id)
    if (!previous) return
    this.unindex(previous)
    this.docs.delete(id)
    this.list = null
  }

  /** Adds an index, building its entries; throws DuplicateKeyError (leaving nothing changed) if the data violates it. */
  addIndex(index: IndexDef): void {
    if (index.unique) {
      const owners = new Map<string, string>()
      for (const doc of this.docs.values()) {
        for (const key of indexKeys(doc, index)) {
          const owner = owners.get(key)
          if (owner !== undefined && owner !== doc._id) throw new DuplicateKeyError(this.name, keyValue(key, index))
          owners.set(key, doc._id)
        }
      }
      this.entries.set(index.name, owners)
    }
    this.indexes.set(index.name, index)
  }

  /** Recovery: remembers an index without entries; `rebuildIndexes()` builds them once every document is loaded. */
  declareIndex(index: IndexDef): void {
    this.indexes.set(index.name, index)
    this.entries.delete(index.name)
  }

  rebuildIndexes(): void {
    for (const index of [...this.indexes.values()]) this.addIndex(index)
  }

  removeIndex(name: string): void {
    this.indexes.delete(name)
    this.entries.delete(name)
  }

  private index(doc: Doc): void {
    for (const [name, owners] of this.entries) {
      const index = this.indexes.get(name)
      if (index) for (const key of indexKeys(doc, index)) owners.set(key, doc._id)
    }
  }

  private unindex(doc: Doc): void {
    for (const [name, owners] of this.entries) {
      const index = this.indexes.get(name)
      if (!index) continue
      for (const key of indexKeys(doc, index)) if (owners.get(key) === doc._id) owners.delete(key)
    }
  }
}
