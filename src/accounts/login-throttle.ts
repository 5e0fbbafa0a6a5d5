import { randomUUID } from 'node:crypto'
import type { DocumentCollection, DocumentStore } from '../storage/document-store.js'

interface AttemptDoc {
  _id: string
  key: string
  at: string
  [key: string]: unknown
}

export interface Limit {
  key: string
  max: number
  windowMs: number
}

/**
 * Sliding-window counters in `login_attempts` (or another collection: the write quotas use
 * `write_quotas`), shared by every app instance through the store. An attempt is written *before*
 * the password is checked and counted with the others, so parallel requests cannot slip more than
 * `max` guesses through between a count and a write.
 */
export class AttemptThrottle {
  private readonly collection: DocumentCollection<AttemptDoc>

  constructor(
    store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
    collection = 'login_attempts',
  ) {
    this.collection = store.collection<AttemptDoc>(collection)
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { key: 1, at: 1 }, name: 'key_at' })
    await this.collection.createIndex({ keys: { at: 1 }, name: 'at' })
  }

  /**
   * Records one attempt under every limit's key. Returns the seconds to wait when any limit is now
   * exceeded (the attempt is then withdrawn so waiting clients do not extend their own lock), or
   * the attempt ids to `forget` once the attempt proves legitimate.
   */
  async attempt(limits: Limit[]): Promise<{ blockedForSeconds: number } | { ids: string[] }> {
    const now = this.now()
    const at = now.toISOString()
    const docs = limits.map((limit) => ({ _id: randomUUID(), key: limit.key, at }))
    await this.collection.insertMany(docs)
    let wait = 0
    for (const limit of limits) wait = Math.max(wait, await this.secondsUntilFree(limit, now))
    if (wait > 0) {
      await this.forget(docs.map((d) => d._id))
      return { blockedForSeconds: wait }
    }
    return { ids: docs.map((d) => d._id) }
  }

  /**
   * Like `attempt`, but reads first: a client already over a limit is refused without a write,
   * so a flood of refused requests adds nothing to the store.
   */
  async take(limits: Limit[]): Promise<{ blockedForSeconds: number } | { ids: string[] }> {
    const now = this.now()
    let wait = 0
    for (const limit of limits)
      wait = Math.max(wait, await this.secondsUntilFree({ ...limit, max: limit.max - 1 }, now))
    if (wait > 0) return { blockedForSeconds: wait }
    return this.attempt(limits)
  }

  /** Deletes every attempt older than `olderThanMs` (all keys). */
  async prune(olderThanMs: number): Promise<void> {
    await this.collection.deleteMany({ at: { $lt: new Date(this.now().getTime() - olderThanMs).toISOString() } })
  }

  /** Seconds until a new attempt would be allowed under `limit` (0 when allowed now). */
  async secondsUntilFree(limit: Limit, now = this.now()): Promise<number> {
    const since = new Date(now.getTime() - limit.windowMs).toISOString()
    const recent = await this.collection.find(
      { key: limit.key, at: { $gt: since } },
      { sort: { at: -1, _id: 1 }, limit: limit.max + 1 },
    )
    if (recent.length <= limit.max) return 0
    // The oldest of the newest max+1 attempts has to leave the window.
    const leaving = recent[limit.max]!
    return Math.max(1, Math.ceil((Date.parse(leaving.at) + limit.windowMs - now.getTime()) / 1000))
  }

  /** Counts one attempt under `limit` without checking it. */
  async record(limit: Limit): Promise<void> {
    await this.collection.insertOne({ _id: randomUUID(), key: limit.key, at: this.now().toISOString() })
  }

  async forget(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.collection.deleteMany({ _id: { $in: ids } })
  }

  /** Clears a key (an account's failures after a successful sign-in) and prunes old attempts. */
  async reset(key: string, olderThanMs: number): Promise<void> {
    await this.collection.deleteMany({ key })
    await this.collection.deleteMany({ at: { $lt: new Date(this.now().getTime() - olderThanMs).toISOString() } })
  }
}
