import type { ErrorRequestHandler, RequestHandler } from 'express'
import {
  AppError,
  InsufficientStorageError,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  ValidationError,
} from '../errors.js'
import { StorageFullError, StoreClosedError } from '../storage/document-store.js'
import { t } from '../i18n/i18n.js'
import type { Logger } from '../logger.js'
import { sendPage } from './pages.js'

/** Longest address the sign-in page takes back (src/accounts/accounts-pages.ts). */
export const RETURN_TO_MAX_LENGTH = 500

interface BodyParserError {
  type?: string
  status?: number
}

/** Turns body-parser and other framework errors into AppErrors with stable codes. */
function normalise(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error
  if (error instanceof StorageFullError) return new InsufficientStorageError(t('errors.storageFull'))
  if (error instanceof StoreClosedError) return new ServiceUnavailableError(10, t('errors.shuttingDown'))
  const e = error as BodyParserError
  if (e?.type === 'entity.too.large') return new AppError(413, 'payload_too_large', t('errors.api.payloadTooLarge'))
  if (e?.type === 'entity.parse.failed') return new ValidationError({ body: [t('errors.api.invalidJson')] })
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new AppError(415, 'unsupported_media_type', t('errors.api.unsupportedEncoding'))
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new AppError(e.status, 'bad_request', t('errors.api.badRequest'))
  return undefined
}

export const apiNotFound: RequestHandler = (_req, _res, next) => next(new NotFoundError('API route'))

export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = normalise(error)
    if (!known) {
      logger.error('unhandled error', { error, method: req.method, url: req.originalUrl })
      res.status(500).json({ error: { code: 'internal_error', message: t('errors.api.internal') } })
      return
    }
    if (known instanceof TooManyRequestsError || known instanceof ServiceUnavailableError)
      res.setHeader('Retry-After', String(known.retryAfterSeconds))
    if (known.status === 507) logger.error('disk full: a write was refused', { method: req.method, path: req.path })
    else if (known.status === 429 && known.fields?.retryAfter?.[0])
      res.setHeader('Retry-After', known.fields.retryAfter[0])
    if (known.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="api"')
    res
      .status(known.status)
      .json({ error: { code: known.code, message: known.message, ...(known.fields ? { fields: known.fields } : {}) } })
  }
}

export const pageNotFound: RequestHandler = (_req, res) => {
  sendPage(res, 'errors/404', { title: t('errors.notFoundTitle') }, 404)
}

export function pageErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = normalise(error)
    if (known?.status === 404) {
      sendPage(res, 'errors/404', { title: t('errors.notFoundTitle') }, 404)
      return
    }
    if (known?.status === 401) {
      // Pages: send the visitor to sign in, and back here afterwards when it was a plain GET.
      // A very long address is not carried along (the sign-in page would drop it anyway).
      const url = req.originalUrl
      const back =
        req.method === 'GET' && url.startsWith('/') && !url.startsWith('//') && url.length <= RETURN_TO_MAX_LENGTH
          ? `?returnTo=${encodeURIComponent(url)}`
          : ''
      res.redirect(303, `/login${back}`)
      return
    }
    if (known?.status === 403) {
      const csrf = known.code === 'csrf_failed'
      sendPage(
        res,
        'errors/403',
        {
          title: t(csrf ? 'errors.csrfTitle' : 'errors.forbiddenTitle'),
          message: t(csrf ? 'errors.csrfText' : 'errors.forbiddenText'),
        },
        403,
      )
      return
    }
    if (known instanceof TooManyRequestsError) {
      res.setHeader('Retry-After', String(known.retryAfterSeconds))
      sendPage(res, 'errors/429', { title: t('errors.tooManyTitle'), message: known.message }, 429)
      return
    }
    if (known instanceof ServiceUnavailableError || known instanceof InsufficientStorageError) {
      if (known instanceof ServiceUnavailableError) res.setHeader('Retry-After', String(known.retryAfterSeconds))
      else logger.error('disk full: a write was refused', { method: req.method, path: req.path })
      const title = t(known.status === 503 ? 'errors.shuttingDownTitle' : 'errors.storageFullTitle')
      sendPage(res, 'errors/429', { title, message: known.message }, known.status)
      return
    }
    if (known) {
      const errorList = Object.entries(known.fields ?? {}).map(([field, messages]) => ({
        text: `${field}: ${messages.join('; ')}`,
        href: `#${field.split('.').pop() ?? field}`,
      }))
      sendPage(
        res,
        'errors/400',
        { title: t('errors.badRequestTitle'), message: known.message, errorList },
        known.status,
      )
      return
    }
    logger.error('unhandled error', { error, method: req.method, url: req.originalUrl })
    const stack = res.locals.showStackTraces && error instanceof Error ? error.stack : undefined
    sendPage(res, 'errors/500', { title: t('errors.serverErrorTitle'), stack }, 500)
  }
}
