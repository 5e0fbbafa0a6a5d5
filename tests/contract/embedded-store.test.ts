import { afterAll } from 'vitest'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { documentStoreContract } from './document-store.contract.js'
import { tempDirs } from './temp-dirs.js'

const dirs = tempDirs('embedded-contract-')
afterAll(() => dirs.removeAll())

documentStoreContract('embedded', () => openEmbeddedStore({ dataDir: dirs.make() }))
