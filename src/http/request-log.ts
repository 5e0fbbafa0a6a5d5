import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Request, RequestHandler, Response } from 'express'
import { pinoHttp } from 'pino-http'
import { withRequestContext, type Logger } from '../logger.js'

/** An incoming `X-Request-Id` (set by a proxy) is kept when it looks like one; otherwise a new UUID. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** Secrets that travel in a path are not written to the logs. */
export function loggedUrl(url: string): string {
  return url.replace(/^\/invitations\/[^/?#]+/, '/invitations/:token')
}

/**
 * One line per request (pino-http: `reqId`, method, the full path as requested, status, user id,
 * client address, duration in ms), and every line written while the request runs carries the same
 * `reqId`, also sent back as `X-Request-Id`. `LOG_LEVEL=debug` adds a line when the request arrives,
 * with its headers of interest, and the response size. Assets and health checks are left out.
 */
export function requestLog(logger: Logger): RequestHandler[] {
  const detail = logger.enabled('debug')
  const http = pinoHttp<IncomingMessage, ServerResponse>({
    logger: logger.pino,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id']
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
      res.setHeader('X-Request-Id', id)
      return id
    },
    customAttributeKeys: { reqId: 'reqId', responseTime: 'ms' },
    autoLogging: { ignore: (req) => skipped(urlOf(req)) },
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, url: loggedUrl(urlOf(req)) }),
      res: (res: ServerResponse) =>
        detail
          ? { status: res.statusCode, bytes: Number(res.getHeader('content-length') ?? 0) || undefined }
          : { status: res.statusCode },
    },
    // Added to the closing line only: bound at the start (customProps) they would say status 200 and no user.
    customSuccessObject: (req, res, line: object) => ({ ...line, ...closingProps(req, res) }),
    customErrorObject: (req, res, _error, line: object) => ({ ...line, ...closingProps(req, res) }),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
  })
  const context: RequestHandler = (req: Request, res: Response, next) => {
    if (detail && !skipped(req.originalUrl)) {
      const h = req.headers
      req.log.debug(
        {
          userAgent: h['user-agent'],
          referer: h.referer,
          acceptLanguage: h['accept-language'],
          contentType: h['content-type'],
          contentLength: h['content-length'],
        },
        'request received',
      )
    }
    withRequestContext({ reqId: String(req.id), log: req.log }, next)
  }
  return [http as unknown as RequestHandler, context]
}

function closingProps(
  req: IncomingMessage,
  res: ServerResponse,
): { userId: string | null; ip: string | undefined; status: number } {
  return {
    userId: (req as Request).principal?.user.id ?? null,
    ip: (req as Request).ip ?? req.socket.remoteAddress,
    status: res.statusCode,
  }
}

function urlOf(req: IncomingMessage): string {
  return (req as Partial<Request>).originalUrl ?? req.url ?? '/'
}

function skipped(url: string): boolean {
  return url.startsWith('/assets/') || url === '/health' || url.startsWith('/health?')
}
