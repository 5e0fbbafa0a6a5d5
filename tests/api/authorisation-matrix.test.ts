/**
 * The authorisation matrix: every route of the app, found from the Express router (not a hand
 * list), × every kind of principal, against an expected status per cell.
 *
 * A route without an entry in EXPECTED fails the test: when you add a route, add its row (and a
 * sample in SAMPLES if its path has parameters). An entry for a route that no longer exists fails too.
 *
 * Pages are called with a session cookie and the session's CSRF token (anonymous: the signed
 * double-submit pair), so the cells measure authorisation, not CSRF; writes send an empty body.
 * API routes are called with a bearer token. Every cell gets a fresh session or token, so a
 * sign-out or a revocation in one cell cannot change another.
 */
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { anonymousSession, bearerFor, createUser, sessionFor, type PageSession } from '../helpers/accounts.js'
import { proposal } from '../helpers/proposals.js'
import { createTestApp, GENEROUS_QUOTAS, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

const PRINCIPALS = ['anonymous', 'respondentA', 'respondentB', 'reviewer', 'curator', 'admin'] as const
type PrincipalName = (typeof PRINCIPALS)[number]
type Row = Record<PrincipalName, number>

const all = (status: number): Row => ({
  anonymous: status,
  respondentA: status,
  respondentB: status,
  reviewer: status,
  curator: status,
  admin: status,
})
/** Signed-in users get `status`; anonymous visitors `anonymous` (303 to /login on pages, 401 on the API). */
const signedIn = (status: number, anonymous: number): Row => ({ ...all(status), anonymous })
const adminOnly = (status: number, anonymous: number): Row => ({
  anonymous,
  respondentA: 403,
  respondentB: 403,
  reviewer: 403,
  curator: 403,
  admin: status,
})
const curators = (status: number, anonymous: number): Row => ({
  anonymous,
  respondentA: 403,
  respondentB: 403,
  reviewer: 403,
  curator: status,
  admin: status,
})

/** "METHOD /path" (as declared in the router, parameters included) → expected status per principal. */
const EXPECTED: Record<string, Row> = {
  // Platform and public repository
  'GET /health': all(200),
  'GET /api/v1/health': all(200),
  'GET /': all(200),
  'GET /investments': all(200),
  'GET /investments/:id': all(200),
  'GET /instruments': all(200),
  'GET /instruments/:slug': all(200),
  'GET /funds': all(200),
  'GET /funds/:slug': all(200),
  'GET /glossary': all(200),
  'GET /guidance': all(200),
  'GET /guidance/:id': all(200),
  'GET /api/v1/investments': all(200),
  'GET /api/v1/investments/export': all(200),
  'GET /api/v1/investments/:id': all(200),
  'GET /api/v1/instruments': all(200),
  'GET /api/v1/instruments/:slug': all(200),
  'GET /api/v1/funds': all(200),
  'GET /api/v1/funds/:slug': all(200),
  'GET /api/v1/glossary': all(200),
  'GET /api/v1/guidance': all(200),
  'GET /api/v1/guidance/:id': all(200),
  // Interoperability: API documentation, changes feed, INDIGO export (public)
  'GET /api': all(200),
  'GET /api/v1/openapi.json': all(200),
  'GET /api/v1/changes': all(200),
  'GET /api/v1/investments/:id/indigo': all(200),
  // Matcher: public, no account; without answers the wizard asks for them (400)
  'GET /match': all(200),
  'GET /match/next': all(400),
  'GET /match/result': all(400),
  'GET /match/rules': all(200),
  'POST /api/v1/match': all(400),
  // Accounts: pages
  'GET /register': { ...all(303), anonymous: 200 },
  'POST /register': { ...all(303), anonymous: 400 },
  'GET /login': { ...all(303), anonymous: 200 },
  'POST /login': all(400),
  'GET /logout': { ...all(200), anonymous: 303 },
  'POST /logout': all(303),
  'GET /account': signedIn(200, 303),
  'POST /account/password': signedIn(400, 303),
  'POST /account/tokens': signedIn(400, 303),
  // The token belongs to respondent A: anyone else gets "not found".
  'POST /account/tokens/:id/revoke': {
    anonymous: 303,
    respondentA: 303,
    respondentB: 404,
    reviewer: 404,
    curator: 404,
    admin: 404,
  },
  // Only respondents (who belong to an organisation) invite colleagues.
  'POST /account/invitations': {
    anonymous: 303,
    respondentA: 201,
    respondentB: 201,
    reviewer: 403,
    curator: 403,
    admin: 403,
  },
  // Your data (src/privacy): download for anyone signed in; deletion needs the password (an empty form: 400).
  'POST /account/data': signedIn(200, 303),
  'GET /account/delete': signedIn(200, 303),
  'POST /account/delete': signedIn(400, 303),
  'GET /account/deleted': all(200),
  'GET /invitations/:token': all(200),
  'POST /invitations/:token': { ...all(303), anonymous: 400 },
  'GET /admin': adminOnly(200, 303),
  'GET /admin/audit': adminOnly(200, 303),
  'GET /admin/users': adminOnly(200, 303),
  'POST /admin/users/:id/role': adminOnly(400, 303),
  'GET /admin/storage': adminOnly(200, 303),
  'GET /admin/backup': adminOnly(200, 303),
  'POST /admin/imports/indigo': adminOnly(400, 303),
  'POST /admin/invitations': adminOnly(400, 303),
  // Accounts: API
  'POST /api/v1/auth/register': all(400),
  'POST /api/v1/auth/token': all(400),
  'DELETE /api/v1/auth/token': signedIn(204, 401),
  'GET /api/v1/auth/me': signedIn(200, 401),
  'GET /api/v1/backup': adminOnly(200, 401),
  // Organisation A: its respondents, reviewers and admins; another organisation's respondent gets 404.
  'GET /api/v1/organisations/:id': {
    anonymous: 401,
    respondentA: 200,
    respondentB: 404,
    reviewer: 200,
    curator: 403,
    admin: 200,
  },
  // Questionnaires (src/questionnaires): definitions are public; a response belongs to respondent A's organisation.
  // Respondent A's response is a draft without consent, so DG HOME (reviewer, admin) gets 404 like anyone outside it.
  'GET /questionnaires': all(200),
  'GET /questionnaires/:respondentType': all(200),
  'POST /questionnaires/:respondentType/start': {
    anonymous: 303,
    respondentA: 303,
    respondentB: 303,
    reviewer: 403,
    curator: 403,
    admin: 403,
  },
  'GET /responses/:id': { anonymous: 303, respondentA: 200, respondentB: 404, reviewer: 404, curator: 403, admin: 404 },
  'GET /responses/:id/sections/:n': {
    anonymous: 303,
    respondentA: 200,
    respondentB: 404,
    reviewer: 403,
    curator: 403,
    admin: 403,
  },
  // An empty form has no `_version`: 400.
  'POST /responses/:id/sections/:n': {
    anonymous: 303,
    respondentA: 400,
    respondentB: 404,
    reviewer: 403,
    curator: 403,
    admin: 403,
  },
  'POST /responses/:id/submit': {
    anonymous: 303,
    respondentA: 400,
    respondentB: 404,
    reviewer: 403,
    curator: 403,
    admin: 403,
  },
  'POST /responses/:id/consent': {
    anonymous: 303,
    respondentA: 400,
    respondentB: 404,
    reviewer: 403,
    curator: 403,
    admin: 403,
  },
  // Not submitted yet: the confirmation sends the author back to the answers.
  'GET /responses/:id/confirmation': {
    anonymous: 303,
    respondentA: 303,
    respondentB: 404,
    reviewer: 404,
    curator: 403,
    admin: 404,
  },
  // An empty draft gives no needs profile yet: 409 with the questions to answer.
  'GET /responses/:id/match': {
    anonymous: 303,
    respondentA: 409,
    respondentB: 404,
    reviewer: 404,
    curator: 403,
    admin: 404,
  },
  'GET /responses/:id/print': {
    anonymous: 303,
    respondentA: 200,
    respondentB: 404,
    reviewer: 404,
    curator: 403,
    admin: 404,
  },
  'GET /responses/:id/download': {
    anonymous: 303,
    respondentA: 200,
    respondentB: 404,
    reviewer: 404,
    curator: 403,
    admin: 404,
  },
  'GET /api/v1/questionnaires': all(200),
  'GET /api/v1/questionnaires/:respondentType': all(200),
  // Respondents of organisations A and B each start their organisation's draft (the first call creates it: 201).
  'POST /api/v1/responses': {
    anonymous: 401,
    respondentA: 201,
    respondentB: 201,
    reviewer: 403,
    curator: 403,
    admin: 403,
  },
  'GET /api/v1/responses/:id': {
    anonymous: 401,
    respondentA: 200,
    respondentB: 404,
    reviewer: 404,
    curator: 403,
    admin: 404,
  },
  // An empty body has no `version`: 400.
  'PATCH /api/v1/responses/:id': {
    anonymous: 401,
    respondentA: 400,
    respondentB: 404,
    reviewer: 403,
    curator: 403,
    admin: 403,
  },
  // Submitting the empty draft lists every missing answer: 400.
  'POST /api/v1/responses/:id/submit': {
    anonymous: 401,
    respondentA: 400,
    respondentB: 404,
    reviewer: 403,
    curator: 403,
    admin: 403,
  },
  'GET /api/v1/responses/:id/match': {
    anonymous: 401,
    respondentA: 409,
    respondentB: 404,
    reviewer: 404,
    curator: 403,
    admin: 404,
  },
  // Review (src/review): reviewers and admins only; respondents, curators and anonymous visitors never reach it.
  // The sample response is respondent A's draft without consent: DG HOME gets 404 for it, like an unknown id.
  'GET /review': { anonymous: 303, respondentA: 403, respondentB: 403, reviewer: 200, curator: 403, admin: 200 },
  'GET /review/responses/:id': {
    anonymous: 303,
    respondentA: 403,
    respondentB: 403,
    reviewer: 404,
    curator: 403,
    admin: 404,
  },
  'POST /review/responses/:id': {
    anonymous: 303,
    respondentA: 403,
    respondentB: 403,
    reviewer: 404,
    curator: 403,
    admin: 404,
  },
  'GET /api/v1/review/targets': {
    anonymous: 401,
    respondentA: 403,
    respondentB: 403,
    reviewer: 200,
    curator: 403,
    admin: 200,
  },
  'GET /review/targets': {
    anonymous: 303,
    respondentA: 403,
    respondentB: 403,
    reviewer: 200,
    curator: 403,
    admin: 200,
  },
  'GET /api/v1/review/summary': {
    anonymous: 401,
    respondentA: 403,
    respondentB: 403,
    reviewer: 200,
    curator: 403,
    admin: 200,
  },
  'GET /api/v1/review/responses': {
    anonymous: 401,
    respondentA: 403,
    respondentB: 403,
    reviewer: 200,
    curator: 403,
    admin: 200,
  },
  // An empty body names neither a status nor a note: 400.
  'PATCH /api/v1/review/responses/:id': {
    anonymous: 401,
    respondentA: 403,
    respondentB: 403,
    reviewer: 400,
    curator: 403,
    admin: 400,
  },
  'GET /api/v1/review/export': {
    anonymous: 401,
    respondentA: 403,
    respondentB: 403,
    reviewer: 200,
    curator: 403,
    admin: 200,
  },
  // Curation (src/curation): curators and admins edit; any signed-in user proposes and sees their own proposals; data quality is public.
  // Writes with an empty body fail validation (400) once the caller may make them.
  'GET /data-quality': all(200),
  'GET /api/v1/data-quality': all(200),
  'GET /proposals/new': signedIn(200, 303),
  'POST /proposals/new': signedIn(400, 303),
  // The proposal is respondent A's: its proposer and curators see it, anyone else gets "not found".
  'GET /proposals/:id': { anonymous: 303, respondentA: 200, respondentB: 404, reviewer: 404, curator: 200, admin: 200 },
  'GET /curation': curators(200, 303),
  'GET /curation/proposals': curators(200, 303),
  'GET /curation/proposals/:id': curators(200, 303),
  'POST /curation/proposals/:id/publish': curators(400, 303),
  'POST /curation/proposals/:id/reject': curators(400, 303),
  'GET /curation/:kind': curators(200, 303),
  'GET /curation/:kind/new': curators(200, 303),
  'POST /curation/:kind/new': curators(400, 303),
  'GET /curation/:kind/:id': curators(200, 303),
  'POST /curation/:kind/:id': curators(400, 303),
  'POST /curation/:kind/:id/retire': curators(400, 303),
  'POST /curation/:kind/:id/reinstate': curators(400, 303),
  'GET /curation/:kind/:id/history': curators(200, 303),
  'GET /api/v1/curation/:kind': curators(200, 401),
  'POST /api/v1/curation/:kind': curators(400, 401),
  'GET /api/v1/curation/:kind/:id': curators(200, 401),
  'PUT /api/v1/curation/:kind/:id': curators(400, 401),
  'POST /api/v1/curation/:kind/:id/retire': curators(400, 401),
  'POST /api/v1/curation/:kind/:id/reinstate': curators(400, 401),
  'GET /api/v1/curation/:kind/:id/history': curators(200, 401),
  'GET /api/v1/proposals': signedIn(200, 401),
  'POST /api/v1/proposals': signedIn(400, 401),
  'GET /api/v1/proposals/:id': {
    anonymous: 401,
    respondentA: 200,
    respondentB: 404,
    reviewer: 404,
    curator: 200,
    admin: 200,
  },
  'POST /api/v1/proposals/:id/publish': curators(400, 401),
  'POST /api/v1/proposals/:id/reject': curators(400, 401),
  // Languages (src/i18n) and translation-problem reports (src/translation-reports): anyone reports, editors deal with them.
  'GET /languages': all(200),
  // Legal notice, privacy, cookies, accessibility and contact (src/privacy): public.
  'GET /legal-notice': all(200),
  'GET /privacy': all(200),
  'GET /cookies': all(200),
  'GET /accessibility': all(200),
  'GET /contact': all(200),
  'GET /translation-problems/new': all(200),
  'POST /translation-problems': all(400),
  'GET /translation-problems/thanks': all(200),
  'GET /curation/translation-problems': curators(200, 303),
  // Each cell closes a fresh report: 303 back to the list.
  'POST /curation/translation-problems/:id/close': curators(303, 303),
}

interface World {
  t: TestApp
  users: Record<Exclude<PrincipalName, 'anonymous'>, User>
}

/** Real values for path parameters, per route (a function: some samples are used up by the request). */
const SAMPLES: Record<string, (w: World) => Promise<Record<string, string>> | Record<string, string>> = {
  'GET /investments/:id': () => ({ id: 'c01-koto-sib' }),
  'POST /curation/translation-problems/:id/close': async (w) => {
    const report = await w.t.services.translationReports.create(
      { locale: 'en', page: '/', problem: 'matrix sample', suggestion: '' },
      null,
    )
    return { id: report.id }
  },
  'GET /api/v1/investments/:id': () => ({ id: 'c01-koto-sib' }),
  'GET /api/v1/investments/:id/indigo': () => ({ id: 'c01-koto-sib' }),
  'GET /instruments/:slug': () => ({ slug: 'loan' }),
  'GET /api/v1/instruments/:slug': () => ({ slug: 'loan' }),
  'GET /funds/:slug': () => ({ slug: 'amif' }),
  'GET /api/v1/funds/:slug': () => ({ slug: 'amif' }),
  'GET /guidance/:id': () => ({ id: 'ec-toolkit-eu-funds-integration-migrant-background' }),
  'GET /api/v1/guidance/:id': () => ({ id: 'ec-toolkit-eu-funds-integration-migrant-background' }),
  'POST /account/tokens/:id/revoke': async (w) => {
    const { record } = await w.t.services.auth.accounts.createToken(w.users.respondentA, 'matrix sample', {
      actorId: null,
      actorEmail: null,
      ip: null,
      via: 'api',
    })
    return { id: record.id }
  },
  'GET /invitations/:token': async (w) => ({ token: (await invitationOfA(w)).token }),
  'POST /invitations/:token': async (w) => ({ token: (await invitationOfA(w)).token }),
  'POST /admin/users/:id/role': (w) => ({ id: w.users.respondentA.id }),
  'GET /api/v1/organisations/:id': (w) => ({ id: w.users.respondentA.organisationId! }),
  'GET /questionnaires/:respondentType': () => ({ respondentType: 'city' }),
  'POST /questionnaires/:respondentType/start': () => ({ respondentType: 'city' }),
  'GET /api/v1/questionnaires/:respondentType': () => ({ respondentType: 'city' }),
  'GET /responses/:id': (w) => responseOfA(w),
  'GET /responses/:id/sections/:n': async (w) => ({ ...(await responseOfA(w)), n: '1' }),
  'POST /responses/:id/sections/:n': async (w) => ({ ...(await responseOfA(w)), n: '1' }),
  'POST /responses/:id/submit': (w) => responseOfA(w),
  'POST /responses/:id/consent': (w) => responseOfA(w),
  'GET /responses/:id/confirmation': (w) => responseOfA(w),
  'GET /responses/:id/match': (w) => responseOfA(w),
  'GET /responses/:id/print': (w) => responseOfA(w),
  'GET /responses/:id/download': (w) => responseOfA(w),
  'GET /api/v1/responses/:id': (w) => responseOfA(w),
  'PATCH /api/v1/responses/:id': (w) => responseOfA(w),
  'POST /api/v1/responses/:id/submit': (w) => responseOfA(w),
  'GET /api/v1/responses/:id/match': (w) => responseOfA(w),
  'GET /review/responses/:id': (w) => responseOfA(w),
  'POST /review/responses/:id': (w) => responseOfA(w),
  'PATCH /api/v1/review/responses/:id': (w) => responseOfA(w),
  'GET /proposals/:id': (w) => proposalOfA(w),
  'GET /curation/proposals/:id': (w) => proposalOfA(w),
  'POST /curation/proposals/:id/publish': (w) => proposalOfA(w),
  'POST /curation/proposals/:id/reject': (w) => proposalOfA(w),
  'GET /api/v1/proposals/:id': (w) => proposalOfA(w),
  'POST /api/v1/proposals/:id/publish': (w) => proposalOfA(w),
  'POST /api/v1/proposals/:id/reject': (w) => proposalOfA(w),
  ...Object.fromEntries(
    [
      'GET /curation/:kind',
      'GET /curation/:kind/new',
      'POST /curation/:kind/new',
      'GET /api/v1/curation/:kind',
      'POST /api/v1/curation/:kind',
    ].map((key) => [key, () => ({ kind: 'investments' })]),
  ),
  ...Object.fromEntries(
    [
      'GET /curation/:kind/:id',
      'POST /curation/:kind/:id',
      'POST /curation/:kind/:id/retire',
      'POST /curation/:kind/:id/reinstate',
      'GET /curation/:kind/:id/history',
      'GET /api/v1/curation/:kind/:id',
      'PUT /api/v1/curation/:kind/:id',
      'POST /api/v1/curation/:kind/:id/retire',
      'POST /api/v1/curation/:kind/:id/reinstate',
      'GET /api/v1/curation/:kind/:id/history',
    ].map((key) => [key, () => ({ kind: 'investments', id: 'c01-koto-sib' })]),
  ),
}

/** A pending proposal of respondent A (one, made when first needed). */
let proposalOfAId: string | undefined
async function proposalOfA(w: World): Promise<{ id: string }> {
  proposalOfAId ??= (
    await w.t.services.curation.proposals.propose(
      w.users.respondentA,
      proposal({
        title: 'Matrix sample case',
        summary: 'A proposal used by the authorisation matrix.',
        geography: 'Sample town',
        policyFields: ['housing'],
        instruments: ['loan'],
        sources: [{ url: 'https://www.example.org/sample', label: null }],
      }),
    )
  ).id
  return { id: proposalOfAId }
}

/** Respondent A's organisation's open questionnaire response (started when first needed). */
async function responseOfA(w: World): Promise<{ id: string }> {
  const { context } = await w.t.services.questionnaires.responses.start(w.users.respondentA, {})
  return { id: context.record.id }
}

function invitationOfA(w: World) {
  const a = w.users.respondentA
  return w.t.services.auth.accounts.createInvitation(a, { actorId: a.id, actorEmail: a.email, ip: null, via: 'page' })
}

// ---- routes from the router ----------------------------------------------------------------

interface Matcher {
  (path: string): false | { path: string }
}
interface Layer {
  rawPath?: unknown
  slash?: boolean
  matchers?: Matcher[]
  route?: { path: unknown; methods: Record<string, boolean>; stack: Layer[] }
  handle?: { stack?: Layer[] }
}
interface RouteInfo {
  method: string
  /** As declared, e.g. /api/v1/investments/:id */
  path: string
  key: string
  isApi: boolean
  /** The mount layers and the route layer, outermost first, to check a concrete URL against. */
  chain: Layer[]
}

/** Walks app.router.stack and every nested router (Express 5 / router 2: `layer.rawPath`, `layer.route`, `layer.handle.stack`). */
export function listRoutes(app: Express): RouteInfo[] {
  const root = (app as unknown as { router: { stack: Layer[] } }).router
  const routes: RouteInfo[] = []
  const walk = (stack: Layer[], prefix: string, chain: Layer[]) => {
    for (const layer of stack) {
      if (typeof layer.rawPath !== 'string')
        throw new Error(`A layer with a non-string path (${String(layer.rawPath)}): teach listRoutes about it`)
      const here = join(prefix, layer.rawPath)
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (!on || method === '_all') continue
          const path = normalise(here)
          routes.push({
            method: method.toUpperCase(),
            path,
            key: `${method.toUpperCase()} ${path}`,
            isApi: path.startsWith('/api/'),
            chain: [...chain, layer],
          })
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, here, [...chain, layer])
      }
    }
  }
  walk(root.stack, '', [])
  return routes
}

const join = (a: string, b: string) => (b === '/' ? a : `${a}${b}`)
const normalise = (path: string) => (path === '' ? '/' : path.length > 1 ? path.replace(/\/+$/, '') || '/' : path)

/** True when the real layers (their own matchers) route this URL path to this route. */
function chainMatches(chain: Layer[], urlPath: string): boolean {
  let rest = urlPath
  for (const layer of chain) {
    if (layer.slash) continue
    const match = layer.matchers?.[0]?.(rest)
    if (!match) return false
    rest = rest.slice(match.path.length)
    if (!rest.startsWith('/')) rest = `/${rest}`
  }
  return rest === '/' || rest === ''
}

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_whole, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`No sample for :${name} in ${path}`)
    return encodeURIComponent(value)
  })
}

// ---- the test ------------------------------------------------------------------------------

let world: World
let routes: RouteInfo[]
let anonymous: PageSession

beforeAll(async () => {
  const t = await createTestApp(
    {},
    {
      auth: { registrationsPerAddress: 10_000, loginFailuresPerAddress: 10_000, maxTokensPerAccount: 10_000 },
      quotas: GENEROUS_QUOTAS,
    },
  )
  const users = {
    respondentA: await createUser(t.services, 'respondent', 'Organisation A'),
    respondentB: await createUser(t.services, 'respondent', 'Organisation B'),
    reviewer: await createUser(t.services, 'reviewer'),
    curator: await createUser(t.services, 'curator'),
    admin: await createUser(t.services, 'admin'),
  }
  world = { t, users }
  routes = listRoutes(t.app)
  anonymous = await anonymousSession(t.app)
})
afterAll(async () => {
  await world?.t.close()
})

async function call(
  route: RouteInfo,
  principal: PrincipalName,
  url: string,
  body?: unknown,
): Promise<request.Response> {
  const { t, users } = world
  const agent = request(t.app)
  const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'
  let req = agent[method](url)
  const write = route.method !== 'GET'
  if (route.isApi || route.path === '/health') {
    if (principal !== 'anonymous')
      req = req.set('Authorization', `Bearer ${await bearerFor(t.services, users[principal])}`)
    return write ? req.send((body ?? {}) as object) : req
  }
  const session = principal === 'anonymous' ? anonymous : await sessionFor(t.services, users[principal])
  req = req.set('Cookie', session.cookie)
  return write
    ? req.type('form').send(typeof body === 'string' ? `${body}&_csrf=${session.csrf}` : { _csrf: session.csrf })
    : req
}

async function urlOf(route: RouteInfo): Promise<string> {
  const sample = SAMPLES[route.key]
  if (/:\w+/.test(route.path) && !sample)
    throw new Error(`${route.key} has path parameters: add a real sample to SAMPLES`)
  const url = fill(route.path, sample ? await sample(world) : {})
  if (!chainMatches(route.chain, url))
    throw new Error(`${url} does not reach ${route.key} through the router's own matchers`)
  return url
}

describe('authorisation matrix', () => {
  it('finds the routes of every router, nested ones included', () => {
    const keys = routes.map((r) => r.key)
    for (const key of [
      'GET /health',
      'GET /investments/:id',
      'GET /api/v1/investments/:id',
      'POST /api/v1/auth/register',
      'GET /admin/audit',
      'GET /match',
    ]) {
      expect(keys).toContain(key)
    }
    expect(routes.length).toBeGreaterThan(30)
    // The derived paths are checked against the layers' own matchers, which do reject other paths.
    const investment = routes.find((r) => r.key === 'GET /api/v1/investments/:id')!
    expect(chainMatches(investment.chain, '/api/v1/investments/c01-koto-sib')).toBe(true)
    expect(chainMatches(investment.chain, '/api/v1/funds/amif')).toBe(false)
    expect(chainMatches(investment.chain, '/api/v1/investments/a/b')).toBe(false)
  })

  it('every route has an expected status for every principal, and every expectation a route', () => {
    const keys = new Set(routes.map((r) => r.key))
    const missing = [...keys].filter((k) => !(k in EXPECTED))
    const stale = Object.keys(EXPECTED).filter((k) => !keys.has(k))
    expect(missing, `Routes without a row in EXPECTED (add one per new route): ${missing.join(', ')}`).toEqual([])
    expect(stale, `Rows in EXPECTED for routes that no longer exist: ${stale.join(', ')}`).toEqual([])
  })

  it(
    'every route answers each principal with the expected status',
    async () => {
      const failures: string[] = []
      for (const route of routes) {
        const row = EXPECTED[route.key]
        if (!row) continue
        for (const principal of PRINCIPALS) {
          const res = await call(route, principal, await urlOf(route))
          if (res.status !== row[principal])
            failures.push(
              `${route.key} as ${principal}: expected ${row[principal]}, got ${res.status} ${res.headers.location ?? ''}`,
            )
          if (res.status >= 500) failures.push(`${route.key} as ${principal}: server error`)
        }
      }
      expect(failures).toEqual([])
    },
    bound(120_000),
  )

  it(
    'operator injection: `{"$gt": ""}` in the JSON body of every API write and `a[$ne]=x` in the query of every GET → 400',
    async () => {
      const failures: string[] = []
      for (const route of routes) {
        const url = await urlOf(route)
        if (route.method === 'GET') {
          const res = await call(route, 'admin', `${url}?a[$ne]=x`)
          if (res.status !== 400) failures.push(`${route.key}?a[$ne]=x → ${res.status}`)
        } else if (route.isApi) {
          const res = await call(route, 'admin', url, { email: { $gt: '' }, password: { $gt: '' }, id: { $ne: null } })
          if (res.status !== 400) failures.push(`${route.key} with {"$gt": ""} → ${res.status}`)
        } else {
          const res = await call(route, 'admin', url, 'email[$gt]=&role[$ne]=x')
          if (res.status !== 400) failures.push(`${route.key} with email[$gt]= → ${res.status}`)
        }
      }
      expect(failures).toEqual([])
    },
    bound(120_000),
  )
})
