import { hasMessage, t, tDynamic } from './i18n/i18n.js'

/**
 * Errors carry an HTTP status and a stable code; clients branch on `code`, never on `message`.
 * Messages are written in the request's language (they are built while the request runs).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class ValidationError extends AppError {
  constructor(fields: Record<string, string[]>, message?: string) {
    super(400, 'validation_failed', message ?? summarise(fields), fields)
  }
}

/** `what` names the missing thing, in English ("Investment"): its message is `errors.notFound.<investment>` when the catalogue has one. */
export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', notFoundMessage(what))
  }
}

function notFoundMessage(what: string): string {
  const key = `errors.notFound.${what.replace(/\s+(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase())}`
  return hasMessage(key) ? tDynamic(key) : t('errors.notFound.generic', { what })
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message)
  }
}

/** Not signed in, or the credentials are not valid (401). */
export class UnauthorizedError extends AppError {
  constructor(message = t('errors.api.signIn')) {
    super(401, 'unauthorized', message)
  }
}

/** Signed in but not allowed (403); `code` tells apart a missing permission from a failed CSRF check. */
export class ForbiddenError extends AppError {
  constructor(message = t('errors.api.forbidden'), code = 'forbidden') {
    super(403, code, message)
  }
}

/** Too many attempts (429); the error handlers send `Retry-After: retryAfterSeconds`. */
export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = t('errors.api.tooMany'),
  ) {
    super(429, 'too_many_requests', message)
  }
}

function summarise(fields: Record<string, string[]>): string {
  const parts = Object.entries(fields).map(([path, messages]) => `${path || 'input'}: ${messages.join('; ')}`)
  return parts.length > 0 ? parts.join(' · ') : t('errors.api.validation')
}
