import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, sessionFor } from '../helpers/accounts.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
const cookies: Record<string, string> = {}
let investmentUrl: string

beforeAll(async () => {
  t = await createTestApp()
  for (const role of ['respondent', 'reviewer', 'curator', 'admin'] as const)
    cookies[role] = (await sessionFor(t.services, await createUser(t.services, role))).cookie
  const list = await request(t.app).get('/api/v1/investments?pageSize=1')
  investmentUrl = `/investments/${list.body.items[0].id}`
})
afterAll(async () => {
  await t?.close()
})

const TRACKING = [
  'utm_source=newsletter&utm_medium=email',
  'fbclid=IwAR0abc',
  'gclid=Cj0KCQ',
  'mc_cid=abc123&mc_eid=def456',
]
// Pages of every kind, each with the role that may see it.
const PAGES: [string, string | null][] = [
  ['/', null],
  ['/investments', null],
  ['/investments?q=housing', null],
  ['/match', null],
  ['/glossary', null],
  ['/instruments', null],
  ['/funds', null],
  ['/api', null],
  ['/login', null],
  ['/register', null],
  ['/guidance', null],
  ['/guidance?q=microfinance', null],
  ['/privacy', null],
  ['/legal-notice', null],
  ['/account/delete', 'respondent'],
  ['/admin', 'admin'],
  ['/admin/storage', 'admin'],
  ['/questionnaires', 'respondent'],
  ['/account', 'respondent'],
  ['/review', 'reviewer'],
  ['/curation', 'curator'],
  ['/curation/proposals', 'curator'],
  ['/admin/users', 'admin'],
  ['/admin/audit', 'admin'],
]

describe('shared links: pages ignore parameters they do not know', () => {
  it.each(PAGES)('%s with tracking parameters and an unknown one gives 200', async (path, role) => {
    for (const extra of [...TRACKING, 'ref=share', 'share_id=1&foo=bar']) {
      const url = `${path}${path.includes('?') ? '&' : '?'}${extra}`
      const res = await request(t.app)
        .get(url)
        .set('Cookie', role ? cookies[role]! : '')
      expect(res.status, url).toBe(200)
    }
  })

  it('the issue’s links: /investments?utm_source=x, /match?fbclid=y, /review?gclid=z, a case page with mc_eid', async () => {
    expect((await request(t.app).get('/investments?utm_source=x')).status).toBe(200)
    expect((await request(t.app).get('/match?fbclid=y')).status).toBe(200)
    expect((await request(t.app).get('/review?gclid=z').set('Cookie', cookies.reviewer!)).status).toBe(200)
    expect((await request(t.app).get(`${investmentUrl}?mc_eid=1&ref=x`)).status).toBe(200)
  })

  it('known parameters are still validated: a bad value is a 400 naming the field', async () => {
    const res = await request(t.app).get('/investments?page=0&ref=x')
    expect(res.status).toBe(400)
    expect(res.text).toContain('href="#page"')
    expect(
      (await request(t.app).get('/review?country=italy&utm_source=x').set('Cookie', cookies.reviewer!)).status,
    ).toBe(400)
  })

  it('an unknown parameter does not change what the page shows', async () => {
    const plain = await request(t.app).get('/investments?q=housing')
    const shared = await request(t.app).get('/investments?q=housing&ref=share&utm_campaign=x')
    const count = (html: string) => /<h1[^>]*>([^<]*)</.exec(html)?.[1]
    expect(count(shared.text)).toBe(count(plain.text))
  })
})

describe('the JSON API stays strict, except for tracking parameters', () => {
  it('tracking parameters are ignored', async () => {
    for (const extra of TRACKING)
      expect((await request(t.app).get(`/api/v1/investments?${extra}`)).status, extra).toBe(200)
  })
  it('an unknown parameter is refused with its name', async () => {
    const res = await request(t.app).get('/api/v1/investments?foo=1')
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain('foo')
  })
})
