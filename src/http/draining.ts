import type { RequestHandler } from 'express'
import { ServiceUnavailableError } from '../errors.js'
import { t } from '../i18n/i18n.js'

/** Set by main.ts when a shutdown starts (SIGTERM): from then on, writes are refused. */
export interface Lifecycle {
  draining: boolean
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])
const RETRY_AFTER_SECONDS = 10

/**
 * While the server shuts down, every write gets 503 with Retry-After at once (so no new write is
 * accepted after SIGTERM), reads are still answered, and every response closes its connection.
 */
export function refuseWritesWhileDraining(lifecycle: Lifecycle): RequestHandler {
  return (req, res, next) => {
    if (!lifecycle.draining) return next()
    res.setHeader('Connection', 'close')
    if (READS.has(req.method)) return next()
    next(new ServiceUnavailableError(RETRY_AFTER_SECONDS, t('errors.shuttingDown')))
  }
}
