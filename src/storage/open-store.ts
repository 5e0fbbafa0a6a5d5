import type { MongoSettings } from '../config.js'
import { RESTORE_MARKER_ID, RestoreIncompleteError, type DocumentStore } from './document-store.js'
import { openEmbeddedStore, type EmbeddedStoreOptions } from './embedded/embedded-store.js'
import { openMongoStore } from './mongodb/mongo-store.js'

export interface StoreConfig {
  dataDir: string
  mongodbUri?: string | undefined
  mongodb?: MongoSettings | undefined
  /** Options of the embedded engine (event observer, test seams). */
  embedded?: Omit<EmbeddedStoreOptions, 'dataDir'>
  /** Only `restore` opens a store whose last restore did not finish (to finish it). */
  allowIncompleteRestore?: boolean
}

/** MongoDB when a URI is configured, otherwise the embedded store in `dataDir`. Refuses a store whose restore did not finish. */
export async function openStore(config: StoreConfig): Promise<DocumentStore> {
  const store: DocumentStore = config.mongodbUri
    ? await openMongoStore({ uri: config.mongodbUri, ...config.mongodb })
    : await openEmbeddedStore({ ...config.embedded, dataDir: config.dataDir })
  if (!config.allowIncompleteRestore) {
    const marker = await store
      .collection('meta')
      .findOne({ _id: RESTORE_MARKER_ID })
      .catch(async (error: unknown) => {
        await store.close()
        throw error
      })
    if (marker) {
      await store.close()
      throw new RestoreIncompleteError(String(marker.startedAt))
    }
  }
  return store
}
