import { MongoClient, type Db } from 'mongodb'
import type { Doc, DocumentCollection, DocumentStore } from '../document-store.js'
import { MongoCollection } from './mongo-collection.js'

export interface MongoStoreOptions {
  uri: string
  /** Defaults to the database named in the URI, else `fi_for_inclusion`. */
  dbName?: string
}

const DEFAULT_DB_NAME = 'fi_for_inclusion'

export async function openMongoStore(options: MongoStoreOptions): Promise<DocumentStore> {
  // ignoreUndefined: undefined fields are left out, as the embedded engine's JSON storage does.
  const client = new MongoClient(options.uri, { ignoreUndefined: true })
  await client.connect()
  return new MongoStore(client, client.db(options.dbName ?? dbNameFromUri(options.uri) ?? DEFAULT_DB_NAME))
}

class MongoStore implements DocumentStore {
  readonly kind = 'mongodb'

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
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

  async close(): Promise<void> {
    await this.client.close()
  }
}

function dbNameFromUri(uri: string): string | undefined {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri)?.[1]
  return name ? decodeURIComponent(name) : undefined
}
