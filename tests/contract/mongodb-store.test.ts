import { describe } from 'vitest'
import { hasTransactions } from '../../src/storage/mongodb/mongo-store.js'
import { NEEDS_MONGODB } from '../helpers/mongodb-server.js'
import { openTestStore, TEST_MONGODB_URI } from '../helpers/test-store.js'
import { documentStoreContract } from './document-store.contract.js'

if (TEST_MONGODB_URI) {
  // Transactions need a replica set (compose.yaml runs a single-node one); a standalone server or FerretDB has none.
  const probe = await openTestStore('', 'probe')
  const transactions = hasTransactions(probe)
  await probe.close()
  const unsupported = transactions
    ? null
    : `${NEEDS_MONGODB}: transactions; the server at MONGODB_URI runs none (FerretDB 1.24 and standalone servers have no transactions)`
  if (unsupported) console.warn(`MongoDB transaction tests skipped: ${unsupported}`)
  // A new database per test (dropped by close()), so every test starts empty.
  documentStoreContract('mongodb', () => openTestStore('', 'contract'), { transactionsUnsupported: unsupported })
} else {
  console.warn(
    'MongoDB contract suite skipped: set MONGODB_URI (e.g. mongodb://localhost:27017), or run npm run test:mongodb.',
  )
  // Skipped because there is no MongoDB server to run against here; CI's second pass sets MONGODB_URI (FerretDB).
  describe.skip('the MongoDB contract suite (skipped: MONGODB_URI is not set; npm run test:mongodb runs it on FerretDB)', () => {
    documentStoreContract('mongodb', () => Promise.reject(new Error('MONGODB_URI is not set')))
  })
}
