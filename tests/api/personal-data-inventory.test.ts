/**
 * The privacy statement cannot drift from the records: every field of every account, organisation,
 * session, API token, audit, invitation, sign-in attempt and write-counter record the app writes
 * is listed in seed/privacy/personal-data.json (as personal data, or as not personal with a reason),
 * and every item listed there has its texts and appears on /privacy.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sourceMessages } from '../../src/i18n/i18n.js'
import { personalDataInventory } from '../../src/privacy/personal-data.js'
import {
  anonymousSession,
  bearerFor,
  buildRegistration,
  createUser,
  sessionFor,
  STRONG_PASSWORD,
} from '../helpers/accounts.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

const CHECKED = [
  'users',
  'organisations',
  'sessions',
  'api_tokens',
  'audit_log',
  'invitations',
  'login_attempts',
  'write_quotas',
]

/** Writes at least one record of every checked kind the way users do: pages and API. */
async function exerciseAccounts(): Promise<void> {
  const registration = buildRegistration()
  expect((await request(t.app).post('/api/v1/auth/register').send(registration)).status).toBe(202)
  expect(
    (
      await request(t.app)
        .post('/api/v1/auth/token')
        .send({ email: registration.email, password: 'wrong password here' })
    ).status,
  ).toBe(401)
  expect(
    (await request(t.app).post('/api/v1/auth/token').send({ email: registration.email, password: STRONG_PASSWORD }))
      .status,
  ).toBe(200)
  const anon = await anonymousSession(t.app)
  expect(
    (
      await request(t.app)
        .post('/login')
        .set('Cookie', anon.cookie)
        .type('form')
        .send({ email: registration.email, password: STRONG_PASSWORD, _csrf: anon.csrf })
    ).status,
  ).toBe(303)
  const user = await createUser(t.services, 'respondent')
  const session = await sessionFor(t.services, user)
  expect(
    (
      await request(t.app)
        .post('/account/invitations')
        .set('Cookie', session.cookie)
        .type('form')
        .send({ _csrf: session.csrf })
    ).status,
  ).toBeLessThan(400)
  const admin = await createUser(t.services, 'admin')
  await t.services.auth.accounts.createStaffInvitation(
    admin,
    { role: 'curator', affiliation: 'DG HOME' },
    { actorId: admin.id, actorEmail: admin.email, ip: '203.0.113.9', via: 'page' },
  )
  await t.services.auth.accounts.setLocale(user, 'en', '203.0.113.9')
  const token = await bearerFor(t.services, user)
  expect((await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(200)
}

describe('the personal-data inventory', () => {
  it('lists every field of the account, session, token, audit, invitation and throttling records', async () => {
    await exerciseAccounts()
    const inventory = personalDataInventory()
    const listed = new Set([...inventory.items.flatMap((item) => item.fields), ...Object.keys(inventory.notPersonal)])
    const unlisted: string[] = []
    for (const name of CHECKED) {
      const docs = await t.services.store.collection(name).find({})
      expect(docs.length, `no ${name} record was written`).toBeGreaterThan(0)
      for (const doc of docs)
        for (const field of Object.keys(doc)) if (!listed.has(`${name}.${field}`)) unlisted.push(`${name}.${field}`)
    }
    expect([...new Set(unlisted)]).toEqual([])
  })

  it('has a text for every item, retention, place and audience, and /privacy shows each item', async () => {
    const messages = sourceMessages()
    const inventory = personalDataInventory()
    const page = (await request(t.app).get('/privacy')).text
    for (const item of inventory.items) {
      for (const key of [
        `privacy.data.items.${item.id}.what`,
        `privacy.data.items.${item.id}.why`,
        `privacy.data.retention.${item.retention}`,
        `privacy.data.storedIn.${item.storedIn}`,
        ...item.seenBy.map((who) => `privacy.data.seenBy.${who}`),
      ])
        expect(messages.has(key), key).toBe(true)
      expect(page).toContain(`id="data-${item.id}"`)
    }
    expect(new Set(inventory.items.map((item) => item.id)).size).toBe(inventory.items.length)
  })

  it('states the retention periods in force', async () => {
    const page = (await request(t.app).get('/privacy')).text
    expect(page).toContain('365 days, then deleted.')
    expect(page).toContain('90 days, then removed from the event')
    expect(page).toContain('after 2 hours without a request, or 12 hours after you signed in')
    expect(page).toContain('Until 30 days after the link expires')
  })
})
