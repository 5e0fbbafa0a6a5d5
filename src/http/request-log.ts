import type { RequestHandler } from 'express'
import type { Logger } from '../logger.js'

/** One structured line per request (method, path, status, duration); assets and health checks are left out. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith('/assets/') || req.path === '/health') return next()
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      logger.info('request', { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 })
    })
    next()
  }
}
