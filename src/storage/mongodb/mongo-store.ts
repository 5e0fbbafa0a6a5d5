import { setTimeout as sleep } from 'node:timers/promises'
import { MongoClient, MongoServerError, type ClientSession, type Db, type TransactionOptions } from 'mongodb'
import { RESTORE_MARKER_ID, UnitConflictError, type Doc, type DocumentCollection, type DocumentStore, type StoreContents, type StoreStatus, type Transaction } from '../document-store.js'
import { assertOutsideUnit, runEffects, runInUnit, UnitCollection, UnitRun } from '../unit-context.js'
import { MongoCollection } from './mongo-collection.js'

export interface MongoStoreOptions {
  uri: string
  /** Defaults to the database named in the URI, else `fi_for_inclusion`. */
  dbName?: string
}

const DEFAULT_DB_NAME = 'fi_for_inclusion'
const MAX_UNIT_ATTEMPTS = 20
/** What a server without transactions answers to one ("Transaction numbers are only allowed on a replica set member or mongos"). */
const ILLEGAL_OPERATION = 20
/** Units read what is committed and commit on a majority, on the primary (ADR 022). */
const UNIT_OPTIONS: TransactionOptions = { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' }, readPreference: 'primary' }

export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  // ignoreUndefined: undefined fields are left out, as the embedded engine's JSON storage does.
  const client = new MongoClient(options.uri, { ignoreUndefined: true })
  await client.connect()
  return new MongoStore(client, client.db(options.dbName ?? dbNameFromUri(options.uri) ?? DEFAULT_DB_NAME))
}

export class MongoStore implements DocumentStore {
  readonly kind = 'mongodb'

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  collection<T extends Doc = Doc>(name: string): DocumentCollection<T> {
    return new MongoCollection<T>(this.db.collection<Doc>(name), null, () => assertOutsideUnit(this))
  }

  async listCollections(): Promise<string[]> {
    assertOutsideUnit(this)
    const infos = await this.db.listCollections({}, { nameOnly: true }).toArray()
    return infos
      .map((info) => info.name)
      .filter((name) => !name.startsWith('system.'))
      .sort()
  }

  async dropAll(): Promise<void> {
    for (const name of await this.listCollections()) await this.db.dropCollection(name)
  }

  /**
   * A driver transaction (`withTransaction`, which retries the callback on transient errors; a
   * UnitConflictError from the callback runs it again too). Needs a replica set or a sharded cluster.
   */
  async transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    assertOutsideUnit(this)
    for (let attempt = 1; ; attempt++) {
      const session = this.client.startSession()
      try {
        let unit = new UnitRun(this)
        const result = await session.withTransaction(async () => {
          unit = new UnitRun(this) // a retried callback starts with no effects
          try {
            const value = await runInUnit(unit, () => work(this.unitHandle(session, unit)))
            if (unit.failure !== null) throw unit.failure
            return value
          } finally {
            unit.open = false
          }
        }, UNIT_OPTIONS)
        runEffects(unit.effects)
        return result
      } catch (error) {
        if (!(error instanceof UnitConflictError) || attempt >= MAX_UNIT_ATTEMPTS) throw error
        await sleep(Math.random() * Math.min(2 ** attempt, 50)) // other instances race for the same number: step back a moment
      } finally {
        await session.endSession()
      }
    }
  }

  /** A consistent read of everything inside one snapshot transaction. */
  async contents(): Promise<StoreContents> {
    const names = (await this.listCollections()).filter((name) => !name.startsWith('system.'))
    const read = async (from: { collection(name: string): DocumentCollection }): Promise<StoreContents> => {
      const contents: StoreContents = new Map()
      for (const name of names) {
        const docs = await from.collection(name).find({}, { sort: { _id: 1 } })
        if (docs.length > 0) contents.set(name, docs)
      }
      return contents
    }
    try {
      return await this.transaction(read)
    } catch (error) {
      // Without transactions (a standalone server) the copy is read collection by collection.
      if (error instanceof MongoServerError && error.code === ILLEGAL_OPERATION) return read(this)
      throw error
    }
  }

  /**
   * Restore: marks the database incomplete first, replaces every collection, then clears the mark;
   * a restore killed half-way leaves the mark, and the server refuses to start until it is rerun.
   */
  async replaceAll(contents: StoreContents): Promise<void> {
    const meta = this.db.collection<Doc>('meta')
    await meta.replaceOne({ _id: RESTORE_MARKER_ID }, { _id: RESTORE_MARKER_ID, startedAt: new Date().toISOString() }, { upsert: true })
    for (const name of await this.listCollections()) if (name !== 'meta') await this.db.dropCollection(name)
    await meta.deleteMany({ _id: { $ne: RESTORE_MARKER_ID } })
    for (const [name, docs] of contents) {
      const batch = docs.filter((doc) => !(name === 'meta' && doc._id === RESTORE_MARKER_ID))
      for (let i = 0; i < batch.length; i += 1000) await this.db.collection<Doc>(name).insertMany(batch.slice(i, i + 1000), { ordered: true })
    }
    await meta.deleteOne({ _id: RESTORE_MARKER_ID })
  }

  status(): StoreStatus {
    return { kind: this.kind, droppedAtRecovery: [], compactionFailures: 0, lastCompactionError: null }
  }

  async close(): Promise<void> {
    await this.client.close()
  }

  private unitHandle(session: ClientSession, unit: UnitRun): Transaction {
    return {
      collection: <T extends Doc = Doc>(name: string) => new UnitCollection<T>(new MongoCollection<T>(this.db.collection<Doc>(name), session), unit),
      afterCommit: (effect) => {
        unit.check()
        unit.effects.push(effect)
      },
    }
  }
}

/** Whether the server runs transactions (a replica set or sharded cluster does; a standalone server or FerretDB does not). */
export async function supportsTransactions(store: DocumentStore): Promise<{ supported: true } | { supported: false; reason: string }> {
  try {
    await store.transaction(async (tx) => {
      await tx.collection('meta').findOne({ _id: 'transaction-probe' })
    })
    return { supported: true }
  } catch (error) {
    return { supported: false, reason: error instanceof Error ? error.message : String(error) }
  }
}

function dbNameFromUri(uri: string): string | undefined {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri)?.[1]
  return name ? decodeURIComponent(name) : undefined
}
