import type { RequestHandler } from 'express'
import type { ChangeFollower } from '../changes/change-follower.js'
import type { DocumentStore } from '../storage/document-store.js'

export interface HealthDeps {
  store: DocumentStore
  follower: ChangeFollower
  clock?: () => Date
}

/**
 * `GET /health`: 200 `{status:"ok", store, ready:true, sync, lastError}` when the store answers a
 * ping; 503 `{status:"unavailable", …, ready:false}` with the reason when it does not. `sync` says
 * how far this instance is behind what other instances wrote (docs/adr/026); `lastError` is the
 * latest failure of the ping or of following the changes feed.
 */
export function healthRoute({ store, follower, clock = () => new Date() }: HealthDeps): RequestHandler {
  return async (_req, res) => {
    const { appliedSeq, behind, lagMs, caughtUpAt, lastError } = follower.status()
    const sync = { appliedSeq, behind, lagMs, caughtUpAt }
    try {
      await store.ping()
    } catch (error) {
      const failure = { at: clock().toISOString(), message: error instanceof Error ? error.message : String(error) }
      res.status(503).json({ status: 'unavailable', store: store.kind, ready: false, sync, lastError: failure })
      return
    }
    res.json({ status: 'ok', store: store.kind, ready: true, sync, lastError })
  }
}
