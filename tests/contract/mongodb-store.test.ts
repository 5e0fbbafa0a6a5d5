import { randomUUID } from 'node:crypto'
import { MongoClient } from 'mongodb'
import { afterAll, describe } from 'vitest'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openMongoStore, supportsTransactions } from '../../src/storage/mongodb/mongo-store.js'
import { documentStoreContract } from './document-store.contract.js'

const uri = process.env.MONGODB_URI

if (uri) {
  const dbName = `contract_${randomUUID().replaceAll('-', '')}`
  afterAll(async () => {
    const client = new MongoClient(uri)
    await client.db(dbName).dropDatabase()
    await client.close()
  })
  // Transactions need a replica set (compose.yaml runs a single-node one); a standalone server or FerretDB has none.
  const probe = await openMongoStore({ uri, dbName })
  const transactions = await supportsTransactions(probe)
  await probe.close()
  if (!transactions.supported) console.warn(`MongoDB transaction tests skipped: the server at MONGODB_URI runs no transactions (${transactions.reason}).`)
  documentStoreContract('mongodb', async () => withEmptyDatabase(await openMongoStore({ uri, dbName })), {
    transactionsUnsupported: transactions.supported ? null : `the server runs no transactions: ${transactions.reason}`,
  })
} else {
  console.warn('MongoDB contract suite skipped: set MONGODB_URI (e.g. mongodb://localhost:27017) to run it.')
  describe.skip('MONGODB_URI not set', () => {
    documentStoreContract('mongodb', () => Promise.reject(new Error('MONGODB_URI is not set')))
  })
}

/** Every test starts from an empty database and leaves one behind. */
async function withEmptyDatabase(store: DocumentStore): Promise<DocumentStore> {
  await store.dropAll()
  return {
    kind: store.kind,
    collection: (name) => store.collection(name),
    listCollections: () => store.listCollections(),
    dropAll: () => store.dropAll(),
    transaction: (work) => store.transaction(work),
    contents: () => store.contents(),
    replaceAll: (contents) => store.replaceAll(contents),
    status: () => store.status(),
    close: async () => {
      await store.dropAll()
      await store.close()
    },
  }
}
