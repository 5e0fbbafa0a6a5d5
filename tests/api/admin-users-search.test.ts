import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, sessionFor } from '../helpers/accounts.js'
import { makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
let cookie: string
beforeAll(async () => {
  t = await createTestApp()
  cookie = (await sessionFor(t.services, await createUser(t.services, 'admin'))).cookie
  await makeUser(t.services, 'respondent', { name: 'Comune di Ricerca', type: 'city', country: 'IT' })
  await makeUser(t.services, 'respondent', { name: 'Banca Trovata', type: 'financial_intermediary', country: 'IT' })
  await createUser(t.services, 'reviewer', 'DG HOME')
  await createUser(t.services, 'curator', 'CEB')
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

const get = (query: string) => request(t.app).get(`/admin/users${query}`).set('Cookie', cookie)
/** The email cells of the users table. */
const emails = (html: string) => [...html.matchAll(/<\/td><td[^>]*>([^<]+@[^<]+)<\/td>/g)].map((m) => m[1]!)
const rows = (html: string) => (html.match(/<tr class="ecl-table__row">\s*<td class="ecl-table__cell">/g) ?? []).length

describe('/admin/users can be searched and filtered by role and organisation (issue #12)', () => {
  it('has a GET search form that works without JavaScript', async () => {
    const res = await get('')
    expect(res.status).toBe(200)
    expect(res.text).toContain('<form class="form user-search" method="get" action="/admin/users"')
    expect(res.text).toContain('name="q"')
    expect(res.text).toContain('name="organisation"')
    expect(res.text).toContain('<select class="ecl-select" id="user-search-role" name="role">')
    expect(rows(res.text)).toBe(5)
  })

  it('filters by role, by organisation or affiliation, and by name or email, together', async () => {
    const reviewers = await get('?role=reviewer')
    expect(rows(reviewers.text)).toBe(1)
    expect(reviewers.text).toContain('1 account matches this search.')
    expect(reviewers.text).toMatch(/<option value="reviewer" selected>/)

    const city = await get('?organisation=comune%20di%20ric')
    expect(rows(city.text)).toBe(1)
    expect(city.text).toContain('Comune di Ricerca')
    expect(city.text).toContain('value="comune di ric"')
    expect(rows((await get('?organisation=CEB')).text)).toBe(1)

    const respondents = await get('?role=respondent&q=officer')
    expect(rows(respondents.text)).toBe(2)
    expect(emails(respondents.text)).toHaveLength(2)
    expect(emails(respondents.text).every((e) => e.startsWith('review'))).toBe(true)
    expect(rows((await get('?role=curator&organisation=Banca')).text)).toBe(0)
    expect((await get('?role=curator&organisation=Banca')).text).toContain('No account matches this search.')
    expect((await get('?q=&organisation=&role=')).text).not.toContain('user-search-found')
  })

  it('bad parameters are a 400 naming the field, never a 5xx', async () => {
    const role = await get('?role=superuser')
    expect(role.status).toBe(400)
    expect(role.text).toContain('Choose the role from the list')
    const long = await get(`?q=${'x'.repeat(101)}`)
    expect(long.status).toBe(400)
    expect(long.text).toContain('Enter a name or email of 100 characters or fewer')
    expect((await get('?role=admin&role=curator')).status).toBe(400)
    expect((await get('?q[$ne]=x')).status).toBe(400)
  })
})
