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
 * The token is exposed to every template as `csrfToken` (for anonymous visitors, made when a template reads it).
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
    let expected: string | undefined
    if (req.principal?.via === 'session') {
      expected = req.principal.session.csrfToken
      res.locals.csrfToken = expected
    } else {
      const cookie = readCookies(req).get(cookieName)
      const nonce = cookie && SECRET_PATTERN.test(cookie) ? cookie : undefined
      if (nonce) expected = sign(nonce)
      // A first visit gets its nonce cookie only from a page that prints the token (one with a
      // form): a visitor who only reads pages gets no cookie, and reading costs no HMAC.
      res.locals.csrfToken =
        expected ??
        new PrintedToken(() => {
          const fresh = newNonce()
          if (!res.headersSent) setCookie(res, cookieName, fresh, { secure: options.production || req.secure })
          return sign(fresh)
        })
    }
    if (SAFE_METHODS.has(req.method)) {
      next()
      return
    }
    const sent = sentToken(req)
    if (expected === undefined || sent === undefined || !safeEqual(sent, expected)) {
      next(new ForbiddenError(t('errors.csrfText'), 'csrf_failed'))
      return
    }
    next()
  }
}

/**
 * A token made when a template prints it (Handlebars turns it into a string only then; copying
 * the context into a partial's does not): `{{@root.csrfToken}}` in views/partials/csrf-field.hbs.
 */
class PrintedToken {
  readonly #make: () => string
  #value: string | undefined
  constructor(make: () => string) {
    this.#make = make
  }
  toString(): string {
    this.#value ??= this.#make()
    return this.#value
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
