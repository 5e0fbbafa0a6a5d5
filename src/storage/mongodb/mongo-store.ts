import { MongoClient, type Db } from 'mongodb'
import type { Doc, DocumentCollection, DocumentStore } from '../document-store.js'
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

export const MONGODB_DEFAULTS = { serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000, socketTimeoutMS: 30_000, maxPoolSize: 20 } as const

const DEFAULT_DB_NAME = 'fi_for_inclusion'

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
    super(`Cannot reach MongoDB at ${server} within ${timeoutMs} ms (${cause instanceof Error ? cause.message : String(cause)}). Check MONGODB_URI and that the server runs.`)
    this.name = 'MongoUnreachableError'
    this.cause = cause
  }
}

export async function openMongoStore(options: MongoStoreOptions): Promise<DocumentStore> {
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
  const transactions = await supportsTransactions(db)
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

class MongoStore implements DocumentStore {
  readonly kind = 'mongodb'

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** Whether the server runs multi-document transactions (a replica set member or mongos). */
    readonly transactions: boolean,
  ) {}

  collection<T extends Doc = Doc>(name: string): DocumentCollection<T> {
    return new MongoCollection<T>(this.db.collection<Doc>(name))
  }

  async listCollections(): Promise<string[]> {
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

  async close(): Promise<void> {
    await this.client.close()
  }
}

/** As the drivers decide: sessions, and a replica set member or a mongos router. */
async function supportsTransactions(db: Db): Promise<boolean> {
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
