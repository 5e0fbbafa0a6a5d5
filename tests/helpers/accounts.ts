import type { Express } from 'express'
import request from 'supertest'
import type { Role, User } from '../../src/accounts/account.js'
import type { Services } from '../../src/services.js'

let counter = 0
export const STRONG_PASSWORD = 'orange kettle violin 42'

/** Unique registration input (a new organisation each time). */
export function buildRegistration(overrides: Record<string, unknown> = {}) {
  counter += 1
  return {
    name: `Officer ${counter}`,
    email: `officer${counter}.${Date.now()}@city.example`,
    password: STRONG_PASSWORD,
    organisation: `City number ${counter}`,
    respondentType: 'city',
    country: 'DE',
    ...overrides,
  }
}

/** A user made the way the command line makes one (no throttling, no HTTP). */
export async function createUser(services: Services, role: Role, organisation?: string): Promise<User> {
  counter += 1
  const { user } = await services.auth.accounts.createUser(
    {
      email: `${role}${counter}.${Date.now()}@example.eu`,
      name: `${role[0]!.toUpperCase()}${role.slice(1)} ${counter}`,
      role,
      password: STRONG_PASSWORD,
      organisation: role === 'respondent' ? (organisation ?? `Organisation ${counter}`) : organisation,
      respondentType: 'city',
      country: 'BE',
    },
    { actorId: null, actorEmail: null, ip: null, via: 'cli' },
  )
  return user
}

export interface PageSession {
  cookie: string
  csrf: string
}

/** A signed-in browser: a fresh session cookie and its CSRF token, without going through the form. */
export async function sessionFor(services: Services, user: User): Promise<PageSession> {
  const { id, record } = await services.auth.sessions.start(user.id)
  return { cookie: `fi_session=${id}`, csrf: record.csrfToken }
}

export async function bearerFor(services: Services, user: User): Promise<string> {
  const { token } = await services.auth.accounts.createToken(user, 'test', {
    actorId: user.id,
    actorEmail: user.email,
    ip: null,
    via: 'api',
  })
  return token
}

/** An anonymous browser: the CSRF cookie and the token of a sign-in form. */
export async function anonymousSession(app: Express): Promise<PageSession> {
  const res = await request(app).get('/login')
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
  const cookie = setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('fi_csrf='))
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1]
  if (!cookie || !csrf) throw new Error('GET /login gave no CSRF cookie or token')
  return { cookie, csrf }
}

/** Cookies set by a response, as a Cookie header value for the next request (later values win). */
export function mergeCookies(previous: string, res: request.Response): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => [c.split('=')[0]!, c] as const),
  )
  for (const raw of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
    const pair = raw.split(';')[0]!
    const name = pair.split('=')[0]!
    if (/Max-Age=0/i.test(raw)) jar.delete(name)
    else jar.set(name, pair)
  }
  return [...jar.values()].join('; ')
}
