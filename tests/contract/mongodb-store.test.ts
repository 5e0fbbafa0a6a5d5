import { describe } from 'vitest'
import { openTestStore, TEST_MONGODB_URI } from '../helpers/test-store.js'
import { documentStoreContract } from './document-store.contract.js'

if (TEST_MONGODB_URI) {
  // A new database per test (dropped by close()), so every test starts empty.
  documentStoreContract('mongodb', () => openTestStore('', 'contract'))
} else {
  console.warn('MongoDB contract suite skipped: set MONGODB_URI (e.g. mongodb://localhost:27017), or run npm run test:mongodb.')
  describe.skip('MONGODB_URI not set', () => {
    documentStoreContract('mongodb', () => Promise.reject(new Error('MONGODB_URI is not set')))
  })
}
