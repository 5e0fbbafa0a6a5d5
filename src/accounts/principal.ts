import { t } from '../i18n/i18n.js'
import type { Request, RequestHandler, Response } from 'express'
import { UnauthorizedError } from '../errors.js'
import { clearCookie, readCookies, setCookie } from '../http/cookies.js'
import { displayName, type User } from './account.js'
import type { AccountService } from './account-service.js'
import type { AuditContext } from './audit-log.js'
import type { AuthSettings } from './auth-settings.js'
import type { SessionRecord } from './session-repository.js'
import type { SessionService } from './session-service.js'

/** Who is making the request: a signed-in user, through a session cookie (pages) or a bearer token (API). */
export type Principal =
  { user: User; via: 'session'; session: SessionRecord } | { user: User; via: 'token'; tokenId: string }

/** What templates may know about the signed-in user (never the user record itself). */
export interface CurrentUserView {
  name: string
  email: string
  role: User['role']
  isAdmin: boolean
  /** Curators and admins see the curation pages. */
  canCurate: boolean
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the principal middlewares; undefined for anonymous requests. */
      principal?: Principal
    }
    interface Locals {
      currentUser?: CurrentUserView | undefined
      /** The CSRF token every POST form carries (`{{> csrf-field}}`); for anonymous visitors made when printed (src/http/csrf.ts). */
      csrfToken?: string | { toString(): string } | undefined
    }
  }
}

/** The session cookie: `__Host-` prefixed in production; Secure in production or when the request came over HTTPS. */
export class SessionCookies {
  readonly name: string

  constructor(
    private readonly sessions: SessionService,
    private readonly settings: AuthSettings,
    private readonly production: boolean,
  ) {
    this.name = production ? '__Host-fi_session' : 'fi_session'
  }

  secure(req: Request): boolean {
    return this.production || req.secure
  }

  /** Signs the user in with a brand-new session id (any session the request carried is ended). */
  async start(req: Request, res: Response, user: User): Promise<SessionRecord> {
    const { id, record } = await this.sessions.start(user.id, readCookies(req).get(this.name))
    setCookie(res, this.name, id, { secure: this.secure(req), maxAge: this.settings.sessionAbsoluteMs / 1000 })
    req.principal = { user, via: 'session', session: record }
    res.locals.currentUser = toCurrentUser(user)
    res.locals.csrfToken = record.csrfToken
    return record
  }

  /** Ends every other session of the user (after a password change). */
  endOthers(user: User, keep: SessionRecord): Promise<number> {
    return this.sessions.endOthers(user.id, keep)
  }

  async end(req: Request, res: Response): Promise<void> {
    const id = readCookies(req).get(this.name)
    if (id) await this.sessions.end(id)
    clearCookie(res, this.name, this.secure(req))
    req.principal = undefined
    res.locals.currentUser = undefined
  }

  /** True when the request carries a session cookie (possibly unknown or expired). */
  carried(req: Request): boolean {
    return readCookies(req).has(this.name)
  }

  /** Loads the principal from the session cookie; an unknown or expired session clears the cookie. */
  async load(req: Request, res: Response, accounts: AccountService): Promise<void> {
    const id = readCookies(req).get(this.name)
    if (!id) return
    const session = await this.sessions.resolve(id)
    const user = session ? await accounts.getUser(session.userId) : null
    if (!session || !user) {
      if (session) await this.sessions.endRecord(session)
      clearCookie(res, this.name, this.secure(req))
      return
    }
    req.principal = { user, via: 'session', session }
  }
}

export function toCurrentUser(user: User): CurrentUserView {
  return {
    name: displayName(user.name),
    email: user.email,
    role: user.role,
    isAdmin: user.role === 'admin',
    canCurate: user.role === 'curator' || user.role === 'admin',
  }
}

function exposeToViews(req: Request, res: Response): void {
  if (!req.principal) return
  res.locals.currentUser = toCurrentUser(req.principal.user)
  // Pages of a signed-in user are personal: no shared or browser cache may keep them.
  res.setHeader('Cache-Control', 'no-store')
}

/** Pages: the principal comes from the session cookie only. */
export function pagePrincipal(accounts: AccountService, cookies: SessionCookies): RequestHandler {
  const load = async (req: Request, res: Response, next: () => void) => {
    await cookies.load(req, res, accounts)
    exposeToViews(req, res)
    next()
  }
  // Without a session cookie there is nothing to look up: stay synchronous (no promise, no microtask hop).
  return (req, res, next) => (cookies.carried(req) ? load(req, res, next) : next())
}

/**
 * API: `Authorization: Bearer <token>` when present (a bad token is a 401, never a fall-back to the
 * cookie); otherwise the session cookie, whose unsafe requests then need the CSRF header (apiCsrf).
 */
export function apiPrincipal(accounts: AccountService, cookies: SessionCookies): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization')
    if (header !== undefined) {
      const match = /^Bearer +(\S+) *$/i.exec(header)
      const found = match?.[1] ? await accounts.authenticateToken(match[1]) : null
      if (!found) throw new UnauthorizedError(match ? t('errors.api.badToken') : t('errors.api.useBearer'))
      req.principal = { user: found.user, via: 'token', tokenId: found.record.id }
      res.setHeader('Cache-Control', 'no-store')
      next()
      return
    }
    await cookies.load(req, res, accounts)
    if (req.principal) res.setHeader('Cache-Control', 'no-store')
    next()
  }
}

/** Who is acting, for the audit log. */
export function auditContext(req: Request, via: AuditContext['via']): AuditContext {
  const user = req.principal?.user
  return { actorId: user?.id ?? null, actorEmail: user?.email ?? null, ip: req.ip ?? null, via }
}
