import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { bearerFor, createUser, sessionFor, type PageSession } from '../helpers/accounts.js'
import { readForm } from '../helpers/forms.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
const users: Record<'respondentA' | 'respondentB' | 'reviewer' | 'curator', User> = {} as never
const tokens: Record<string, string> = {}
const sessions: Record<string, PageSession> = {}

beforeAll(async () => {
  t = await createTestApp()
  users.respondentA = await createUser(t.services, 'respondent', 'Organisation A')
  users.respondentB = await createUser(t.services, 'respondent', 'Organisation B')
  users.reviewer = await createUser(t.services, 'reviewer')
  users.curator = await createUser(t.services, 'curator')
  for (const [name, user] of Object.entries(users)) {
    tokens[name] = await bearerFor(t.services, user)
    sessions[name] = await sessionFor(t.services, user)
  }
})
afterAll(async () => {
  await t.close()
})

const api = (who: string) => ({
  get: (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${tokens[who]}`),
  post: (path: string, body: object) =>
    request(t.app).post(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
})
const page = (path: string, who: string) => request(t.app).get(path).set('Cookie', sessions[who]!.cookie)
const submit = (action: string, body: string, who: string) =>
  request(t.app).post(action).set('Cookie', sessions[who]!.cookie).type('form').send(body)

const proposal = (overrides: Record<string, unknown> = {}) => ({
  title: 'Lakeside guarantee for refugee tenants',
  summary: 'A municipal rent-deposit guarantee so that landlords rent to recognised refugees.',
  geography: 'Lakeside',
  countries: ['SE'],
  policyFields: ['housing'],
  targetGroups: ['refugees'],
  instruments: ['guarantee'],
  amount: { value: 300_000, currency: 'SEK' },
  amountSource: 'https://www.example.org/lakeside/decision',
  sources: [{ url: 'https://www.example.org/lakeside', label: 'Council decision' }],
  comment: 'I work in the housing department.',
  ...overrides,
})

describe('proposing a case (API)', () => {
  it('any signed-in user proposes; the proposal waits, pending', async () => {
    const res = await api('respondentA').post('/api/v1/proposals', proposal())
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      status: 'pending',
      version: 1,
      proposedBy: { id: users.respondentA.id },
      reason: null,
      investmentId: null,
    })
    expect(res.headers.location).toBe(`/api/v1/proposals/${res.body.id}`)
    expect((await api('reviewer').post('/api/v1/proposals', proposal({ title: 'A reviewer’s case' }))).status).toBe(201)
    expect((await request(t.app).post('/api/v1/proposals').send(proposal())).status).toBe(401)
  })

  it('needs sources, and a source for the amount; curators’ fields are not the proposer’s', async () => {
    const none = await api('respondentA').post('/api/v1/proposals', proposal({ sources: [] }))
    expect(none.status).toBe(400)
    expect(Object.keys(none.body.error.fields)).toContain('sources')
    const unsourced = await api('respondentA').post('/api/v1/proposals', proposal({ amountSource: null }))
    expect(unsourced.status).toBe(400)
    expect(Object.keys(unsourced.body.error.fields)).toEqual(['amountSource'])
    expect((await api('respondentA').post('/api/v1/proposals', proposal({ confidence: 'V' }))).status).toBe(400)
  })

  it('respondents see only their own proposals; curators see them all', async () => {
    const mine = await api('respondentA').get('/api/v1/proposals')
    expect(mine.status).toBe(200)
    expect(mine.body.items.every((p: { proposedBy: { id: string } }) => p.proposedBy.id === users.respondentA.id)).toBe(
      true,
    )
    const id = mine.body.items[0].id as string
    expect((await api('respondentA').get(`/api/v1/proposals/${id}`)).status).toBe(200)
    expect((await api('respondentB').get(`/api/v1/proposals/${id}`)).status).toBe(404)
    expect((await api('reviewer').get(`/api/v1/proposals/${id}`)).status).toBe(404)
    expect((await api('respondentB').get('/api/v1/proposals')).body.items).toEqual([])
    const all = await api('curator').get('/api/v1/proposals?status=pending')
    expect(all.body.total).toBeGreaterThanOrEqual(2)
    expect((await api('curator').get('/api/v1/proposals?status=maybe')).status).toBe(400)
  })

  it('only curators and admins publish or reject', async () => {
    const id = (await api('respondentA').get('/api/v1/proposals')).body.items[0].id as string
    for (const who of ['respondentA', 'respondentB', 'reviewer']) {
      expect((await api(who).post(`/api/v1/proposals/${id}/publish`, { version: 1, record: {} })).status).toBe(403)
      expect((await api(who).post(`/api/v1/proposals/${id}/reject`, { version: 1, reason: 'no' })).status).toBe(403)
    }
  })
})

describe('moderation (API)', () => {
  it('publish: the investment exists at once (origin curated, history from the proposal); publishing twice is a 409', async () => {
    const created = (
      await api('respondentA').post('/api/v1/proposals', proposal({ title: 'Northbay rent guarantee for refugees' }))
    ).body
    const { comment: _comment, ...content } = proposal({ title: 'Northbay rent guarantee for refugees' })
    const since = await t.services.changes.latest()
    const res = await api('curator').post(`/api/v1/proposals/${created.id}/publish`, {
      version: 1,
      record: { ...content, confidence: 'S' },
    })
    expect(res.status).toBe(200)
    expect(res.body.proposal).toMatchObject({
      status: 'published',
      investmentId: 'northbay-rent-guarantee-for-refugees',
      decidedBy: { id: users.curator.id },
    })
    expect(res.body.investment).toMatchObject({
      id: 'northbay-rent-guarantee-for-refugees',
      origin: 'curated',
      version: 1,
    })

    const pub = await request(t.app).get('/api/v1/investments/northbay-rent-guarantee-for-refugees')
    expect(pub.body).toMatchObject({
      origin: 'curated',
      originRef: `proposal:${created.id}`,
      confidence: 'S',
      amountSource: 'https://www.example.org/lakeside/decision',
    })
    expect((await request(t.app).get('/api/v1/investments?q=northbay')).body.total).toBe(1)
    const feed = await request(t.app).get(`/api/v1/changes?since=${since}`)
    expect(feed.body.items).toContainEqual(
      expect.objectContaining({ id: 'northbay-rent-guarantee-for-refugees', op: 'create' }),
    )
    const history = (
      await api('curator').get('/api/v1/curation/investments/northbay-rent-guarantee-for-refugees/history')
    ).body.items
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ op: 'create', proposalId: created.id, by: { id: users.curator.id } })

    const again = await api('curator').post(`/api/v1/proposals/${created.id}/publish`, {
      version: 2,
      record: { ...content, confidence: 'S' },
    })
    expect(again.status).toBe(409)
    expect((await api('respondentA').get(`/api/v1/proposals/${created.id}`)).body).toMatchObject({
      status: 'published',
      investmentUrl: '/investments/northbay-rent-guarantee-for-refugees',
    })
  })

  it('publish with an id that is taken: 409, and the proposal is pending again', async () => {
    const created = (await api('respondentA').post('/api/v1/proposals', proposal({ title: 'Duplicate id case' }))).body
    const { comment: _comment, ...content } = proposal()
    const res = await api('curator').post(`/api/v1/proposals/${created.id}/publish`, {
      version: 1,
      id: 'c01-koto-sib',
      record: { ...content, confidence: 'U' },
    })
    expect(res.status).toBe(409)
    const after = (await api('curator').get(`/api/v1/proposals/${created.id}`)).body
    expect(after).toMatchObject({ status: 'pending', investmentId: null })
    const ok = await api('curator').post(`/api/v1/proposals/${created.id}/publish`, {
      version: after.version,
      record: { ...content, title: 'Duplicate id case', confidence: 'U' },
    })
    expect(ok.status).toBe(200)
  })

  it('reject needs a reason; the proposer reads it; a decided proposal cannot be rejected again', async () => {
    const created = (
      await api('respondentA').post('/api/v1/proposals', proposal({ title: 'A case without a public source' }))
    ).body
    expect((await api('curator').post(`/api/v1/proposals/${created.id}/reject`, { version: 1 })).status).toBe(400)
    const res = await api('curator').post(`/api/v1/proposals/${created.id}/reject`, {
      version: 1,
      reason: 'No public source gives the amount.',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'rejected', reason: 'No public source gives the amount.', version: 2 })
    expect((await api('respondentA').get(`/api/v1/proposals/${created.id}`)).body).toMatchObject({
      status: 'rejected',
      reason: 'No public source gives the amount.',
    })
    expect(
      (await api('curator').post(`/api/v1/proposals/${created.id}/reject`, { version: 2, reason: 'again' })).status,
    ).toBe(409)
    const found = (await request(t.app).get('/api/v1/investments?q=case%20without%20a%20public%20source&pageSize=100'))
      .body.items as { title: string }[]
    expect(found.map((item) => item.title)).not.toContain('A case without a public source')
  })
})

describe('proposals and moderation through the pages', () => {
  it('a respondent proposes through the form and follows the status on the account page; a curator publishes it', async () => {
    const before = await page('/account', 'respondentB')
    expect(before.text).toContain('You have not proposed a case yet.')
    expect(before.text).toContain('<a href="/proposals/new">Propose a case</a>')
    const empty = await page('/proposals/new', 'respondentB')
    expect(empty.status).toBe(200)
    expect(empty.text).not.toContain('name="confidence"')
    const form = readForm(empty.text, '/proposals/new')
    form
      .set('title', 'Eastport microcredit for refugee women')
      .set('summary', 'Microcredit and mentoring for refugee women who start a business in Eastport.')
    const invalid = await submit(form.action, form.encode(), 'respondentB')
    expect(invalid.status).toBe(400)
    expect(invalid.text).toContain('href="#geography"')
    expect(invalid.text).toContain('href="#sources"')
    expect(invalid.text).toContain(
      'Microcredit and mentoring for refugee women who start a business in Eastport.</textarea>',
    )

    const retry = readForm(invalid.text, '/proposals/new')
      .set('geography', 'Eastport')
      .set('policyFields', ['entrepreneurship'])
      .set('targetGroups', ['refugees', 'migrant_women'])
      .set('instruments', ['microfinance'])
      .set('sources', 'https://www.example.org/eastport Eastport news')
      .set('comment', 'Ask the Eastport business centre.')
    const sent = await submit(retry.action, retry.encode(), 'respondentB')
    expect(sent.status).toBe(303)
    const statusUrl = sent.headers.location as string
    expect(statusUrl).toMatch(/^\/proposals\/[0-9a-f-]{36}\?done=sent$/)
    const status = await page(statusUrl, 'respondentB')
    expect(status.text).toContain('Your proposal is waiting for a curator.')
    expect(status.text).toContain('Waiting for a curator')
    expect((await page(statusUrl.split('?')[0]!, 'respondentA')).status).toBe(404)

    const account = await page('/account', 'respondentB')
    expect(account.text).toContain('Cases you proposed')
    expect(account.text).toContain('Eastport microcredit for refugee women')
    expect(account.text).toContain('<strong>Waiting for a curator</strong>')

    const id = statusUrl.split('/')[2]!.split('?')[0]!
    expect((await page(`/curation/proposals/${id}`, 'respondentB')).status).toBe(403)
    const queue = await page('/curation/proposals', 'curator')
    expect(queue.text).toContain(`href="/curation/proposals/${id}"`)
    const review = await page(`/curation/proposals/${id}`, 'curator')
    expect(review.status).toBe(200)
    expect(review.text).toContain('Ask the Eastport business centre.')
    const publish = readForm(review.text, `/curation/proposals/${id}/publish`)
    expect(publish.get('title')).toBe('Eastport microcredit for refugee women')
    expect(publish.get('confidence')).toBe('')
    const noConfidence = await submit(publish.action, publish.encode(), 'curator')
    expect(noConfidence.status).toBe(400)
    expect(noConfidence.text).toContain('href="#confidence"')
    const done = await submit(
      publish.action,
      readForm(noConfidence.text, `/curation/proposals/${id}/publish`)
        .set('confidence', 'S')
        .set('verifiedToday', 'yes')
        .encode(),
      'curator',
    )
    expect(done.status).toBe(303)
    expect(done.headers.location).toBe('/curation/investments/eastport-microcredit-for-refugee-women?done=published')
    expect((await request(t.app).get('/investments?q=eastport')).text).toContain(
      'Eastport microcredit for refugee women',
    )

    const after = await page('/account', 'respondentB')
    expect(after.text).toContain('<strong>Published</strong>')
    expect(after.text).toContain('href="/investments/eastport-microcredit-for-refugee-women"')
  })

  it('a curator rejects through the form (a reason is required); the proposer sees the reason', async () => {
    const created = (await api('respondentB').post('/api/v1/proposals', proposal({ title: 'Westbridge social bond' })))
      .body
    const review = await page(`/curation/proposals/${created.id}`, 'curator')
    const reject = readForm(review.text, `/curation/proposals/${created.id}/reject`)
    const noReason = await submit(reject.action, reject.encode(), 'curator')
    expect(noReason.status).toBe(400)
    expect(noReason.text).toContain('href="#reason"')
    const res = await submit(
      reject.action,
      reject.set('reason', 'It finances roads, not inclusion.').encode(),
      'curator',
    )
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/curation/proposals?done=rejected')
    const account = await page('/account', 'respondentB')
    expect(account.text).toContain('<strong>Rejected</strong><br>Reason: It finances roads, not inclusion.')

    // Another tab still shows the pending proposal: publishing it now says it was already decided.
    const publish = readForm(review.text, `/curation/proposals/${created.id}/publish`).set('confidence', 'U')
    const late = await submit(publish.action, publish.encode(), 'curator')
    expect(late.status).toBe(409)
    expect(late.text).toContain('This proposal was already decided: Rejected.')
  })
})
