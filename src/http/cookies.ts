import type { Request, Response } from 'express'

/** Parsed once per request: the session and CSRF middlewares both read the Cookie header. */
const parsedCookies = new WeakMap<Request, { header: string | undefined; cookies: ReadonlyMap<string, string> }>()
const NO_COOKIES: ReadonlyMap<string, string> = new Map()

/** Cookies of the request, parsed from the Cookie header (first value wins; undecodable values are skipped). */
export function readCookies(req: Request): ReadonlyMap<string, string> {
  const header = req.headers.cookie
  if (!header) return NO_COOKIES
  const parsed = parsedCookies.get(req)
  if (parsed?.header === header) return parsed.cookies
  const cookies = parseCookieHeader(header)
  parsedCookies.set(req, { header, cookies })
  return cookies
}

function parseCookieHeader(header: string): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (name === '' || cookies.has(name)) continue
    try {
      cookies.set(name, decodeURIComponent(value))
    } catch {
      // not ours: ignore
    }
  }
  return cookies
}

export interface CookieOptions {
  secure: boolean
  /** Seconds; omitted: a browser-session cookie. 0 deletes the cookie. */
  maxAge?: number
}

/** Appends a Set-Cookie header: always HttpOnly, SameSite=Lax, Path=/. */
export function setCookie(res: Response, name: string, value: string, options: CookieOptions): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax']
  if (options.maxAge !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`)
    if (options.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT')
  }
  if (options.secure) parts.push('Secure')
  res.append('Set-Cookie', parts.join('; '))
}

export function clearCookie(res: Response, name: string, secure: boolean): void {
  setCookie(res, name, '', { secure, maxAge: 0 })
}
