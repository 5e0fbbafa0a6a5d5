import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearerFor, buildRegistration, createUser, sessionFor, STRONG_PASSWORD } from '../helpers/accounts.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({}, { auth: { registrationsPerAddress: 1000 } })
})
afterAll(async () => {
  await t.close()
})

describe('POST /api/v1/auth/register', () => {
  it('→ 202; the account then gets a token with its password; no secret leaks', async () => {
    const input = buildRegistration({ email: '  Mixed.Case@City.Example ' })
    const res = await request(t.app).post('/api/v1/auth/register').send(input)
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ status: 'accepted', token: '/api/v1/auth/token' })
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt|fii_/)
    const token = await request(t.app)
      .post('/api/v1/auth/token')
      .send({ email: 'mixed.case@city.example', password: input.password })
    expect(token.status).toBe(200)
    const me = await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token.body.token}`)
    expect(me.status).toBe(200)
    expect(me.body.user).toMatchObject({
      email: 'mixed.case@city.example',
      role: 'respondent',
      organisation: { name: input.organisation, respondentType: 'city', country: 'DE' },
    })
    expect(me.headers['cache-control']).toBe('no-store')
  })

  it('stores the password as an scrypt hash', async () => {
    const input = buildRegistration()
    await request(t.app).post('/api/v1/auth/register').send(input)
    const user = await t.services.store.collection('users').findOne({ email: input.email })
    expect(String(user?.passwordHash)).toMatch(/^scrypt\$\d+\$8\$\d+\$[\w-]+\$[\w-]+$/)
    expect(JSON.stringify(user)).not.toContain(input.password)
  })

  it('→ 400 with a message per field for missing and invalid input', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/register')
      .send({ email: 'not-an-email', password: 'short', country: 'XX' })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(res.body.error.fields).toMatchObject({
      email: ['Enter an email address in the correct format, like name@example.com'],
      name: ['Enter your full name'],
      organisation: ['Enter the name of your organisation'],
      respondentType: ['Select the kind of organisation'],
      country: ['Select the country of your organisation'],
    })
  })

  it.each([
    ['too short', 'elevenchars', 'at least 12 characters'],
    ['common', 'Password1234!', 'harder to guess'],
    ['a keyboard run', 'qwertyuiopasdf', 'harder to guess'],
    ['repetitive', 'abcabcabcabcabc', 'harder to guess'],
    ['a digit sequence', '123456789012', 'harder to guess'],
  ])('refuses a password that is %s', async (_what, password, message) => {
    const res = await request(t.app).post('/api/v1/auth/register').send(buildRegistration({ password }))
    expect(res.status).toBe(400)
    expect(res.body.error.fields.password[0]).toContain(message)
  })

  it('refuses a password containing the email address', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/register')
      .send(buildRegistration({ email: 'jansen@gent.example', password: 'jansen-winter-garden' }))
    expect(res.body.error.fields.password).toEqual(['Your password must not contain your email address'])
  })

  it('answers exactly the same when the email already has an account, and changes nothing (issue #13, item 8)', async () => {
    const input = buildRegistration()
    const first = await request(t.app).post('/api/v1/auth/register').send(input)
    const before = {
      organisations: await t.services.store.collection('organisations').countDocuments({}),
      users: await t.services.store.collection('users').countDocuments({}),
    }
    const again = await request(t.app)
      .post('/api/v1/auth/register')
      .send({ ...buildRegistration(), email: input.email.toUpperCase(), password: 'another long passphrase 7' })
    expect(again.status).toBe(first.status)
    expect(again.body).toEqual(first.body)
    expect(Object.keys(again.headers).sort()).toEqual(Object.keys(first.headers).sort())
    expect(await t.services.store.collection('organisations').countDocuments({})).toBe(before.organisations)
    expect(await t.services.store.collection('users').countDocuments({})).toBe(before.users)
    // The owner's password still works; the one typed in the second registration does not.
    expect(
      (await request(t.app).post('/api/v1/auth/token').send({ email: input.email, password: input.password })).status,
    ).toBe(200)
    expect(
      (
        await request(t.app)
          .post('/api/v1/auth/token')
          .send({ email: input.email, password: 'another long passphrase 7' })
      ).status,
    ).toBe(401)
    const { entries } = await t.services.auth.audit.page({ event: 'registration_existing_email', skip: 0, limit: 1 })
    expect(entries[0]?.subjectEmail).toBe(input.email)
  })

  it('→ 400 for unknown fields and operator objects (no role escalation through the body)', async () => {
    const extra = await request(t.app)
      .post('/api/v1/auth/register')
      .send({ ...buildRegistration(), role: 'admin' })
    expect(extra.status).toBe(400)
    const operator = await request(t.app)
      .post('/api/v1/auth/register')
      .send({ ...buildRegistration(), email: { $gt: '' } })
    expect(operator.status).toBe(400)
  })
})

describe('POST /api/v1/auth/token', () => {
  it('→ {token} for a correct email and password; unknown email and wrong password answer alike', async () => {
    const input = buildRegistration()
    await request(t.app).post('/api/v1/auth/register').send(input)
    const ok = await request(t.app)
      .post('/api/v1/auth/token')
      .send({ email: input.email, password: input.password, name: 'reporting' })
    expect(ok.status).toBe(200)
    expect(ok.body.token).toMatch(/^fii_/)
    expect(ok.body.name).toBe('reporting')
    const wrong = await request(t.app)
      .post('/api/v1/auth/token')
      .send({ email: input.email, password: 'wrong password here' })
    const unknown = await request(t.app)
      .post('/api/v1/auth/token')
      .send({ email: 'nobody@nowhere.example', password: 'wrong password here' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
    expect(wrong.body.error.message).toBe('Enter a correct email address and password')
    expect(wrong.headers['www-authenticate']).toContain('Bearer')
  })

  it('a revoked or made-up bearer token is a 401, never a fall-back to anonymous', async () => {
    const user = await createUser(t.services, 'respondent')
    const token = await bearerFor(t.services, user)
    expect((await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(200)
    expect((await request(t.app).delete('/api/v1/auth/token').set('Authorization', `Bearer ${token}`)).status).toBe(204)
    expect((await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401)
    expect((await request(t.app).get('/api/v1/investments').set('Authorization', `Bearer ${token}`)).status).toBe(401)
    expect(
      (
        await request(t.app)
          .get('/api/v1/investments')
          .set('Authorization', 'Bearer fii_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
      ).status,
    ).toBe(401)
    expect((await request(t.app).get('/api/v1/investments').set('Authorization', 'Basic YTpi')).status).toBe(401)
  })

  it('records the last use of a token', async () => {
    const user = await createUser(t.services, 'respondent')
    const token = await bearerFor(t.services, user)
    await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)
    const [record] = await t.services.auth.accounts.tokensOf(user)
    expect(record?.lastUsedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
  })
})

describe('throttling', () => {
  it('repeated wrong passwords for one account from one address → 429 with Retry-After there, even for the right password', async () => {
    const app = await createTestApp({}, { auth: { loginFailuresPerAccount: 3 } })
    try {
      const user = await createUser(app.services, 'respondent')
      for (let i = 0; i < 3; i++) {
        expect(
          (await request(app.app).post('/api/v1/auth/token').send({ email: user.email, password: 'not the password' }))
            .status,
        ).toBe(401)
      }
      const blocked = await request(app.app)
        .post('/api/v1/auth/token')
        .send({ email: user.email, password: STRONG_PASSWORD })
      expect(blocked.status).toBe(429)
      expect(blocked.body.error.code).toBe('too_many_requests')
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60)
    } finally {
      await app.close()
    }
  })

  it('parallel guesses cannot slip past the limit', async () => {
    const app = await createTestApp({}, { auth: { loginFailuresPerAccount: 3 } })
    try {
      const user = await createUser(app.services, 'respondent')
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          request(app.app).post('/api/v1/auth/token').send({ email: user.email, password: 'parallel guess!' }),
        ),
      )
      const statuses = results.map((r) => r.status)
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3)
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(9)
    } finally {
      await app.close()
    }
  })

  it('an attacker elsewhere cannot lock the owner out (issue #13, item 8)', async () => {
    const app = await createTestApp({}, { auth: { loginFailuresPerAccount: 3 } })
    try {
      const user = await createUser(app.services, 'respondent')
      const from = (ip: string) => request(app.app).post('/api/v1/auth/token').set('X-Forwarded-For', ip)
      for (let i = 0; i < 10; i++)
        expect([401, 429]).toContain(
          (await from('198.51.100.7').send({ email: user.email, password: 'attacker guess!' })).status,
        )
      expect((await from('198.51.100.7').send({ email: user.email, password: STRONG_PASSWORD })).status).toBe(429)
      // The owner, from their own address, signs in at once.
      expect((await from('203.0.113.20').send({ email: user.email, password: STRONG_PASSWORD })).status).toBe(200)
    } finally {
      await app.close()
    }
  })

  it('guesses spread over many addresses meet the slower global back-off per account', async () => {
    const app = await createTestApp({}, { auth: { loginFailuresPerAccount: 3, loginFailuresPerAccountGlobal: 12 } })
    try {
      const user = await createUser(app.services, 'respondent')
      const from = (ip: string) => request(app.app).post('/api/v1/auth/token').set('X-Forwarded-For', ip)
      for (let i = 0; i < 12; i++)
        expect((await from(`198.51.100.${i}`).send({ email: user.email, password: 'distributed guess' })).status).toBe(
          401,
        )
      const next = await from('198.51.100.99').send({ email: user.email, password: 'distributed guess' })
      expect(next.status).toBe(429)
      expect(Number(next.headers['retry-after'])).toBeGreaterThan(15 * 60)
    } finally {
      await app.close()
    }
  })

  it('failures from one address across many accounts → 429', async () => {
    const app = await createTestApp({}, { auth: { loginFailuresPerAddress: 4 } })
    try {
      for (let i = 0; i < 4; i++) {
        expect(
          (
            await request(app.app)
              .post('/api/v1/auth/token')
              .send({ email: `guess${i}@example.eu`, password: 'not the password' })
          ).status,
        ).toBe(401)
      }
      const res = await request(app.app)
        .post('/api/v1/auth/token')
        .send({ email: 'another@example.eu', password: 'not the password' })
      expect(res.status).toBe(429)
      expect(res.headers['retry-after']).toBeDefined()
    } finally {
      await app.close()
    }
  })

  it('registration is limited per address', async () => {
    const app = await createTestApp({}, { auth: { registrationsPerAddress: 2 } })
    try {
      expect((await request(app.app).post('/api/v1/auth/register').send(buildRegistration())).status).toBe(202)
      expect((await request(app.app).post('/api/v1/auth/register').send(buildRegistration())).status).toBe(202)
      const res = await request(app.app).post('/api/v1/auth/register').send(buildRegistration())
      expect(res.status).toBe(429)
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    } finally {
      await app.close()
    }
  })
})

describe('cookie-authenticated API requests', () => {
  it('a write with the session cookie but without X-CSRF-Token → 403; with it, the request goes through', async () => {
    const user = await createUser(t.services, 'respondent')
    const session = await sessionFor(t.services, user)
    const read = await request(t.app).get('/api/v1/auth/me').set('Cookie', session.cookie)
    expect(read.status).toBe(200)
    const refused = await request(t.app).post('/api/v1/auth/token').set('Cookie', session.cookie).send({})
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('csrf_failed')
    const wrong = await request(t.app)
      .post('/api/v1/auth/token')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', 'nope')
      .send({})
    expect(wrong.status).toBe(403)
    const ok = await request(t.app)
      .post('/api/v1/auth/token')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrf)
      .send({})
    expect(ok.status).toBe(400)
  })
})

describe('GET /api/v1/organisations/:id', () => {
  it('its respondents and reviewers see it; a respondent of another organisation gets 404; a curator 403', async () => {
    const a = await createUser(t.services, 'respondent', 'Org A for organisations test')
    const b = await createUser(t.services, 'respondent', 'Org B for organisations test')
    const reviewer = await createUser(t.services, 'reviewer')
    const curator = await createUser(t.services, 'curator')
    const get = async (user: typeof a) =>
      request(t.app)
        .get(`/api/v1/organisations/${a.organisationId}`)
        .set('Authorization', `Bearer ${await bearerFor(t.services, user)}`)
    const own = await get(a)
    expect(own.status).toBe(200)
    expect(own.body).toMatchObject({
      id: a.organisationId,
      name: 'Org A for organisations test',
      members: [{ id: a.id, email: a.email }],
    })
    expect((await get(b)).status).toBe(404)
    expect((await get(reviewer)).status).toBe(200)
    expect((await get(curator)).status).toBe(403)
    expect((await request(t.app).get(`/api/v1/organisations/${a.organisationId}`)).status).toBe(401)
  })
})

describe('attacks that must fail', () => {
  it('prototype pollution and mass assignment in the register body → 400, nobody becomes admin', async () => {
    const body = `{"__proto__":{"role":"admin"},${JSON.stringify(buildRegistration()).slice(1)}`
    const res = await request(t.app).post('/api/v1/auth/register').set('Content-Type', 'application/json').send(body)
    expect(res.status).toBe(400)
    expect(({} as Record<string, unknown>).role).toBeUndefined()
    const constructor = await request(t.app)
      .post('/api/v1/auth/register')
      .send({ ...buildRegistration(), constructor: { prototype: { role: 'admin' } } })
    expect(constructor.status).toBe(400)
  })

  it('forged session cookies and tokens are ignored or refused, never looked up as objects', async () => {
    for (const value of ['{"$ne":null}', 'j:{"$gt":""}', '%7B%22%24ne%22%3Anull%7D', 'a'.repeat(5000)]) {
      const page = await request(t.app).get('/account').set('Cookie', `fi_session=${value}`)
      expect(page.status).toBe(303)
      const api = await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${value}`)
      expect(api.status).toBe(401)
    }
    expect((await request(t.app).get('/invitations/%7B%22%24ne%22%3Anull%7D')).status).toBe(404)
  })

  it('a page POST with a JSON body (no form token possible cross-site) is refused', async () => {
    const user = await createUser(t.services, 'respondent')
    const session = await sessionFor(t.services, user)
    const res = await request(t.app).post('/account/tokens').set('Cookie', session.cookie).send({ name: 'x' })
    expect(res.status).toBe(403)
  })

  it('the X-Forwarded-For of a client that is not the local proxy is not trusted', async () => {
    const user = await createUser(t.services, 'respondent')
    await request(t.app)
      .post('/api/v1/auth/token')
      .set('X-Forwarded-For', '203.0.113.9')
      .send({ email: user.email, password: 'wrong password here' })
    const { entries } = await t.services.auth.audit.page({ event: 'sign_in_failed', skip: 0, limit: 1 })
    // supertest connects from loopback, the trusted proxy address: the header is honoured here, as it
    // would be behind a local reverse proxy; from any other address Express ignores it ('trust proxy' = loopback).
    expect(entries[0]?.ip).toBe('203.0.113.9')
    expect(t.app.get('trust proxy fn')('198.51.100.1', 0)).toBe(false)
    expect(t.app.get('trust proxy fn')('127.0.0.1', 0)).toBe(true)
  })
})
