import type { Doc } from '../document-store.js'
import { CollectionState } from './collection-state.js'
import type { Change, IndexDef } from './records.js'

/** The changes of one write operation, with what is needed to undo them if the journal write fails. */
export class Tx {
  readonly changes: Change[] = []
  private readonly undos: Array<() => void> = []

  record(change: Change, undo: () => void): void {
    this.changes.push(change)
    this.undos.push(undo)
  }

  rollback(): void {
    for (let i = this.undos.length - 1; i >= 0; i--) this.undos[i]?.()
    this.undos.length = 0
    this.changes.length = 0
  }
}

/** What a snapshot writes: references to frozen documents, taken at a moment when memory equals the journal. */
export interface CapturedCollection {
  name: string
  indexes: IndexDef[]
  docs: Doc[]
}

/** Every collection in memory. All mutations go through a Tx (live writes) or `replay` (recovery). */
export class StoreState {
  private collections = new Map<string, CollectionState>()

  get(name: string): CollectionState | undefined {
    return this.collections.get(name)
  }

  names(): string[] {
    return [...this.collections.keys()].sort()
  }

  /** The collection, created (and journaled) on first write, as MongoDB creates collections implicitly. */
  ensure(tx: Tx, name: string): CollectionState {
    const existing = this.collections.get(name)
    if (existing) return existing
    const created = new CollectionState(name)
    this.collections.set(name, created)
    tx.record({ op: 'create', coll: name }, () => this.collections.delete(name))
    return created
  }

  /** Stores a frozen document; throws DuplicateKeyError before changing anything. */
  put(tx: Tx, coll: CollectionState, doc: Doc): void {
    const conflict = coll.conflict(doc)
    if (conflict) throw conflict
    const before = coll.docs.get(doc._id)
    coll.set(doc)
    tx.record({ op: 'put', coll: coll.name, doc }, () => (before ? coll.set(before) : coll.remove(doc._id)))
  }

  remove(tx: Tx, coll: CollectionState, id: string): void {
    const before = coll.docs.get(id)
    if (!before) return
    coll.remove(id)
    tx.record({ op: 'del', coll: coll.name, id }, () => coll.set(before))
  }

  addIndex(tx: Tx, coll: CollectionState, index: IndexDef): void {
    coll.addIndex(index)
    tx.record({ op: 'index', coll: coll.name, index }, () => coll.removeIndex(index.name))
  }

  dropAll(tx: Tx): void {
    const before = this.collections
    this.collections = new Map()
    tx.record({ op: 'dropAll' }, () => {
      this.collections = before
    })
  }

  /** Applies a journaled or snapshotted change; unique indexes are checked afterwards by `rebuildIndexes()`. */
  replay(change: Change): void {
    if (change.op === 'dropAll') {
      this.collections = new Map()
      return
    }
    let coll = this.collections.get(change.coll)
    if (!coll) {
      coll = new CollectionState(change.coll)
      this.collections.set(change.coll, coll)
    }
    if (change.op === 'put') coll.set(deepFreeze(change.doc))
    else if (change.op === 'del') coll.remove(change.id)
    else if (change.op === 'index') coll.declareIndex(change.index)
  }

  documentCount(): number {
    let count = 0
    for (const coll of this.collections.values()) count += coll.docs.size
    return count
  }

  /** Takes over every collection of `other` (a restore switching to its new state). */
  replaceWith(other: StoreState): void {
    this.collections = other.collections
  }

  rebuildIndexes(): void {
    for (const coll of this.collections.values()) coll.rebuildIndexes()
  }

  capture(): CapturedCollection[] {
    return [...this.collections.values()].map((coll) => ({
      name: coll.name,
      indexes: [...coll.indexes.values()],
      docs: [...coll.all()],
    }))
  }
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}
