/** Errors carry an HTTP status and a stable code; clients branch on `code`, never on `message`. */
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

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`)
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, 'conflict', message)
  }
}

/** Not signed in, or the credentials are not valid (401). */
export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in to continue') {
    super(401, 'unauthorized', message)
  }
}

/** Signed in but not allowed (403); `code` tells apart a missing permission from a failed CSRF check. */
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this', code = 'forbidden') {
    super(403, code, message)
  }
}

/** Too many attempts (429); the error handlers send `Retry-After: retryAfterSeconds`. */
export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many attempts. Wait and try again.',
  ) {
    super(429, 'too_many_requests', message)
  }
}

/** The service cannot take the request now (shutting down): 503, with `Retry-After`. */
export class ServiceUnavailableError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(503, 'shutting_down', message)
  }
}

/** The disk is full: 507, the change was not saved. */
export class InsufficientStorageError extends AppError {
  constructor(message: string) {
    super(507, 'insufficient_storage', message)
  }
}

function summarise(fields: Record<string, string[]>): string {
  const parts = Object.entries(fields).map(([path, messages]) => `${path || 'input'}: ${messages.join('; ')}`)
  return parts.length > 0 ? parts.join(' · ') : 'The input is not valid'
}
