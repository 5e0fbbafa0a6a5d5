import { randomBytes } from 'node:crypto'
import type { Request, RequestHandler } from 'express'
import { hmac, safeEqual, SECRET_PATTERN } from '../accounts/secrets.js'
import { ForbiddenError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { Lru } from '../shared/lru.js'
import { readCookies, setCookie } from './cookies.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** The form field every POST form carries (views/partials/csrf-field.hbs). */
export const CSRF_FIELD = '_csrf'
export const CSRF_HEADER = 'x-csrf-token'

export interface PageCsrfOptions {
  /** SESSION_SECRET, or a random per-process value outside production. */
  secret: string
  production: boolean
}

/**
 * CSRF for pages. Signed in: the synchroniser token stored in the session. Anonymous (sign-in,
 * registration, invitation forms): a signed double-submit token, HMAC(secret, nonce) where the
 * nonce lives in an HttpOnly cookie, so an attacker can neither read nor forge the pair.
 * Every unsafe request needs the token in the `_csrf` field or the X-CSRF-Token header, else 403.
 * The token is exposed to every template as `csrfToken`.
 */
export function pageCsrf(options: PageCsrfOptions): RequestHandler {
  const cookieName = options.production ? '__Host-fi_csrf' : 'fi_csrf'
  // A browser sends the same nonce with every request: sign it once (HMAC is deterministic), not per page.
  const signed = new Lru<string, string>(4096)
  const sign = (nonce: string): string => {
    let token = signed.get(nonce)
    if (token === undefined) {
      token = hmac(options.secret, `csrf:${nonce}`)
      signed.set(nonce, token)
    }
    return token
  }
  return (req, res, next) => {
    let expected: string
    let fresh = false
    if (req.principal?.via === 'session') {
      expected = req.principal.session.csrfToken
    } else {
      let nonce = readCookies(req).get(cookieName)
      if (!nonce || !SECRET_PATTERN.test(nonce)) {
        nonce = newNonce()
        fresh = true
        setCookie(res, cookieName, nonce, { secure: options.production || req.secure })
      }
      expected = sign(nonce)
    }
    res.locals.csrfToken = expected
    if (SAFE_METHODS.has(req.method)) {
      next()
      return
    }
    const sent = sentToken(req)
    if (fresh || sent === undefined || !safeEqual(sent, expected)) {
      next(new ForbiddenError(t('errors.csrfText'), 'csrf_failed'))
      return
    }
    next()
  }
}

/**
 * A fresh anonymous nonce: 32 bytes from the CSPRNG, base64url (the shape of `randomSecret()`), cut
 * from a pool filled 64 nonces at a time (one call into OpenSSL instead of one per first visit);
 * no byte is used twice.
 */
const NONCE_BYTES = 32
const pool = { bytes: Buffer.alloc(0), offset: 0 }
function newNonce(): string {
  if (pool.offset + NONCE_BYTES > pool.bytes.length) {
    pool.bytes = randomBytes(NONCE_BYTES * 64)
    pool.offset = 0
  }
  const nonce = pool.bytes.toString('base64url', pool.offset, pool.offset + NONCE_BYTES)
  pool.offset += NONCE_BYTES
  return nonce
}

/** CSRF for the JSON API: only cookie-authenticated writes need the X-CSRF-Token header (bearer requests carry no ambient authority). */
export const apiCsrf: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method) || req.principal?.via !== 'session') {
    next()
    return
  }
  const sent = req.get(CSRF_HEADER)
  if (sent === undefined || !safeEqual(sent, req.principal.session.csrfToken)) {
    next(new ForbiddenError(t('errors.api.csrfHeader'), 'csrf_failed'))
    return
  }
  next()
}

function sentToken(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined
  if (body && typeof body === 'object') delete body[CSRF_FIELD]
  if (typeof field === 'string') return field
  if (field !== undefined) return undefined
  return req.get(CSRF_HEADER)
}
