import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { ProposalContent } from '../../src/curation/proposals.js'
import { bearerFor, createUser, sessionFor } from '../helpers/accounts.js'
import { proposal } from '../helpers/proposals.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

/** The pagination links without their ECL classes and icons (what a person follows and reads). */
const links = (html: string) =>
  html
    .replace(/(<(?:a|li|ul|nav)\b[^>]*?) class="[^"]*"/g, '$1')
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/\s+<\/a>/g, '</a>')

/** Issue #13.3: lists were unbounded (the curators' proposals API returned 412 MB). Every list is paged. */

let t: TestApp
let proposer: User
const tokens: Record<string, string> = {}
const cookies: Record<string, string> = {}

beforeAll(async () => {
  t = await createTestApp()
  proposer = await createUser(t.services, 'respondent')
  const curator = await createUser(t.services, 'curator')
  const admin = await createUser(t.services, 'admin')
  for (let i = 0; i < 120; i++) {
    const content = ProposalContent.parse(
      proposal({
        title: `Paged case ${String(i).padStart(3, '0')}`,
        summary: 'A proposal that only fills a list.',
        geography: 'Pagetown',
        policyFields: ['housing'],
        instruments: ['loan'],
        sources: [{ url: 'https://www.example.org/p', label: null }],
      }),
    )
    await t.services.curation.proposals.propose(proposer, content)
  }
  for (let i = 0; i < 60; i++) await createUser(t.services, 'respondent')
  tokens.curator = await bearerFor(t.services, curator)
  cookies.curator = (await sessionFor(t.services, curator)).cookie
  cookies.admin = (await sessionFor(t.services, admin)).cookie
  cookies.proposer = (await sessionFor(t.services, proposer)).cookie
})
afterAll(async () => {
  await t.close()
})

const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${tokens.curator}`)

describe('API lists are paged with a bounded page size', () => {
  it('GET /api/v1/proposals: 50 by default, at most 100, with the total', async () => {
    const first = await api('/api/v1/proposals')
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ total: 120, page: 1, pageSize: 50 })
    expect(first.body.items).toHaveLength(50)
    const whole = await api('/api/v1/proposals?page=1&pageSize=100')
    const last = await api('/api/v1/proposals?page=2&pageSize=100')
    expect(last.body.items).toHaveLength(20)
    expect(new Set([...whole.body.items, ...last.body.items].map((p: { id: string }) => p.id)).size).toBe(120)
    expect((await api('/api/v1/proposals?pageSize=101')).status).toBe(400)
    expect((await api('/api/v1/proposals?page=0')).status).toBe(400)
  })

  it('GET /api/v1/curation/:kind and its history', async () => {
    const list = await api('/api/v1/curation/investments?pageSize=10&page=2')
    expect(list.status).toBe(200)
    expect(list.body).toMatchObject({ page: 2, pageSize: 10 })
    expect(list.body.items).toHaveLength(10)
    expect(list.body.total).toBeGreaterThanOrEqual(45)
    expect((await api('/api/v1/curation/investments?pageSize=1000')).status).toBe(400)
    const history = await api('/api/v1/curation/investments/c01-koto-sib/history?pageSize=5')
    expect(history.status).toBe(200)
    expect(history.body).toMatchObject({ page: 1, pageSize: 5, total: expect.any(Number) })
  })
})

describe('back-office pages have page links', () => {
  // The page's HTML with Handlebars' entities for = and & read back.
  const page = async (path: string, who: string) => {
    const res = await request(t.app).get(path).set('Cookie', cookies[who]!)
    return { status: res.status, text: res.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&') }
  }
  const titles = (html: string) => new Set(html.match(/Paged case \d{3}/g))

  it('the moderation queue', async () => {
    const res = await page('/curation/proposals', 'curator')
    expect(res.status).toBe(200)
    expect(titles(res.text).size).toBe(50)
    expect(links(res.text)).toContain('<a href="/curation/proposals?status=pending&page=2" rel="next">Next page</a>')
    expect(links(res.text)).toContain(
      '<a href="/curation/proposals?status=pending&page=3"><span class="visually-hidden">Page </span>3</a>',
    )
    const second = await page('/curation/proposals?page=2', 'curator')
    const third = await page('/curation/proposals?page=3', 'curator')
    expect(links(third.text)).toContain('aria-current="page"><span class="visually-hidden">Page </span>3</a>')
    expect(new Set([...titles(res.text), ...titles(second.text), ...titles(third.text)]).size).toBe(120)
  })

  it('users, audit log, curation lists and the proposer’s own list', async () => {
    expect(links((await page('/admin/users', 'admin')).text)).toContain(
      '<a href="/admin/users?page=2" rel="next">Next page</a>',
    )
    expect(links((await page('/admin/audit', 'admin')).text)).toContain('rel="next">Next page</a>')
    // The seed's cases (more than 50) take two pages of the curation list.
    expect(links((await page('/curation/investments', 'curator')).text)).toContain(
      '<a href="/curation/investments?show=all&page=2" rel="next">Next page</a>',
    )
    const account = await page('/account', 'proposer')
    expect(titles(account.text).size).toBe(20)
    expect(links(account.text)).toContain('<a href="/account?page=2#proposals" rel="next">Next page</a>')
    expect(titles((await page('/account?page=6', 'proposer')).text).size).toBe(20)
    expect(titles((await page('/account?page=7', 'proposer')).text).size).toBe(0)
  })
})
