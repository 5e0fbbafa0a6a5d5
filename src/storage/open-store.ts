import type { MongoSettings } from '../config.js'
import type { DocumentStore } from './document-store.js'
import { openEmbeddedStore } from './embedded/embedded-store.js'
import { openMongoStore } from './mongodb/mongo-store.js'

export interface StoreConfig {
  dataDir: string
  mongodbUri?: string | undefined
  mongodb?: MongoSettings | undefined
}

/** MongoDB when a URI is configured, otherwise the embedded store in `dataDir`. */
export function openStore(config: StoreConfig): Promise<DocumentStore> {
  if (config.mongodbUri) return openMongoStore({ uri: config.mongodbUri, ...config.mongodb })
  return openEmbeddedStore({ dataDir: config.dataDir })
}
