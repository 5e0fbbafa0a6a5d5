import type { DocumentCollection, DocumentStore } from '../storage/document-store.js'

export interface SessionRecord {
  /** SHA-256 of the session id; the id itself only ever lives in the cookie. */
  idHash: string
  userId: string
  /** Synchroniser token for the forms of this session. */
  csrfToken: string
  createdAt: string
  lastSeenAt: string
}

interface SessionDoc {
  _id: string
  userId: string
  csrfToken: string
  createdAt: string
  lastSeenAt: string
  [key: string]: unknown
}

export class SessionRepository {
  private readonly collection: DocumentCollection<SessionDoc>

  constructor(store: DocumentStore) {
    this.collection = store.collection<SessionDoc>('sessions')
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { userId: 1 }, name: 'userId' })
    await this.collection.createIndex({ keys: { lastSeenAt: 1 }, name: 'lastSeenAt' })
    await this.collection.createIndex({ keys: { createdAt: 1 }, name: 'createdAt' })
  }

  async insert(session: SessionRecord): Promise<void> {
    const { idHash, ...rest } = session
    await this.collection.insertOne({ _id: idHash, ...rest })
  }

  async get(idHash: string): Promise<SessionRecord | null> {
    const doc = await this.collection.findOne({ _id: idHash })
    if (!doc) return null
    return {
      idHash: doc._id,
      userId: doc.userId,
      csrfToken: doc.csrfToken,
      createdAt: doc.createdAt,
      lastSeenAt: doc.lastSeenAt,
    }
  }

  async touch(idHash: string, at: string): Promise<void> {
    await this.collection.updateOne({ _id: idHash }, { $set: { lastSeenAt: at } })
  }

  async remove(idHash: string): Promise<void> {
    await this.collection.deleteOne({ _id: idHash })
  }

  /** Signs a user out everywhere but `keepIdHash` (after a password change). */
  async removeForUser(userId: string, keepIdHash: string | null): Promise<number> {
    const filter = keepIdHash ? { userId, _id: { $ne: keepIdHash } } : { userId }
    return (await this.collection.deleteMany(filter)).deletedCount
  }

  /** Ends a user's oldest sessions beyond the `keep` newest. */
  async keepNewest(userId: string, keep: number): Promise<number> {
    const older = await this.collection.find(
      { userId },
      { sort: { createdAt: -1, _id: 1 }, skip: keep, projection: { _id: 1 } },
    )
    if (older.length === 0) return 0
    return (await this.collection.deleteMany({ _id: { $in: older.map((d) => d._id) } })).deletedCount
  }

  /** Deletes sessions idle since `idleBefore` or created before `createdBefore`. */
  async removeExpired(idleBefore: string, createdBefore: string): Promise<number> {
    const { deletedCount } = await this.collection.deleteMany({
      $or: [{ lastSeenAt: { $lt: idleBefore } }, { createdAt: { $lt: createdBefore } }],
    })
    return deletedCount
  }
}
