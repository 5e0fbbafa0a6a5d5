import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  anonymousSession,
  buildRegistration,
  createUser,
  mergeCookies,
  sessionFor,
  STRONG_PASSWORD,
} from '../helpers/accounts.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({}, { auth: { registrationsPerAddress: 1000 } })
})
afterAll(async () => {
  await t.close()
})

const setCookies = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? [])
const sessionCookie = (res: request.Response) => setCookies(res).find((c) => c.startsWith('fi_session='))
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''

async function signIn(email: string, password = STRONG_PASSWORD) {
  const anon = await anonymousSession(t.app)
  const res = await request(t.app)
    .post('/login')
    .set('Cookie', anon.cookie)
    .type('form')
    .send({ email, password, _csrf: anon.csrf })
  return { res, cookie: mergeCookies(anon.cookie, res) }
}

describe('CSRF on page forms', () => {
  it('every form page carries a token; a POST without one, with a wrong one or with another browser’s one → 403', async () => {
    const anon = await anonymousSession(t.app)
    const other = await anonymousSession(t.app)
    const input = buildRegistration()
    const none = await request(t.app).post('/register').set('Cookie', anon.cookie).type('form').send(input)
    expect(none.status).toBe(403)
    expect(none.text).toContain('This form could not be sent')
    expect(
      (
        await request(t.app)
          .post('/register')
          .set('Cookie', anon.cookie)
          .type('form')
          .send({ ...input, _csrf: 'x'.repeat(43) })
      ).status,
    ).toBe(403)
    expect(
      (
        await request(t.app)
          .post('/register')
          .set('Cookie', anon.cookie)
          .type('form')
          .send({ ...input, _csrf: other.csrf })
      ).status,
    ).toBe(403)
    expect(
      (await request(t.app).post('/login').type('form').send({ email: input.email, password: 'x', _csrf: anon.csrf }))
        .status,
    ).toBe(403)
    // Signed in: the session's synchroniser token is required.
    const user = await createUser(t.services, 'respondent')
    const session = await sessionFor(t.services, user)
    expect(
      (await request(t.app).post('/account/tokens').set('Cookie', session.cookie).type('form').send({ name: 'x' }))
        .status,
    ).toBe(403)
    expect(
      (
        await request(t.app)
          .post('/account/tokens')
          .set('Cookie', session.cookie)
          .type('form')
          .send({ name: 'x', _csrf: anon.csrf })
      ).status,
    ).toBe(403)
    expect((await request(t.app).post('/logout').set('Cookie', session.cookie).type('form').send({})).status).toBe(403)
    expect((await request(t.app).get('/account').set('Cookie', session.cookie)).status).toBe(200)
  })
})

describe('/register', () => {
  it('shows an error summary linking to each field, keeps the typed values and never echoes the password', async () => {
    const anon = await anonymousSession(t.app)
    const res = await request(t.app)
      .post('/register')
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ name: 'Ana <b>', email: 'ana@', password: 'sh0rt-pw', organisation: '', country: 'DE', _csrf: anon.csrf })
    expect(res.status).toBe(400)
    expect(res.text).toContain('<title>Error: Create an account')
    expect(res.text).toContain('There is a problem')
    for (const href of ['#email', '#password', '#organisation', '#respondentType-city'])
      expect(res.text).toContain(`href="${href}"`)
    expect(res.text).toContain('id="email-error"')
    expect(res.text).toContain('aria-describedby="email-hint email-error"')
    expect(res.text).toContain('value="Ana &lt;b&gt;"')
    expect(res.text).not.toContain('sh0rt-pw')
    expect(res.text).toMatch(/<option value="DE" selected>Germany<\/option>/)
  })

  it('creates the account and organisation, then the sign-in page starts a session with a safe cookie', async () => {
    const anon = await anonymousSession(t.app)
    const input = buildRegistration()
    const res = await request(t.app)
      .post('/register')
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ ...input, _csrf: anon.csrf })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/login?registered=1')
    expect(sessionCookie(res)).toBeUndefined()
    const login = await request(t.app).get('/login?registered=1')
    expect(login.text).toContain('Your registration was received')
    const { res: signedIn } = await signIn(input.email, input.password)
    const cookie = sessionCookie(signedIn)!
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; SameSite=Lax/)
    expect(cookie).toMatch(/; Max-Age=43200/)
    expect(cookie).not.toMatch(/Secure/)
    const account = await request(t.app).get('/account').set('Cookie', cookie.split(';')[0]!)
    expect(account.status).toBe(200)
    expect(account.headers['cache-control']).toBe('no-store')
    expect(account.text).toContain(`Signed in as ${input.name}`)
    expect(account.text).toContain(input.organisation)
    expect(account.text).toContain('action="/logout"')
  })

  it('answers the same for an email that already has an account (issue #13, item 8)', async () => {
    const input = buildRegistration()
    const send = async (body: Record<string, unknown>) => {
      const anon = await anonymousSession(t.app)
      return request(t.app)
        .post('/register')
        .set('Cookie', anon.cookie)
        .type('form')
        .send({ ...body, _csrf: anon.csrf })
    }
    const first = await send(input)
    const again = await send({ ...buildRegistration(), email: input.email })
    expect([again.status, again.headers.location]).toEqual([first.status, first.headers.location])
    expect(again.text).toBe(first.text)
    expect(sessionCookie(again)).toBeUndefined()
  })

  it('a signed-in visitor is sent to their account', async () => {
    const session = await sessionFor(t.services, await createUser(t.services, 'respondent'))
    const res = await request(t.app).get('/register').set('Cookie', session.cookie)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/account')
  })
})

describe('cookie flags', () => {
  it('Secure when the request came over HTTPS through the local proxy', async () => {
    const anon = await anonymousSession(t.app)
    const user = await createUser(t.services, 'respondent')
    const res = await request(t.app)
      .post('/login')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ email: user.email, password: STRONG_PASSWORD, _csrf: anon.csrf })
    expect(res.status).toBe(303)
    expect(sessionCookie(res)).toMatch(/; Secure/)
  })

  it('in production: __Host- prefixed and Secure', async () => {
    const prod = await createTestApp({ env: 'production', sessionSecret: 'p'.repeat(40) })
    try {
      const res = await request(prod.app).get('/login')
      const csrfCookie = setCookies(res).find((c) => c.startsWith('__Host-fi_csrf='))
      expect(csrfCookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Secure/)
      const user = await createUser(prod.services, 'respondent')
      const login = await request(prod.app)
        .post('/login')
        .set('Cookie', csrfCookie!.split(';')[0]!)
        .type('form')
        .send({ email: user.email, password: STRONG_PASSWORD, _csrf: csrfOf(res.text) })
      expect(login.status).toBe(303)
      expect(setCookies(login).find((c) => c.startsWith('__Host-fi_session='))).toMatch(/; Secure/)
    } finally {
      await prod.close()
    }
  })
})

describe('/login and /logout', () => {
  it('wrong password and unknown email show the same message; both are audit-logged', async () => {
    const user = await createUser(t.services, 'respondent')
    const anon = await anonymousSession(t.app)
    const wrong = await request(t.app)
      .post('/login')
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ email: user.email, password: 'not my password', _csrf: anon.csrf })
    const unknown = await request(t.app)
      .post('/login')
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ email: 'ghost@example.eu', password: 'not my password', _csrf: anon.csrf })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const message = (html: string) =>
      /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0].replace(/value="[^"]*"/g, '')
    expect(message(wrong.text)).toEqual(message(unknown.text))
    expect(wrong.text).toContain('Enter a correct email address and password')
    expect(wrong.text).toContain(`value="${user.email}"`)
    const { entries } = await t.services.auth.audit.page({ event: 'sign_in_failed', skip: 0, limit: 10 })
    expect(entries.map((e) => e.subjectEmail)).toEqual(expect.arrayContaining([user.email, 'ghost@example.eu']))
  })

  it('renews the session id at sign-in and deletes the old session', async () => {
    const user = await createUser(t.services, 'respondent')
    const old = await sessionFor(t.services, user)
    const res = await request(t.app)
      .post('/login')
      .set('Cookie', `${old.cookie}; ${(await anonymousSession(t.app)).cookie}`)
      .type('form')
      .send({ email: user.email, password: STRONG_PASSWORD, _csrf: old.csrf })
    expect(res.status).toBe(303)
    const fresh = sessionCookie(res)!.split(';')[0]!
    expect(fresh).not.toBe(old.cookie)
    expect((await request(t.app).get('/account').set('Cookie', old.cookie)).status).toBe(303)
    expect((await request(t.app).get('/account').set('Cookie', fresh)).status).toBe(200)
  })

  it('returns to the page asked for, but never to another site', async () => {
    const user = await createUser(t.services, 'respondent')
    const gate = await request(t.app).get('/account')
    expect(gate.status).toBe(303)
    expect(gate.headers.location).toBe('/login?returnTo=%2Faccount')
    const page = await request(t.app).get('/login?returnTo=%2Faccount')
    expect(page.text).toContain('name="returnTo" value="/account"')
    for (const [returnTo, expected] of [
      ['/account#tokens', '/account#tokens'],
      ['//evil.example/', '/questionnaires/city'],
      ['/\\evil.example', '/questionnaires/city'],
      ['https://evil.example/', '/questionnaires/city'],
    ]) {
      const anon = await anonymousSession(t.app)
      const res = await request(t.app)
        .post('/login')
        .set('Cookie', anon.cookie)
        .type('form')
        .send({ email: user.email, password: STRONG_PASSWORD, returnTo, _csrf: anon.csrf })
      expect(res.headers.location).toBe(expected)
    }
    const offSite = await request(t.app).get('/login?returnTo=%2F%2Fevil.example')
    expect(offSite.status).toBe(200)
    expect(offSite.text).not.toContain('name="returnTo"')
  })

  it('a protected address over 480 characters still leads to a working sign-in page (issue #13.9)', async () => {
    const user = await createUser(t.services, 'reviewer')
    const long = `/review?${Array.from({ length: 60 }, (_, i) => `country=${['DE', 'FR', 'IT'][i % 3]}`).join('&')}`
    expect(long.length).toBeGreaterThan(480)
    const gate = await request(t.app).get(long)
    expect(gate.status).toBe(303)
    const login = await request(t.app).get(gate.headers.location as string)
    expect(login.status).toBe(200)
    expect(login.text).toContain('name="password"')
    // The same address typed straight into ?returnTo= is dropped too, and signing in lands on the reviewer's page (issue #12).
    const direct = await request(t.app).get(`/login?returnTo=${encodeURIComponent(long)}`)
    expect(direct.status).toBe(200)
    expect(direct.text).not.toContain('name="returnTo"')
    const anon = await anonymousSession(t.app)
    const res = await request(t.app)
      .post('/login')
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ email: user.email, password: STRONG_PASSWORD, returnTo: long, _csrf: anon.csrf })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/review')
  })

  it('five wrong passwords → 429 with Retry-After on the sign-in page', async () => {
    const user = await createUser(t.services, 'respondent')
    const anon = await anonymousSession(t.app)
    const post = (password: string) =>
      request(t.app)
        .post('/login')
        .set('Cookie', anon.cookie)
        .type('form')
        .send({ email: user.email, password, _csrf: anon.csrf })
    for (let i = 0; i < 5; i++) expect((await post('wrong password!')).status).toBe(401)
    const res = await post(STRONG_PASSWORD)
    expect(res.status).toBe(429)
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    expect(res.text).toContain('Too many failed attempts to sign in')
  })

  it('an attack spread over many addresses cannot lock the owner out of a browser that signed in before', async () => {
    const app = await createTestApp({}, { auth: { loginFailuresPerAccount: 2, loginFailuresPerAccountGlobal: 6 } })
    try {
      const user = await createUser(app.services, 'respondent')
      const login = async (ip: string, password: string, cookie?: string) => {
        const anon = await anonymousSession(app.app)
        const jar = cookie ? `${anon.cookie}; ${cookie}` : anon.cookie
        return request(app.app)
          .post('/login')
          .set('X-Forwarded-For', ip)
          .set('Cookie', jar)
          .type('form')
          .send({ email: user.email, password, _csrf: anon.csrf })
      }
      const first = await login('203.0.113.5', STRONG_PASSWORD)
      expect(first.status).toBe(303)
      const device = ([] as string[]).concat(first.headers['set-cookie'] ?? []).find((c) => c.startsWith('fi_device='))!
      expect(device).toMatch(/HttpOnly; SameSite=Lax; Max-Age=15552000/)
      for (let i = 0; i < 6; i++) expect((await login(`198.51.100.${i}`, 'distributed guess')).status).toBe(401)
      // A new browser now waits (the global back-off) ...
      const stranger = await login('203.0.113.77', STRONG_PASSWORD)
      expect(stranger.status).toBe(429)
      expect(stranger.text).toContain('Too many failed attempts to sign in')
      // ... but the owner's usual browser signs in, even from a new address.
      expect((await login('203.0.113.77', STRONG_PASSWORD, device.split(';')[0])).status).toBe(303)
      // A forged device cookie proves nothing.
      expect((await login('203.0.113.78', STRONG_PASSWORD, 'fi_device=forged.value')).status).toBe(429)
    } finally {
      await app.close()
    }
  })

  it('sign-out deletes the session; GET /logout asks first', async () => {
    const user = await createUser(t.services, 'respondent')
    const { cookie } = await signIn(user.email)
    const confirm = await request(t.app).get('/logout').set('Cookie', cookie)
    expect(confirm.status).toBe(200)
    const csrf = csrfOf(confirm.text)
    const res = await request(t.app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: csrf })
    expect(res.status).toBe(303)
    expect(sessionCookie(res)).toMatch(/Max-Age=0/)
    expect((await request(t.app).get('/account').set('Cookie', cookie)).status).toBe(303)
    const { entries } = await t.services.auth.audit.page({ event: 'sign_out', skip: 0, limit: 5 })
    expect(entries[0]?.subjectEmail).toBe(user.email)
  })
})

describe('session timeouts', () => {
  /** A clock the test moves forward: nothing waits on the wall clock. */
  const movableClock = () => {
    let now = Date.parse('2026-03-01T09:00:00.000Z')
    return { clock: () => new Date(now), advance: (ms: number) => (now += ms) }
  }

  it('an idle session ends', async () => {
    const time = movableClock()
    const app = await createTestApp({}, { clock: time.clock, auth: { sessionIdleMs: 300, touchIntervalMs: 0 } })
    try {
      const session = await sessionFor(app.services, await createUser(app.services, 'respondent'))
      time.advance(299)
      expect((await request(app.app).get('/account').set('Cookie', session.cookie)).status).toBe(200)
      time.advance(300)
      const res = await request(app.app).get('/account').set('Cookie', session.cookie)
      expect(res.status).toBe(303)
      expect(sessionCookie(res)).toMatch(/Max-Age=0/)
    } finally {
      await app.close()
    }
  })

  it('an active session still ends at the absolute timeout', async () => {
    const time = movableClock()
    const app = await createTestApp({}, { clock: time.clock, auth: { sessionAbsoluteMs: 600, touchIntervalMs: 0 } })
    try {
      const session = await sessionFor(app.services, await createUser(app.services, 'respondent'))
      for (let i = 0; i < 3; i++) {
        expect((await request(app.app).get('/account').set('Cookie', session.cookie)).status).toBe(200)
        time.advance(150)
      }
      expect((await request(app.app).get('/account').set('Cookie', session.cookie)).status).toBe(200) // 450 ms in: still live
      time.advance(200)
      expect((await request(app.app).get('/account').set('Cookie', session.cookie)).status).toBe(303)
    } finally {
      await app.close()
    }
  })
})

describe('/account', () => {
  it('creates an API token shown once, lists it and revokes it', async () => {
    const user = await createUser(t.services, 'respondent')
    const session = await sessionFor(t.services, user)
    const empty = await request(t.app)
      .post('/account/tokens')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ name: '  ', _csrf: session.csrf })
    expect(empty.status).toBe(400)
    expect(empty.text).toContain('href="#token-name"')
    const created = await request(t.app)
      .post('/account/tokens')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ name: 'reporting script', _csrf: session.csrf })
    expect(created.status).toBe(201)
    const token = /<code class="secret" id="new-token"[^>]*>([^<]+)<\/code>/.exec(created.text)?.[1]
    expect(token).toMatch(/^fii_/)
    expect((await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(200)
    const listed = await request(t.app).get('/account').set('Cookie', session.cookie)
    expect(listed.text).toContain('reporting script')
    expect(listed.text).not.toContain(token!)
    const revokeUrl = /action="(\/account\/tokens\/[^"]+\/revoke)"/.exec(listed.text)?.[1]
    // Another user cannot revoke it.
    const other = await sessionFor(t.services, await createUser(t.services, 'respondent'))
    expect(
      (await request(t.app).post(revokeUrl!).set('Cookie', other.cookie).type('form').send({ _csrf: other.csrf }))
        .status,
    ).toBe(404)
    const revoked = await request(t.app)
      .post(revokeUrl!)
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf })
    expect(revoked.status).toBe(303)
    expect((await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401)
  })

  it('changes the password: wrong current password → 400; success ends other sessions and renews this one', async () => {
    const user = await createUser(t.services, 'respondent')
    const here = await sessionFor(t.services, user)
    const elsewhere = await sessionFor(t.services, user)
    const wrong = await request(t.app)
      .post('/account/password')
      .set('Cookie', here.cookie)
      .type('form')
      .send({ currentPassword: 'not it at all', newPassword: 'violet harbour lantern 9', _csrf: here.csrf })
    expect(wrong.status).toBe(400)
    expect(wrong.text).toContain('href="#current-password"')
    const weak = await request(t.app)
      .post('/account/password')
      .set('Cookie', here.cookie)
      .type('form')
      .send({ currentPassword: STRONG_PASSWORD, newPassword: 'password12345', _csrf: here.csrf })
    expect(weak.status).toBe(400)
    expect(weak.text).toContain('href="#new-password"')
    const ok = await request(t.app)
      .post('/account/password')
      .set('Cookie', here.cookie)
      .type('form')
      .send({ currentPassword: STRONG_PASSWORD, newPassword: 'violet harbour lantern 9', _csrf: here.csrf })
    expect(ok.status).toBe(303)
    const renewed = sessionCookie(ok)!.split(';')[0]!
    expect(renewed).not.toBe(here.cookie)
    expect((await request(t.app).get('/account').set('Cookie', elsewhere.cookie)).status).toBe(303)
    expect((await request(t.app).get('/account').set('Cookie', here.cookie)).status).toBe(303)
    const after = await request(t.app).get('/account?done=password').set('Cookie', renewed)
    expect(after.text).toContain('Your password has been changed')
    expect((await signIn(user.email)).res.status).toBe(401)
    expect((await signIn(user.email, 'violet harbour lantern 9')).res.status).toBe(303)
  })

  it('invites a colleague by a single-use link into the same organisation', async () => {
    const inviter = await createUser(t.services, 'respondent', 'Gemeente Utrecht')
    const session = await sessionFor(t.services, inviter)
    const created = await request(t.app)
      .post('/account/invitations')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf })
    expect(created.status).toBe(201)
    const link = /<code class="secret" id="invitation-link">([^<]+)<\/code>/.exec(created.text)?.[1]
    const path = new URL(link!).pathname
    expect(path).toMatch(/^\/invitations\/[\w-]{43}$/)
    expect(JSON.stringify(await t.services.store.collection('invitations').find({}))).not.toContain(path.split('/')[2])
    const page = await request(t.app).get(path)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Join Gemeente Utrecht')
    const anon = await anonymousSession(t.app)
    const colleague = {
      name: 'Colleague',
      email: `colleague.${Date.now()}@utrecht.example`,
      password: 'quiet meadow copper 77',
    }
    const bad = await request(t.app)
      .post(path)
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ ...colleague, password: 'short', _csrf: anon.csrf })
    expect(bad.status).toBe(400)
    const joined = await request(t.app)
      .post(path)
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ ...colleague, _csrf: anon.csrf })
    expect(joined.status).toBe(303)
    const members = await t.services.auth.accounts.members(inviter.organisationId!)
    expect(members.map((m) => m.email)).toEqual([inviter.email, colleague.email])
    const again = await request(t.app).get(path)
    expect(again.status).toBe(404)
    expect(again.text).toContain('This invitation link cannot be used')
    const reuse = await request(t.app)
      .post(path)
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ ...colleague, email: `x${colleague.email}`, _csrf: anon.csrf })
    expect(reuse.status).toBe(404)
  })

  it('an expired invitation cannot be used; staff without an organisation cannot invite', async () => {
    let now = Date.parse('2026-03-01T09:00:00.000Z')
    const app = await createTestApp({}, { clock: () => new Date(now), auth: { invitationTtlMs: 1000 } })
    try {
      const inviter = await createUser(app.services, 'respondent')
      const { token } = await app.services.auth.accounts.createInvitation(inviter, {
        actorId: inviter.id,
        actorEmail: inviter.email,
        ip: null,
        via: 'page',
      })
      now += 1000
      expect((await request(app.app).get(`/invitations/${token}`)).status).toBe(404)
      const reviewer = await sessionFor(app.services, await createUser(app.services, 'reviewer'))
      expect(
        (
          await request(app.app)
            .post('/account/invitations')
            .set('Cookie', reviewer.cookie)
            .type('form')
            .send({ _csrf: reviewer.csrf })
        ).status,
      ).toBe(403)
    } finally {
      await app.close()
    }
  })
})

describe('/admin', () => {
  it('admins read the audit log of sign-ins, failures, role changes, tokens, sign-outs and password changes', async () => {
    const admin = await createUser(t.services, 'admin')
    const target = await createUser(t.services, 'respondent')
    const session = await sessionFor(t.services, admin)
    const users = await request(t.app).get('/admin/users').set('Cookie', session.cookie)
    expect(users.status).toBe(200)
    const changed = await request(t.app)
      .post(`/admin/users/${target.id}/role`)
      .set('Cookie', session.cookie)
      .type('form')
      .send({ role: 'reviewer', _csrf: session.csrf })
    expect(changed.status).toBe(303)
    expect((await t.services.auth.accounts.getUser(target.id))?.role).toBe('reviewer')
    const own = await request(t.app)
      .post(`/admin/users/${admin.id}/role`)
      .set('Cookie', session.cookie)
      .type('form')
      .send({ role: 'respondent', _csrf: session.csrf })
    expect(own.status).toBe(400)
    expect(own.text).toContain('You cannot change your own role')
    const audit = await request(t.app).get('/admin/audit').set('Cookie', session.cookie)
    expect(audit.status).toBe(200)
    for (const label of [
      'Role changed',
      'Signed in',
      'Failed sign-in',
      'API token created',
      'Signed out',
      'Password changed',
      'Account created from the command line',
    ]) {
      expect(audit.text).toMatch(new RegExp(`<td[^>]*>${label}</td>`))
    }
    const filtered = await request(t.app).get('/admin/audit?event=role_changed').set('Cookie', session.cookie)
    expect(filtered.text).toContain('from: respondent · to: reviewer')
    expect(filtered.text).not.toMatch(/<td[^>]*>Signed in<\/td>/)
    expect((await request(t.app).get('/admin/audit?event=%24where').set('Cookie', session.cookie)).status).toBe(400)
  })

  it('other roles get 403, anonymous visitors are sent to sign in', async () => {
    for (const role of ['respondent', 'reviewer', 'curator'] as const) {
      const session = await sessionFor(t.services, await createUser(t.services, role))
      const res = await request(t.app).get('/admin/audit').set('Cookie', session.cookie)
      expect(res.status).toBe(403)
      expect(res.text).toContain('You cannot open this page')
    }
    const anon = await request(t.app).get('/admin/audit')
    expect(anon.status).toBe(303)
    expect(anon.headers.location).toBe('/login?returnTo=%2Fadmin%2Faudit')
  })
})
