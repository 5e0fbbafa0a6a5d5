import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import helmet, { type HelmetOptions } from 'helmet'

/** Security headers: a CSP with no inline script or style, nosniff, frame-ancestors 'none', strict referrer policy. */
export function securityHeaders(isProduction: boolean): RequestHandler {
  return precomputed(helmet(helmetOptions(isProduction)))
}

/** helmet's options (exported so a test can check the precomputed headers against helmet itself). */
export function helmetOptions(isProduction: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(isProduction ? { upgradeInsecureRequests: [] } : { upgradeInsecureRequests: null }),
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: isProduction,
  }
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

/**
 * helmet's headers depend only on its options here (no per-request directive such as a nonce), yet
 * it rebuilds and validates the CSP string and walks a chain of thirteen middlewares per request. So
 * it runs once, against a recording response, and every request gets the same headers in the same
 * order (helmet removes X-Powered-By, which the app disables anyway; removals are replayed too).
 */
function precomputed(middleware: Middleware): RequestHandler {
  const steps: ({ set: string; value: string | number | readonly string[] } | { remove: string })[] = []
  let failed: unknown
  let called = false
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      steps.push({ set: name, value })
      return recorder
    },
    removeHeader(name: string) {
      steps.push({ remove: name })
    },
  }
  middleware(
    { headers: {}, method: 'GET', url: '/' } as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      called = true
      failed = error
    },
  )
  if (!called || failed) throw new Error(`helmet did not finish synchronously: ${String(failed)}`)
  return (_req, res, next) => {
    for (const step of steps) {
      if ('set' in step) res.setHeader(step.set, step.value)
      else res.removeHeader(step.remove)
    }
    next()
  }
}
