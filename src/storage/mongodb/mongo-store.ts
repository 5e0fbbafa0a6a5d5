import { setTimeout as sleep } from 'node:timers/promises'
import { MongoClient, MongoServerError, type ClientSession, type Db, type TransactionOptions } from 'mongodb'
import {
  RESTORE_MARKER_ID,
  UnitConflictError,
  type Doc,
  type DocumentCollection,
  type DocumentStore,
  type StoreContents,
  type StoreStatus,
  type Transaction,
} from '../document-store.js'
import { assertOutsideUnit, runEffects, runInUnit, UnitCollection, UnitRun } from '../unit-context.js'
import { MongoCollection } from './mongo-collection.js'

export interface MongoStoreOptions {
  uri: string
  /** Defaults to the database named in the URI, else `fi_for_inclusion`. */
  dbName?: string
  /** Start on a server without transactions (FerretDB, a standalone mongod): writes of several documents are then not atomic. */
  allowNoTransactions?: boolean
  /** How long an operation waits for a reachable server before it fails (and how long the start waits). */
  serverSelectionTimeoutMS?: number
  /** How long opening a connection may take. */
  connectTimeoutMS?: number
  /** How long a socket may wait for an answer before the operation fails. */
  socketTimeoutMS?: number
  maxPoolSize?: number
}

export const MONGODB_DEFAULTS = {
  serverSelectionTimeoutMS: 5000,
  connectTimeoutMS: 5000,
  socketTimeoutMS: 30_000,
  maxPoolSize: 20,
} as const

const DEFAULT_DB_NAME = 'fi_for_inclusion'
const MAX_UNIT_ATTEMPTS = 20
/** What a server without transactions answers to one ("Transaction numbers are only allowed on a replica set member or mongos"). */
const ILLEGAL_OPERATION = 20
/** Units read what is committed and commit on a majority, on the primary (ADR 022). */
const UNIT_OPTIONS: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
}

/** The server answers but cannot run transactions, and the operator did not allow that. */
export class TransactionsUnavailableError extends Error {
  constructor(readonly server: string) {
    super(
      `The MongoDB server at ${server} does not support transactions (it is not a replica set member or a mongos router; FerretDB has none), ` +
        'so writes that touch several documents could be left half done. Run MongoDB as a replica set (compose.yaml runs a single-node one), ' +
        'or set MONGODB_ALLOW_NO_TRANSACTIONS=true to start without them (see docs/mongodb.md).',
    )
    this.name = 'TransactionsUnavailableError'
  }
}

/** MongoDB could not be reached within the server selection timeout. */
export class MongoUnreachableError extends Error {
  constructor(
    readonly server: string,
    readonly timeoutMs: number,
    cause: unknown,
  ) {
    super(
      `Cannot reach MongoDB at ${server} within ${timeoutMs} ms (${cause instanceof Error ? cause.message : String(cause)}). Check MONGODB_URI and that the server runs.`,
    )
    this.name = 'MongoUnreachableError'
    this.cause = cause
  }
}

export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const timeouts = {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? MONGODB_DEFAULTS.serverSelectionTimeoutMS,
    connectTimeoutMS: options.connectTimeoutMS ?? MONGODB_DEFAULTS.connectTimeoutMS,
    socketTimeoutMS: options.socketTimeoutMS ?? MONGODB_DEFAULTS.socketTimeoutMS,
    maxPoolSize: options.maxPoolSize ?? MONGODB_DEFAULTS.maxPoolSize,
  }
  // ignoreUndefined: undefined fields are left out, as the embedded engine's JSON storage does.
  const client = new MongoClient(options.uri, {
    ignoreUndefined: true,
    ...timeouts,
  })
  const server = redactedServer(options.uri)
  try {
    await client.connect()
  } catch (error) {
    await client.close().catch(() => undefined)
    throw new MongoUnreachableError(server, timeouts.serverSelectionTimeoutMS, error)
  }
  const db = client.db(options.dbName ?? dbNameFromUri(options.uri) ?? DEFAULT_DB_NAME)
  const transactions = await serverRunsTransactions(db)
  if (!transactions && options.allowNoTransactions !== true) {
    await client.close()
    throw new TransactionsUnavailableError(server)
  }
  return new MongoStore(client, db, transactions)
}

/** Whether a store opened here runs multi-document transactions (false for other engines). */
export function hasTransactions(store: DocumentStore): boolean {
  return store instanceof MongoStore && store.transactions
}

export class MongoStore implements DocumentStore {
  readonly kind = 'mongodb'

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** Whether the server runs multi-document transactions (a replica set member or mongos). */
    readonly transactions: boolean,
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

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 })
  }

  /**
   * A driver transaction (`withTransaction`, which retries the callback on transient errors; a
   * UnitConflictError from the callback runs it again too). Needs a replica set or a sharded cluster.
   */
  async transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    assertOutsideUnit(this)
    if (!this.transactions) return this.withoutTransaction(work)
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

  /**
   * On a server without transactions (allowed only by MONGODB_ALLOW_NO_TRANSACTIONS, e.g. FerretDB in
   * CI) the unit's writes run one after the other: a failure half-way leaves the first half written.
   */
  private async withoutTransaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      const unit = new UnitRun(this)
      try {
        const value = await runInUnit(unit, () => work(this.unitHandle(null, unit)))
        if (unit.failure !== null) throw unit.failure
        unit.open = false
        runEffects(unit.effects)
        return value
      } catch (error) {
        unit.open = false
        if (!(error instanceof UnitConflictError) || attempt >= MAX_UNIT_ATTEMPTS) throw error
        await sleep(Math.random() * Math.min(2 ** attempt, 50))
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
    await meta.replaceOne(
      { _id: RESTORE_MARKER_ID },
      { _id: RESTORE_MARKER_ID, startedAt: new Date().toISOString() },
      { upsert: true },
    )
    for (const name of await this.listCollections()) if (name !== 'meta') await this.db.dropCollection(name)
    await meta.deleteMany({ _id: { $ne: RESTORE_MARKER_ID } })
    for (const [name, docs] of contents) {
      const batch = docs.filter((doc) => !(name === 'meta' && doc._id === RESTORE_MARKER_ID))
      for (let i = 0; i < batch.length; i += 1000)
        await this.db.collection<Doc>(name).insertMany(batch.slice(i, i + 1000), { ordered: true })
    }
    await meta.deleteOne({ _id: RESTORE_MARKER_ID })
  }

  status(): StoreStatus {
    return { kind: this.kind, droppedAtRecovery: [], compactionFailures: 0, lastCompactionError: null }
  }

  async close(): Promise<void> {
    await this.client.close()
  }

  private unitHandle(session: ClientSession | null, unit: UnitRun): Transaction {
    return {
      collection: <T extends Doc = Doc>(name: string) =>
        new UnitCollection<T>(new MongoCollection<T>(this.db.collection<Doc>(name), session), unit),
      afterCommit: (effect) => {
        unit.check()
        unit.effects.push(effect)
      },
    }
  }
}

/** Whether the server runs transactions (a replica set or sharded cluster does; a standalone server or FerretDB does not). */
export async function supportsTransactions(
  store: DocumentStore,
): Promise<{ supported: true } | { supported: false; reason: string }> {
  try {
    await store.transaction(async (tx) => {
      await tx.collection('meta').findOne({ _id: 'transaction-probe' })
    })
    return { supported: true }
  } catch (error) {
    return { supported: false, reason: error instanceof Error ? error.message : String(error) }
  }
}

/** As the drivers decide: sessions, and a replica set member or a mongos router. */
async function serverRunsTransactions(db: Db): Promise<boolean> {
  const hello = await db.admin().command({ hello: 1 })
  const sessions = typeof hello.logicalSessionTimeoutMinutes === 'number'
  return sessions && (typeof hello.setName === 'string' || hello.msg === 'isdbgrid')
}

function dbNameFromUri(uri: string): string | undefined {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri)?.[1]
  return name ? decodeURIComponent(name) : undefined
}

/** The hosts of a connection string, without user name or password (for messages and logs). */
export function redactedServer(uri: string): string {
  const hosts = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri)?.[1]
  return hosts ?? 'the configured MONGODB_URI'
}
