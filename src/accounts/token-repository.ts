import type { DocumentCollection, DocumentStore, Transaction } from '../storage/document-store.js'

export interface ApiTokenRecord {
  id: string
  userId: string
  name: string
  createdAt: string
  lastUsedAt: string | null
}

interface ApiTokenDoc {
  _id: string
  userId: string
  name: string
  tokenHash: string
  createdAt: string
  lastUsedAt: string | null
  [key: string]: unknown
}

/** `api_tokens`: personal bearer tokens, stored as SHA-256 hashes. */
export class ApiTokenRepository {
  private readonly collection: DocumentCollection<ApiTokenDoc>

  constructor(store: DocumentStore) {
    this.collection = store.collection<ApiTokenDoc>('api_tokens')
  }

  /** The collection, or its view in the caller's unit of writes. */
  private in(tx: Transaction | undefined): DocumentCollection<ApiTokenDoc> {
    return tx ? tx.collection<ApiTokenDoc>('api_tokens') : this.collection
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { tokenHash: 1 }, unique: true, name: 'tokenHash_unique' })
    await this.collection.createIndex({ keys: { userId: 1 }, name: 'userId' })
  }

  async insert(record: ApiTokenRecord, tokenHash: string, tx?: Transaction): Promise<void> {
    const { id, ...rest } = record
    await this.in(tx).insertOne({ _id: id, ...rest, tokenHash })
  }

  async byHash(tokenHash: string): Promise<ApiTokenRecord | null> {
    const doc = await this.collection.findOne({ tokenHash })
    return doc ? fromDoc(doc) : null
  }

  async forUser(userId: string): Promise<ApiTokenRecord[]> {
    const docs = await this.collection.find({ userId }, { sort: { createdAt: -1, _id: 1 } })
    return docs.map(fromDoc)
  }

  countForUser(userId: string): Promise<number> {
    return this.collection.countDocuments({ userId })
  }

  async touch(id: string, at: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { lastUsedAt: at } })
  }

  /** Deletes the token only if it belongs to `userId`; returns what was deleted. */
  async removeOwned(id: string, userId: string, tx?: Transaction): Promise<ApiTokenRecord | null> {
    const doc = await this.in(tx).findOne({ _id: id, userId })
    if (!doc) return null
    const { deletedCount } = await this.in(tx).deleteOne({ _id: id, userId })
    return deletedCount > 0 ? fromDoc(doc) : null
  }
}

function fromDoc(doc: ApiTokenDoc): ApiTokenRecord {
  return {
    id: doc._id,
    userId: doc.userId,
    name: doc.name,
    createdAt: doc.createdAt,
    lastUsedAt: doc.lastUsedAt ?? null,
  }
}
