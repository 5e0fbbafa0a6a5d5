import type { RequestHandler } from 'express'
import type { ChangeFollower } from '../changes/change-follower.js'
import type { DocumentStore } from '../storage/document-store.js'

export interface HealthDeps {
  store: DocumentStore
  follower: ChangeFollower
  /** True once a shutdown began: the instance finishes what it has and takes no new writes. */
  draining?: () => boolean
  clock?: () => Date
}

/**
 * `GET /health`: 200 `{status:"ok", store, ready:true, sync, lastError, recovery, compaction}` when the store answers a
 * ping; 503 `{status:"unavailable", …, ready:false}` with the reason when it does not. `sync` says
 * how far this instance is behind what other instances wrote (docs/adr/026); `lastError` is the
 * latest failure of the ping or of following the changes feed.
 */
export function healthRoute({
  store,
  follower,
  draining = () => false,
  clock = () => new Date(),
}: HealthDeps): RequestHandler {
  return async (_req, res) => {
    const { appliedSeq, behind, lagMs, caughtUpAt, lastError } = follower.status()
    const sync = { appliedSeq, behind, lagMs, caughtUpAt }
    const storage = store.status()
    // What recovery dropped and failed compactions are reported, never hidden (ADR 023).
    const integrity = {
      recovery: { droppedRecords: storage.droppedAtRecovery.length },
      compaction: { failures: storage.compactionFailures },
    }
    try {
      await store.ping()
    } catch (error) {
      const failure = { at: clock().toISOString(), message: error instanceof Error ? error.message : String(error) }
      res
        .status(503)
        .json({ status: 'unavailable', store: store.kind, ready: false, sync, lastError: failure, ...integrity })
      return
    }
    if (draining()) {
      res
        .status(503)
        .setHeader('Retry-After', '10')
        .json({ status: 'stopping', store: store.kind, ready: false, sync, lastError, ...integrity })
      return
    }
    res.json({ status: 'ok', store: store.kind, ready: true, sync, lastError, ...integrity })
  }
}
