import request from 'supertest'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { createLogger } from '../../src/logger.js'
import { createServices, type ServiceOptions } from '../../src/services.js'
import { anonymousSession, bearerFor, createUser, sessionFor, STRONG_PASSWORD } from '../helpers/accounts.js'
import { CITY_ANSWERS } from '../helpers/questionnaires.js'
import { createTestApp, TEST_SERVICE_OPTIONS, testConfig, type TestApp } from '../helpers/test-app.js'

/** Issue #13.1: one account could write without limit. Quotas per account and per address, counted in the store. */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
let clock = Date.parse('2026-06-01T09:00:00.000Z')
const now = () => new Date(clock)
const apps: TestApp[] = []
afterEach(async () => {
  while (apps.length) await apps.pop()!.close()
})

async function appWith(quotas: ServiceOptions['quotas'], auth: ServiceOptions['auth'] = {}) {
  const app = await createTestApp({}, { quotas, auth, clock: now })
  apps.push(app)
  return app
}

const proposal = (n: number) => ({
  title: `Flood case number ${n}`,
  summary: 'A case proposed again and again to see whether the site keeps up.',
  geography: 'Floodtown',
  policyFields: ['housing'],
  instruments: ['loan'],
  sources: [{ url: 'https://www.example.org/flood', label: null }],
})

describe('write quotas', () => {
  it('per account: proposals over the limit → 429 with Retry-After on the API and a translated page; the window slides', async () => {
    const t = await appWith({
      proposal: { perAccount: [{ max: 3, windowMs: HOUR }], perAddress: [{ max: 1000, windowMs: HOUR }] },
    })
    const user = await createUser(t.services, 'respondent')
    const token = await bearerFor(t.services, user)
    const post = (n: number) =>
      request(t.app).post('/api/v1/proposals').set('Authorization', `Bearer ${token}`).send(proposal(n))
    for (let n = 0; n < 3; n++) expect((await post(n)).status).toBe(201)
    const refused = await post(3)
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('too_many_requests')
    expect(Number(refused.headers['retry-after'])).toBe(60 * 60)
    const session = await sessionFor(t.services, user)
    const page = await request(t.app)
      .post('/proposals/new')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf, title: 'x' })
    expect(page.status).toBe(429)
    expect(page.headers['retry-after']).toBe(String(60 * 60))
    expect(page.text).toMatch(/<h1[^>]*>Too many attempts<\/h1>/)
    expect(page.text).toContain('Wait 60 minutes and try again')
    expect(await t.services.store.collection('proposals').countDocuments({})).toBe(3)
    // Another account is not affected; the first one may write again once its oldest write leaves the window.
    const other = await bearerFor(t.services, await createUser(t.services, 'respondent'))
    expect(
      (await request(t.app).post('/api/v1/proposals').set('Authorization', `Bearer ${other}`).send(proposal(9))).status,
    ).toBe(201)
    clock += HOUR
    expect((await post(4)).status).toBe(201)
  })

  it('per address: accounts behind one address share a wider limit; other addresses are not affected', async () => {
    const t = await appWith({
      proposal: { perAccount: [{ max: 100, windowMs: HOUR }], perAddress: [{ max: 4, windowMs: HOUR }] },
    })
    const tokens = await Promise.all(
      [0, 1, 2].map(async () => bearerFor(t.services, await createUser(t.services, 'respondent'))),
    )
    const post = (token: string, ip: string, n: number) =>
      request(t.app)
        .post('/api/v1/proposals')
        .set('X-Forwarded-For', ip)
        .set('Authorization', `Bearer ${token}`)
        .send(proposal(n))
    const statuses = []
    for (let n = 0; n < 6; n++) statuses.push((await post(tokens[n % 3]!, '192.0.2.10', n)).status)
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429])
    expect((await post(tokens[0]!, '192.0.2.11', 7)).status).toBe(201)
  })

  it('are kept in the store: two app instances on one store share them, and refused writes add nothing', async () => {
    const t = await appWith({
      responseSave: { perAccount: [{ max: 3, windowMs: MINUTE }], perAddress: [{ max: 1000, windowMs: MINUTE }] },
    })
    const second = createApp({
      config: testConfig({ dataDir: t.dataDir }),
      services: await createServices(t.services.store, {
        ...TEST_SERVICE_OPTIONS,
        quotas: {
          responseSave: { perAccount: [{ max: 3, windowMs: MINUTE }], perAddress: [{ max: 1000, windowMs: MINUTE }] },
        },
        clock: now,
      }),
      logger: createLogger('silent'),
    })
    const user = await createUser(t.services, 'respondent')
    const token = await bearerFor(t.services, user)
    const started = await request(t.app).post('/api/v1/responses').set('Authorization', `Bearer ${token}`).send({})
    let version = started.body.version as number
    const save = async (app: typeof second, population: number) => {
      const res = await request(app)
        .patch(`/api/v1/responses/${started.body.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ version, answers: { population } })
      if (res.status === 200) version = res.body.version
      return res.status
    }
    expect([await save(t.app, 1000), await save(second, 2000), await save(t.app, 3000)]).toEqual([200, 200, 200])
    const counted = await t.services.store.collection('write_quotas').countDocuments({})
    for (let i = 0; i < 20; i++) expect(await save(i % 2 ? t.app : second, 4000 + i)).toBe(429)
    expect(await t.services.store.collection('write_quotas').countDocuments({})).toBe(counted)
    expect(
      (await t.services.questionnaires.responses.read({ user, via: 'token', tokenId: 'x' }, started.body.id)).record
        .answers.population,
    ).toBe(3000)
    clock += MINUTE
    expect(await save(second, 5000)).toBe(200)
  })

  it('autosave at a sane rate: a person filling a section in is never stopped by the production limits', async () => {
    const t = await createTestApp({}, { clock: now })
    apps.push(t)
    const user = await createUser(t.services, 'respondent')
    const token = await bearerFor(t.services, user)
    const started = await request(t.app).post('/api/v1/responses').set('Authorization', `Bearer ${token}`).send({})
    let version = started.body.version as number
    // One save a second for a minute (faster than the page's autosave ever sends).
    for (const [i, [id, value]] of Object.entries(CITY_ANSWERS).slice(0, 40).entries()) {
      if (i % 2 === 0) clock += 1000
      const res = await request(t.app)
        .patch(`/api/v1/responses/${started.body.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ version, answers: { [id]: value } })
      expect(res.status).toBe(200)
      version = res.body.version
    }
  })

  it('API tokens: a rate and a cap on live tokens, said beside the form on /account', async () => {
    const t = await appWith(
      { token: { perAccount: [{ max: 3, windowMs: HOUR }], perAddress: [{ max: 1000, windowMs: HOUR }] } },
      { maxTokensPerAccount: 5 },
    )
    const user = await createUser(t.services, 'respondent')
    const viaApi = () =>
      request(t.app).post('/api/v1/auth/token').send({ email: user.email, password: STRONG_PASSWORD })
    expect([(await viaApi()).status, (await viaApi()).status, (await viaApi()).status]).toEqual([200, 200, 200])
    const refused = await viaApi()
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    clock += HOUR
    expect([(await viaApi()).status, (await viaApi()).status]).toEqual([200, 200])
    const session = await sessionFor(t.services, user)
    const page = await request(t.app)
      .post('/account/tokens')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf, name: 'one too many' })
    expect(page.status).toBe(409)
    expect(page.text).toContain('You have 5 API tokens. Revoke one you no longer use before you create another.')
    expect(page.text).toContain('href="#token-name"')
    expect(await t.services.store.collection('api_tokens').countDocuments({ userId: user.id })).toBe(5)
  })

  it('invitations and password changes are limited too', async () => {
    const t = await appWith({
      invitation: { perAccount: [{ max: 2, windowMs: HOUR }], perAddress: [{ max: 1000, windowMs: HOUR }] },
      passwordChange: { perAccount: [{ max: 1, windowMs: HOUR }], perAddress: [{ max: 1000, windowMs: HOUR }] },
    })
    const user = await createUser(t.services, 'respondent')
    const session = await sessionFor(t.services, user)
    const invite = () =>
      request(t.app)
        .post('/account/invitations')
        .set('Cookie', session.cookie)
        .type('form')
        .send({ _csrf: session.csrf })
    expect([(await invite()).status, (await invite()).status, (await invite()).status]).toEqual([201, 201, 429])
    const change = (from: string, to: string, s = session) =>
      request(t.app)
        .post('/account/password')
        .set('Cookie', s.cookie)
        .type('form')
        .send({ _csrf: s.csrf, currentPassword: from, newPassword: to })
    expect((await change(STRONG_PASSWORD, 'a brand new passphrase 1')).status).toBe(303)
    const fresh = await sessionFor(t.services, user)
    const again = await change('a brand new passphrase 1', 'and another passphrase 2', fresh)
    expect(again.status).toBe(429)
    expect(again.text).toContain('You have done this too often in a short time')
  })

  it('translation-problem reports: per address for anonymous visitors, per account when signed in', async () => {
    const t = await appWith({
      translationReport: { perAccount: [{ max: 1, windowMs: HOUR }], perAddress: [{ max: 2, windowMs: HOUR }] },
    })
    const report = async (ip: string, session?: { cookie: string; csrf: string }) => {
      const who = session ?? (await anonymousSession(t.app))
      return request(t.app)
        .post('/translation-problems')
        .set('X-Forwarded-For', ip)
        .set('Cookie', who.cookie)
        .type('form')
        .send({ _csrf: who.csrf, locale: 'fr', page: '/', problem: 'This sentence reads wrongly.', suggestion: '' })
    }
    expect([(await report('192.0.2.30')).status, (await report('192.0.2.30')).status]).toEqual([303, 303])
    const refused = await report('192.0.2.30')
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    const session = await sessionFor(t.services, await createUser(t.services, 'respondent'))
    expect([(await report('192.0.2.31', session)).status, (await report('192.0.2.32', session)).status]).toEqual([
      303, 429,
    ])
    expect(await t.services.store.collection('translation_reports').countDocuments({})).toBe(3)
  })

  it('a sign-in beyond the cap of live sessions ends the oldest one', async () => {
    const t = await appWith({}, { maxSessionsPerAccount: 3 })
    const user = await createUser(t.services, 'respondent')
    const cookies: string[] = []
    for (let i = 0; i < 5; i++) {
      clock += 1000
      const anon = await anonymousSession(t.app)
      const res = await request(t.app)
        .post('/login')
        .set('Cookie', anon.cookie)
        .type('form')
        .send({ email: user.email, password: STRONG_PASSWORD, _csrf: anon.csrf })
      cookies.push(
        ([] as string[])
          .concat(res.headers['set-cookie'] ?? [])
          .find((c) => c.startsWith('fi_session='))!
          .split(';')[0]!,
      )
    }
    expect(await t.services.store.collection('sessions').countDocuments({ userId: user.id })).toBe(3)
    const statuses = await Promise.all(
      cookies.map(async (cookie) => (await request(t.app).get('/account').set('Cookie', cookie)).status),
    )
    expect(statuses).toEqual([303, 303, 200, 200, 200])
  })
})
