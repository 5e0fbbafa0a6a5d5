import { randomUUID } from 'node:crypto'
import { MongoClient } from 'mongodb'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { openMongoStore } from '../../src/storage/mongodb/mongo-store.js'

/**
 * The store the API suite runs on: the embedded engine in `dataDir`, or, when MONGODB_URI is set
 * (CI's second run on FerretDB, `npm run test:mongodb`), a new MongoDB database that `close()`
 * drops again.
 */
export const TEST_MONGODB_URI = process.env.MONGODB_URI || undefined
export const testEngine: 'embedded' | 'mongodb' = TEST_MONGODB_URI ? 'mongodb' : 'embedded'
/** A bound on a long test, longer over the network (FerretDB answers several times slower than the in-process engine). */
export const bound = (ms: number): number => (testEngine === 'mongodb' ? ms * 4 : ms)

export async function openTestStore(dataDir: string, prefix = 'test'): Promise<DocumentStore> {
  if (!TEST_MONGODB_URI) return openEmbeddedStore({ dataDir })
  const dbName = `${prefix}_${randomUUID().replaceAll('-', '')}`
  const store = await openMongoStore({ uri: TEST_MONGODB_URI, dbName, allowNoTransactions: true })
  return withDroppedDatabase(store, dbName)
}

/**
 * A second handle on the same data, as a second app instance has: a second connection to the same
 * MongoDB database, or the same embedded store (one process may open a data directory).
 */
export async function openTestStoreAgain(store: DocumentStore): Promise<DocumentStore> {
  const dbName = databaseNames.get(store)
  if (dbName === undefined) return store
  return openMongoStore({ uri: TEST_MONGODB_URI!, dbName, allowNoTransactions: true })
}

const databaseNames = new WeakMap<DocumentStore, string>()

function withDroppedDatabase(store: DocumentStore, dbName: string): DocumentStore {
  const wrapped: DocumentStore = Object.create(store) as DocumentStore
  wrapped.close = async () => {
    await store.close()
    const client = new MongoClient(TEST_MONGODB_URI!)
    try {
      await client.db(dbName).dropDatabase()
    } finally {
      await client.close()
    }
  }
  databaseNames.set(wrapped, dbName)
  return wrapped
}
