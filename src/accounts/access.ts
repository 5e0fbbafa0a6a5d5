import type { Request, RequestHandler } from 'express'
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.js'
import type { Role } from './account.js'
import type { Principal } from './principal.js'

/**
 * Authorisation building blocks for every feature. Use them as route middleware:
 *
 *   router.get('/review', requireRole('reviewer', 'admin'), handler)   // 401 anonymous, 403 other roles
 *   router.get('/account', requireUser, handler)                        // 401 anonymous
 *
 * and inside handlers `principalOf(req)` for the typed principal. On pages a 401 becomes a
 * redirect to /login; on the API it is a JSON 401.
 *
 * For records that belong to an organisation (questionnaire responses), call
 * `assertRespondentAccess(principal, record.organisationId, 'Response')`: a respondent of another
 * organisation gets the same 404 as for an id that does not exist, so ids cannot be probed.
 */
export const requireUser: RequestHandler = (req, _res, next) => {
  next(req.principal ? undefined : new UnauthorizedError())
}

export function requireRole(...roles: Role[]): RequestHandler {
  const allowed = new Set<Role>(roles)
  return (req, _res, next) => {
    if (!req.principal) next(new UnauthorizedError())
    else if (!allowed.has(req.principal.user.role)) next(new ForbiddenError())
    else next()
  }
}

/** The principal of a request that passed `requireUser` or `requireRole`. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError()
  return req.principal
}

export function hasRole(principal: Principal | undefined, ...roles: Role[]): boolean {
  return principal !== undefined && roles.includes(principal.user.role)
}

/** True when the principal is a respondent who belongs to the organisation. */
export function respondentMayAccess(principal: Principal | undefined, organisationId: string): boolean {
  return (
    principal?.user.role === 'respondent' &&
    principal.user.organisationId !== null &&
    principal.user.organisationId === organisationId
  )
}

/** Throws 404 (`what` not found) unless the principal is a respondent of the organisation. */
export function assertRespondentAccess(principal: Principal | undefined, organisationId: string, what: string): void {
  if (!respondentMayAccess(principal, organisationId)) throw new NotFoundError(what)
}
