import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUserFromCli } from '../../src/accounts/users-cli.js'
import { checkRecords } from '../../src/migrations/record-checks.js'
import { STRONG_PASSWORD, createUser, sessionFor } from '../helpers/accounts.js'
import { loadScenario, makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let reviewerCookie: string
let adminCookie: string

beforeAll(async () => {
  t = await createTestApp()
  await loadScenario(t.services)
  reviewerCookie = (await sessionFor(t.services, await makeUser(t.services, 'reviewer'))).cookie
  adminCookie = (await sessionFor(t.services, await createUser(t.services, 'admin'))).cookie
}, 60_000)
afterAll(async () => {
  await t?.close()
})

describe('the review JSON export is a download', () => {
  it('is sent as an attachment named like the CSV, still JSON', async () => {
    const res = await request(t.app).get('/api/v1/review/export?format=json&country=IT').set('Cookie', reviewerCookie)
    expect(res.status).toBe(200)
    expect(res.type).toBe('application/json')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?review-responses\.json"?$/)
    expect(Array.isArray(res.body.items ?? res.body)).toBe(true)
  })
})

describe('a withdrawn case’s shared address', () => {
  it('gives 410 with the date and the reason, in words', async () => {
    const [first] = t.services.search.all()
    const current = await t.services.curation.records.get('investments', first!.id)
    const curator = { id: 'curator-1', name: 'Curator' }
    await t.services.curation.records.retire(
      'investments',
      first!.id,
      current.version,
      'a duplicate of another record',
      curator,
    )
    const res = await request(t.app).get(`/investments/${first!.id}`)
    expect(res.status).toBe(410)
    const date = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Brussels',
    }).format(new Date())
    expect(res.text).toContain(`Withdrawn on ${date}, because a duplicate of another record`)
    expect(res.text).toMatch(/<h1[^>]*>This case has been withdrawn<\/h1>/)
    expect(res.text).not.toContain(first!.title)
  })

  it('an address that never was a case is still a 404', async () => {
    expect((await request(t.app).get('/investments/no-such-case-at-all')).status).toBe(404)
  })
})

describe('an account without a name', () => {
  it('is shown as "Name not given", never by its e-mail’s local part', async () => {
    const line = await createUserFromCli(
      t.services.store,
      { email: 'ops.team@example.eu', role: 'reviewer', organisation: 'DG HOME', 'password-stdin': true },
      STRONG_PASSWORD,
    )
    expect(line).toMatch(/^Created reviewer ops\.team@example\.eu/)
    const user = await t.services.auth.accounts.authenticate('ops.team@example.eu', STRONG_PASSWORD, {
      actorId: null,
      actorEmail: null,
      ip: null,
      via: 'page',
    })
    expect(user.name).toBe('')

    const admin = await request(t.app).get('/admin/users').set('Cookie', adminCookie)
    const row = admin.text.split('<tr').find((r) => r.includes('ops.team@example.eu'))!
    expect(row).toContain('Name not given')
    expect(row).not.toMatch(/<td[^>]*>ops\.team<\/td>/)

    const own = await request(t.app)
      .get('/review')
      .set('Cookie', (await sessionFor(t.services, user)).cookie)
    expect(own.status).toBe(200)
    expect(own.text).toContain('Name not given')

    // The start-up check of stored records accepts it: the server still starts on this store.
    const { problems } = await checkRecords(t.services.store)
    expect(problems).toEqual([])
  })
})
