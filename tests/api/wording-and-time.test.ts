import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { bearerFor, createUser, sessionFor, type PageSession } from '../helpers/accounts.js'
import { answer, makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

/** Issue 12, defects 9, 10 and 12: what the badges, the times and the counts say. */
let t: TestApp
let reviewer: User
let admin: User
let curator: User
let respondent: User
let responseId: string
beforeAll(async () => {
  t = await createTestApp()
  reviewer = await makeUser(t.services, 'reviewer')
  admin = await makeUser(t.services, 'admin')
  curator = await makeUser(t.services, 'curator')
  respondent = await makeUser(t.services, 'respondent', { name: 'Stadt Leipzig', type: 'city', country: 'DE' })
  responseId = await answer(t.services, respondent, {
    policy_fields: ['housing'],
    target_groups: ['refugees'],
    instruments_interest: ['loan'],
    investment_total: 1_000_000,
  })
  // A curated edit so the curation history and the record page have a time of their own.
  const record = await t.services.curation.records.get('investments', 'c01-koto-sib')
  await t.services.curation.records.update(
    'investments',
    'c01-koto-sib',
    { record: record.record as never, lastVerified: '2026-03-02' },
    record.version,
    { id: curator.id, name: curator.name },
  )
}, 60_000)
afterAll(async () => {
  await t.close()
})

const page = async (user: User | null, url: string) => {
  const session: PageSession | null = user ? await sessionFor(t.services, user) : null
  const req = request(t.app).get(url)
  const res = session ? await req.set('Cookie', session.cookie) : await req
  expect(res.status, url).toBe(200)
  return res.text
}

/** The text a person reads: no tags, attributes (a `datetime` is for machines) or scripts. */
const visible = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\s+/g, ' ')

/** Every clock time on a page must say it is Brussels time; no ISO stamps or bare UTC. */
function unlabelledTimes(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/\b\d{1,2}:\d{2}\b(?!:)/g)) {
    if (!text.slice(match.index, match.index + match[0].length + 16).includes(' Brussels time'))
      found.push(text.slice(Math.max(0, match.index - 30), match.index + 20))
  }
  for (const match of text.matchAll(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\bUTC\b/g))
    found.push(text.slice(Math.max(0, match.index - 30), match.index + 30))
  return found
}

describe('badges say what they mean (defect 9)', () => {
  it('cards and case pages say the source was checked and when the editors last reviewed the record', async () => {
    const list = visible(await page(null, '/investments'))
    expect(list).toContain('Source checked: primary source')
    expect(list).toContain('Last reviewed by the editors: never')
    expect(list).not.toContain('Not yet verified')
    expect(list).not.toMatch(/ Verified /)
    const detail = visible(await page(null, '/investments/c01-koto-sib'))
    expect(detail).toContain('Last reviewed by the editors: 2 March 2026')
    expect(detail).toContain('Source checked')
    expect(detail).not.toContain('Verified 2026-03-02')
  })
})

describe('one time convention: Brussels time, labelled (defect 10)', () => {
  it('no page shows a time that does not say it is Brussels time', async () => {
    const pages: [User | null, string][] = [
      [respondent, `/responses/${responseId}`],
      [respondent, '/account'],
      [reviewer, '/review'],
      [reviewer, `/review/responses/${responseId}`],
      [admin, '/admin/users'],
      [admin, '/admin/audit'],
      [curator, '/curation/investments/c01-koto-sib'],
      [curator, '/curation/investments/c01-koto-sib/history'],
    ]
    const problems: string[] = []
    for (const [user, url] of pages) {
      const text = visible(await page(user, url))
      for (const found of unlabelledTimes(text)) problems.push(`${url}: …${found}…`)
    }
    expect(problems).toEqual([])
    // And the pages do show times, labelled.
    expect(visible(await page(reviewer, `/review/responses/${responseId}`))).toMatch(
      /\d{4} at \d{2}:\d{2} Brussels time/,
    )
    expect(visible(await page(admin, '/admin/audit'))).toMatch(/\d{2}:\d{2} Brussels time/)
  })

  it('the review exports and the respondent download say the zone of their times', async () => {
    const token = await bearerFor(t.services, reviewer)
    const csv = await request(t.app).get('/api/v1/review/export?format=csv').set('Authorization', `Bearer ${token}`)
    const [header, row] = csv.text.replace(/^\uFEFF/, '').split('\r\n')
    const columns = header!.split(',')
    expect(columns.slice(6, 8)).toEqual(['submitted_at', 'submitted_at_brussels'])
    const cells = row!.split(',')
    expect(cells[6]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect(cells[7]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/)
    expect(Date.parse(cells[7]!)).toBe(Math.floor(Date.parse(cells[6]!) / 1000) * 1000)
    const json = await request(t.app).get('/api/v1/review/export?format=json').set('Authorization', `Bearer ${token}`)
    expect(json.body.timeZones).toEqual({
      submittedAt: 'UTC',
      statusChangedAt: 'UTC',
      submittedAtBrussels: 'Europe/Brussels',
    })
    expect(json.body.items[0].submittedAtBrussels).toMatch(/\+0[12]:00$/)
    const session = await sessionFor(t.services, respondent)
    const download = await request(t.app)
      .get(`/responses/${responseId}/download?format=json`)
      .set('Cookie', session.cookie)
    const body = JSON.parse(download.text)
    expect(body.response.timeZones).toMatchObject({ submittedAt: 'UTC', submittedAtBrussels: 'Europe/Brussels' })
    const investments = await request(t.app).get('/api/v1/investments/export?format=json')
    expect(investments.body.timeZones).toEqual({ createdAt: 'UTC', updatedAt: 'UTC' })
    expect(body.response.submittedAtBrussels).toMatch(/\+0[12]:00$/)
  })
})

describe('counts read right for one and for none (defect 12)', () => {
  it('the review dashboard says "1 response" and "1 city"', async () => {
    const text = visible(await page(reviewer, '/review?country=DE&respondentType=city'))
    expect(text).toContain('1 response matches the filters.')
    expect(text).toContain('1 city')
    expect(text).not.toMatch(/\b1 (responses|cities)\b/)
  })

  it('the funds page links to a fund’s cases only when there are some, and says "the case" for one', async () => {
    const text = visible(await page(null, '/funds'))
    expect(text).not.toMatch(/See all [01] cases/)
    expect(text).toContain('See the case')
    expect(text).toMatch(/See all \d{2} cases/)
  })

  it('a conflict with your own other tab says so, not "someone else"', async () => {
    const user = await createUser(t.services, 'respondent', `Ville ${Math.random().toString(36).slice(2, 8)}`)
    const session = await sessionFor(t.services, user)
    const post = (url: string, form: string) =>
      request(t.app)
        .post(url)
        .set('Cookie', session.cookie)
        .type('form')
        .send(`${form}&_csrf=${encodeURIComponent(session.csrf)}`)
    const start = await post('/questionnaires/city/start', '')
    const id = /\/responses\/([^/]+)\/sections\/1$/.exec(start.headers.location!)![1]!
    await post(`/responses/${id}/sections/1`, '_version=1&population=250000&departments=housing')
    const read = Number(
      /name="_version" value="(\d+)"/.exec(
        (await request(t.app).get(`/responses/${id}/sections/1`).set('Cookie', session.cookie)).text,
      )![1],
    )
    // The same person saves in another tab, then saves the older page with another answer.
    expect(
      (await post(`/responses/${id}/sections/1`, `_version=${read}&population=300000&departments=housing`)).status,
    ).toBe(303)
    const res = await post(`/responses/${id}/sections/1`, `_version=${read}&population=260000&departments=housing`)
    expect(res.status).toBe(409)
    expect(res.text).toContain('You changed these answers in another tab or window')
    expect(res.text).toContain('You changed this answer in another tab or window on')
    expect(res.text).toContain('<strong>Your answer in the other tab or window:</strong> 300,000 residents')
    expect(res.text).not.toContain('Someone else changed these answers')
    expect(res.text).not.toContain(`${user.name} changed this answer`)
  })
})
