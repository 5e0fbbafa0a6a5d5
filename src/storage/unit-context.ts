import { AsyncLocalStorage } from 'node:async_hooks'
import type {
  DeleteResult,
  Doc,
  DocumentCollection,
  Filter,
  FindOptions,
  IndexSpec,
  PipelineStage,
  Update,
  UpdateOptions,
  UpdateResult,
} from './document-store.js'

/**
 * The bookkeeping of one run of a `store.transaction` callback, shared by both engines: whether it
 * is still open, its first failed operation (which fails the whole unit, as MongoDB aborts a
 * transaction), and the effects to run after commit.
 */
export class UnitRun {
  open = true
  failure: unknown = null
  readonly effects: Array<() => void> = []

  constructor(readonly owner: object) {}

  /** Throws when the unit can take no more operations. */
  check(): void {
    if (!this.open) throw new Error('This transaction is finished: use tx only inside its callback')
    if (this.failure !== null)
      throw new Error('An earlier operation of this transaction failed, so the transaction is aborted', {
        cause: this.failure,
      })
  }

  /** Runs one operation of the unit; a failure marks the unit failed. */
  async guard<R>(operation: () => Promise<R>): Promise<R> {
    this.check()
    try {
      return await operation()
    } catch (error) {
      this.failure ??= error
      throw error
    }
  }
}

const current = new AsyncLocalStorage<UnitRun>()

export function runInUnit<R>(unit: UnitRun, work: () => Promise<R>): Promise<R> {
  return current.run(unit, work)
}

/**
 * Refuses a use of the store itself from inside one of its open units: on the embedded engine a
 * write would wait for the unit forever, on MongoDB it would happen outside the transaction.
 */
export function assertOutsideUnit(owner: object): void {
  const unit = current.getStore()
  if (unit?.open && unit.owner === owner) {
    throw new Error(
      'Inside store.transaction(), read and write through tx.collection(…), not the store (and open no second transaction)',
    )
  }
}

/** A collection of a unit: every operation is checked and guarded by the unit. */
export class UnitCollection<T extends Doc> implements DocumentCollection<T> {
  constructor(
    private readonly inner: DocumentCollection<T>,
    private readonly unit: UnitRun,
  ) {}

  get name(): string {
    return this.inner.name
  }

  find(filter?: Filter, options?: FindOptions): Promise<T[]> {
    return this.unit.guard(() => this.inner.find(filter, options))
  }
  findOne(filter: Filter, options?: Omit<FindOptions, 'limit'>): Promise<T | null> {
    return this.unit.guard(() => this.inner.findOne(filter, options))
  }
  countDocuments(filter?: Filter): Promise<number> {
    return this.unit.guard(() => this.inner.countDocuments(filter))
  }
  insertOne(doc: T): Promise<void> {
    return this.unit.guard(() => this.inner.insertOne(doc))
  }
  insertMany(docs: T[]): Promise<void> {
    return this.unit.guard(() => this.inner.insertMany(docs))
  }
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult> {
    return this.unit.guard(() => this.inner.updateOne(filter, update, options))
  }
  updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.unit.guard(() => this.inner.updateMany(filter, update))
  }
  replaceOne(filter: Filter, doc: T, options?: UpdateOptions): Promise<UpdateResult> {
    return this.unit.guard(() => this.inner.replaceOne(filter, doc, options))
  }
  deleteOne(filter: Filter): Promise<DeleteResult> {
    return this.unit.guard(() => this.inner.deleteOne(filter))
  }
  deleteMany(filter: Filter): Promise<DeleteResult> {
    return this.unit.guard(() => this.inner.deleteMany(filter))
  }
  aggregate<R = Doc>(pipeline: PipelineStage[]): Promise<R[]> {
    return this.unit.guard(() => this.inner.aggregate<R>(pipeline))
  }
  createIndex(spec: IndexSpec): Promise<void> {
    return this.unit.guard(() => this.inner.createIndex(spec))
  }
}

/** Runs the effects a committed unit registered; all run, the first failure is reported after. */
export function runEffects(effects: Array<() => void>): void {
  let failure: unknown = null
  for (const effect of effects) {
    try {
      effect()
    } catch (error) {
      failure ??= error
    }
  }
  if (failure !== null) throw failure
}
