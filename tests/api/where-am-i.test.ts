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
import type { User } from '../../src/accounts/account.js'
import type { Principal } from '../../src/accounts/principal.js'
import { CITY_ANSWERS } from '../helpers/questionnaires.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

const principalOf = (user: User): Principal => ({ user, via: 'token', tokenId: 'test' })
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

async function signIn(email: string, extra: Record<string, string> = {}) {
  const anon = await anonymousSession(t.app)
  const res = await request(t.app)
    .post('/login')
    .set('Cookie', anon.cookie)
    .type('form')
    .send({ email, password: STRONG_PASSWORD, _csrf: anon.csrf, ...extra })
  return { res, cookie: mergeCookies(anon.cookie, res) }
}

describe('after sign-in each role lands where its work is (issue #12, "Where am I?")', () => {
  it('reviewer → /review, curator → /curation, admin → /admin, respondent → its questionnaire', async () => {
    for (const [role, where] of [
      ['reviewer', '/review'],
      ['curator', '/curation'],
      ['admin', '/admin'],
      ['respondent', '/questionnaires/city'],
    ] as const) {
      const user = await createUser(t.services, role)
      const { res, cookie } = await signIn(user.email)
      expect([role, res.status, res.headers.location]).toEqual([role, 303, where])
      expect((await request(t.app).get(where).set('Cookie', cookie)).status).toBe(200)
    }
  })

  it('the respondent page shows the status, the progress "n of m" and Continue', async () => {
    const user = await createUser(t.services, 'respondent')
    const { context } = await t.services.questionnaires.responses.start(user, {})
    const half = Object.fromEntries(Object.entries(CITY_ANSWERS).slice(0, 5))
    await t.services.questionnaires.responses.save(principalOf(user), context.record.id, {
      version: context.record.version,
      answers: new Map(Object.entries(half)),
    })
    const { cookie } = await signIn(user.email)
    const page = await request(t.app).get('/questionnaires/city').set('Cookie', cookie)
    expect(page.text).toContain('<dd class="ecl-description-list__definition">Draft</dd>')
    expect(page.text).toMatch(/5 of \d+ questions answered/)
    expect(page.text).toContain('id="continue-link"')
  })

  it('a returnTo given wins over the landing page; the /admin page is for administrators only', async () => {
    const reviewer = await createUser(t.services, 'reviewer')
    expect((await signIn(reviewer.email, { returnTo: '/investments' })).res.headers.location).toBe('/investments')
    const admin = await sessionFor(t.services, await createUser(t.services, 'admin'))
    const page = await request(t.app).get('/admin').set('Cookie', admin.cookie)
    expect(page.text).toContain('href="/admin/users"')
    expect(
      (
        await request(t.app)
          .get('/admin')
          .set('Cookie', (await sessionFor(t.services, reviewer)).cookie)
      ).status,
    ).toBe(403)
  })
})

describe('"Create an account" from a questionnaire page comes back to it', () => {
  it('carries returnTo through registration and sign-in', async () => {
    const intro = await request(t.app).get('/questionnaires/member_state')
    const link = /href="(\/register\?returnTo[^"]+)"/.exec(intro.text)?.[1]?.replace(/&#x3D;/g, '=')
    expect(link).toBe('/register?returnTo=%2Fquestionnaires%2Fmember_state')
    const form = await request(t.app).get(link!)
    expect(form.text).toContain('name="returnTo" value="/questionnaires/member_state"')
    expect(form.text).toContain('href="/login?returnTo=%2Fquestionnaires%2Fmember_state"')
    const anon = await anonymousSession(t.app)
    const input = buildRegistration({ respondentType: 'member_state' })
    const registered = await request(t.app)
      .post('/register')
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ ...input, returnTo: '/questionnaires/member_state', _csrf: anon.csrf })
    expect(registered.headers.location).toBe('/login?registered=1&returnTo=%2Fquestionnaires%2Fmember_state')
    const login = await request(t.app).get(registered.headers.location!)
    expect(login.text).toContain('name="returnTo" value="/questionnaires/member_state"')
    expect((await signIn(input.email, { returnTo: '/questionnaires/member_state' })).res.headers.location).toBe(
      '/questionnaires/member_state',
    )
  })

  it('only same-origin paths: another site is dropped, never an error', async () => {
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const form = await request(t.app).get(`/register?returnTo=${encodeURIComponent(bad)}`)
      expect(form.status).toBe(200)
      expect(form.text).not.toContain('name="returnTo"')
      const anon = await anonymousSession(t.app)
      const res = await request(t.app)
        .post('/register')
        .set('Cookie', anon.cookie)
        .type('form')
        .send({ ...buildRegistration(), returnTo: bad, _csrf: anon.csrf })
      expect(res.headers.location).toBe('/login?registered=1')
    }
  })
})
