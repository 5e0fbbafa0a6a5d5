import fc from 'fast-check'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { withLocale } from '../../src/i18n/i18n.js'
import { ReviewFilters } from '../../src/review/review-query.js'
import { bearerFor, sessionFor } from '../helpers/accounts.js'
import { loadScenario, makeUser, type ScenarioResponse } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
let scenario: ScenarioResponse[]
let reviewer: User
let token: string
const byName = (name: string) => scenario.find((s) => s.name === name)!

beforeAll(async () => {
  t = await createTestApp()
  scenario = await loadScenario(t.services)
  reviewer = await makeUser(t.services, 'reviewer')
  token = await bearerFor(t.services, reviewer)
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)

describe('done when: "which Italian cities want microfinance for migrant entrepreneurs, and which intermediaries in Italy could serve them?"', () => {
  // Changed (issue #18): shared drafts are listed and counted only when asked for.
  const query =
    'respondentType=city&respondentType=financial_intermediary&country=IT&instrument=microfinance&targetGroup=migrant_entrepreneurs&includeDrafts=true'

  it('the filtered list answers it, and the export is exactly that list', async () => {
    const res = await api(`/api/v1/review/responses?${query}`)
    expect(res.status).toBe(200)
    const names = (res.body.items as { organisation: string; respondentType: string }[])
      .map((i) => `${i.respondentType}:${i.organisation}`)
      .sort()
    // Firenze is a draft its authors shared; Napoli's draft is not shared; the demo city is left out.
    expect(names).toEqual([
      'city:Comune di Bologna',
      'city:Comune di Firenze',
      'city:Comune di Palermo',
      'city:Comune di Torino',
      'financial_intermediary:Banca Etica',
      'financial_intermediary:PerMicro',
    ])

    const csv = await api(`/api/v1/review/export?format=csv&${query}`)
    expect(csv.status).toBe(200)
    expect(csv.type).toBe('text/csv')
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines).toHaveLength(7)
    const header = lines[0]!.split(',')
    expect(header.slice(0, 7)).toEqual([
      'id',
      'organisation',
      'respondent_type',
      'country',
      'status',
      'questionnaire_version',
      'submitted_at',
    ])
    expect(header).toContain('instruments_interest')
    expect(header).toContain('instruments_interest_label')
    expect(header).toContain('products')
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual([
      'Banca Etica',
      'Comune di Bologna',
      'Comune di Firenze',
      'Comune di Palermo',
      'Comune di Torino',
      'PerMicro',
    ])
    const torino = lines.find((l) => l.includes('Comune di Torino'))!
    expect(torino).toContain('microfinance;loan')
    expect(torino).toContain('Microfinance; Loan')

    const json = await api(`/api/v1/review/export?format=json&${query}`)
    expect(json.body.total).toBe(6)
    const etica = json.body.items.find((i: { organisation: string }) => i.organisation === 'Banca Etica')
    expect(etica.answers.products).toEqual({ value: ['microfinance', 'loan'], label: 'Microfinance; Loan' })
  })

  it('the dashboard page shows the same list and links an export with the same filters', async () => {
    const session = await sessionFor(t.services, reviewer)
    const res = await request(t.app).get(`/review?${query}`).set('Cookie', session.cookie)
    expect(res.status).toBe(200)
    for (const name of ['Comune di Torino', 'Comune di Bologna', 'Comune di Palermo', 'Banca Etica', 'PerMicro'])
      expect(res.text).toContain(name)
    expect(res.text).not.toContain('Comune di Milano')
    expect(res.text).toContain('6 responses match the filters.')
    const html = res.text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&')
    const href = /href="(\/api\/v1\/review\/export\?[^"]*format=csv[^"]*)"/.exec(html)![1]!
    const params = [...new URLSearchParams(href.split('?')[1]).entries()].map(([k, v]) => `${k}=${v}`).sort()
    expect(params).toEqual([...query.split('&'), 'format=csv'].sort())
    expect(res.text).toMatch(/<svg class="review-chart__svg" role="img"/)
    expect(res.text).toContain('<title id="chart-type-title">Responses by respondent type</title>')
    // Issue #18: euro figures by kind, each response once, and the opt-in for drafts.
    expect(res.text).toContain('Euro figures by kind')
    expect(res.text).toContain('City project cost')
    expect(res.text).toMatch(/id="filter-includeDrafts" name="includeDrafts" value="true" checked/)
  })

  it('the demand/supply view pairs the Italian demand for entrepreneurship with the Italian intermediaries, and flags gaps', async () => {
    const res = await api('/api/v1/review/summary')
    const cells = res.body.summary.demandSupply as {
      policyField: string
      country: string
      gap: boolean
      demand: { organisations: string[] }
      supply: { organisations: string[] }
    }[]
    const it = cells.find((c) => c.policyField === 'entrepreneurship' && c.country === 'IT')!
    // Firenze's shared draft counts only with includeDrafts=true.
    expect(it.demand.organisations).toEqual([
      'Comune di Bari',
      'Comune di Bologna',
      'Comune di Palermo',
      'Comune di Torino',
      'Ministero del Lavoro',
    ])
    const withDrafts = (await api('/api/v1/review/summary?includeDrafts=true')).body.summary
      .demandSupply as typeof cells
    expect(
      withDrafts.find((c) => c.policyField === 'entrepreneurship' && c.country === 'IT')!.demand.organisations,
    ).toContain('Comune di Firenze')
    expect(it.supply.organisations).toEqual(['Banca Etica', 'PerMicro'])
    expect(it.gap).toBe(false)
    // Leipzig wants entrepreneurship finance; no German intermediary has that appetite.
    expect(cells.find((c) => c.policyField === 'entrepreneurship' && c.country === 'DE')!.gap).toBe(true)
  })
})

describe('GET /api/v1/review/summary', () => {
  it('counts every type, leaves out demo data and unshared drafts, and says what each figure is based on', async () => {
    const res = await api('/api/v1/review/summary')
    expect(res.status).toBe(200)
    const s = res.body.summary
    // 32 made: minus the demo response, the unshared draft and (changed, issue #18) the shared draft unless asked for.
    expect(s.total).toBe(29)
    expect(Object.fromEntries(s.byType.map((c: { value: string; count: number }) => [c.value, c.count]))).toEqual({
      city: 11,
      member_state: 4,
      financial_intermediary: 7,
      service_provider: 7,
    })
    expect(s.byStatus.find((c: { value: string }) => c.value === 'draft')).toBeUndefined()
    expect(s.themes.policyFieldsDemand.of).toBe(15)
    const withDrafts = (await api('/api/v1/review/summary?includeDrafts=true')).body.summary
    expect(withDrafts.total).toBe(30)
    expect(withDrafts.byStatus.find((c: { value: string }) => c.value === 'draft').count).toBe(1)
    const withDemo = await api('/api/v1/review/summary?includeDemo=true&includeDrafts=true')
    expect(withDemo.body.summary.total).toBe(31)
  })

  it('rejects unknown filters and bad values with a 400 naming them', async () => {
    const res = await api('/api/v1/review/summary?colour=red&country=Italy')
    expect(res.status).toBe(400)
    expect(Object.keys(res.body.error.fields)).toEqual(expect.arrayContaining(['country.0', 'colour']))
    expect((await api('/api/v1/review/summary?answer=nocolon')).status).toBe(400)
  })
})

describe('the review workflow', () => {
  it('moves a response new → in review → follow-up → closed with notes and history; in review locks it for its authors', async () => {
    const lyon = byName('Ville de Lyon')
    const patch = (body: object) =>
      request(t.app).patch(`/api/v1/review/responses/${lyon.id}`).set('Authorization', `Bearer ${token}`).send(body)

    const first = await patch({ status: 'in_review', note: 'Asked for the guarantee details.' })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      status: 'in_review',
      reviewLog: [{ from: 'new', to: 'in_review', note: 'Asked for the guarantee details.', userName: reviewer.name }],
    })

    // The authors are locked out, and told why.
    const authorToken = await bearerFor(t.services, lyon.user)
    const current = await request(t.app)
      .get(`/api/v1/responses/${lyon.id}`)
      .set('Authorization', `Bearer ${authorToken}`)
    const save = await request(t.app)
      .patch(`/api/v1/responses/${lyon.id}`)
      .set('Authorization', `Bearer ${authorToken}`)
      .send({ version: current.body.version, answers: { population: 1 } })
    expect(save.status).toBe(409)
    expect(save.body.error.code).toBe('response_locked')
    const authorSession = await sessionFor(t.services, lyon.user)
    const page = await request(t.app).get(`/responses/${lyon.id}`).set('Cookie', authorSession.cookie)
    expect(page.text).toMatch(/review/i)

    // A move the workflow does not allow, a stale version, a note alone.
    expect((await patch({ status: 'new', version: 1 })).status).toBe(409)
    const skip = await patch({ status: 'in_review' })
    expect(skip.status).toBe(400)
    expect((await patch({ note: 'Called the city.' })).body.status).toBe('in_review')
    expect((await patch({ status: 'follow_up' })).status).toBe(200)
    const closed = await patch({ status: 'closed', note: 'Done.' })
    expect(closed.body.status).toBe('closed')
    expect(closed.body.reviewLog.map((e: { from: string; to: string }) => `${e.from}>${e.to}`)).toEqual([
      'new>in_review',
      'in_review>in_review',
      'in_review>follow_up',
      'follow_up>closed',
    ])
    const list = await api('/api/v1/review/responses?status=closed')
    expect(list.body.items.map((i: { organisation: string }) => i.organisation)).toContain('Ville de Lyon')
    const summary = await api('/api/v1/review/summary?status=closed&country=FR')
    expect(summary.body.summary.total).toBe(1)
  })

  it('moving back to new unlocks the response for its authors', async () => {
    const koln = byName('Stadt Köln')
    const patch = (body: object) =>
      request(t.app).patch(`/api/v1/review/responses/${koln.id}`).set('Authorization', `Bearer ${token}`).send(body)
    await patch({ status: 'in_review' })
    expect((await patch({ status: 'new', note: 'Reopened for the city.' })).body.status).toBe('new')
    const authorToken = await bearerFor(t.services, koln.user)
    const current = await request(t.app)
      .get(`/api/v1/responses/${koln.id}`)
      .set('Authorization', `Bearer ${authorToken}`)
    const save = await request(t.app)
      .patch(`/api/v1/responses/${koln.id}`)
      .set('Authorization', `Bearer ${authorToken}`)
      .send({ version: current.body.version, answers: { population: 1_100_000 } })
    expect(save.status).toBe(200)
  })

  it('a shared draft is visible but cannot be moved; an unshared draft is not found', async () => {
    const firenze = byName('Comune di Firenze')
    const napoli = byName('Comune di Napoli')
    const patch = (id: string) =>
      request(t.app)
        .patch(`/api/v1/review/responses/${id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ status: 'in_review' })
    expect((await patch(firenze.id)).status).toBe(409)
    expect((await patch(napoli.id)).status).toBe(404)
    const session = await sessionFor(t.services, reviewer)
    expect((await request(t.app).get(`/review/responses/${firenze.id}`).set('Cookie', session.cookie)).status).toBe(200)
    expect((await request(t.app).get(`/review/responses/${napoli.id}`).set('Cookie', session.cookie)).status).toBe(404)
  })

  it('the page form changes the status with a note (CSRF token included) and shows the history', async () => {
    const utrecht = byName('Gemeente Utrecht')
    const session = await sessionFor(t.services, reviewer)
    const form = await request(t.app).get(`/review/responses/${utrecht.id}`).set('Cookie', session.cookie)
    expect(form.text).toContain('name="_csrf"')
    const version = /name="version" value="(\d+)"/.exec(form.text)![1]!
    const post = await request(t.app)
      .post(`/review/responses/${utrecht.id}`)
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf, status: 'in_review', note: 'Equity for education: check with the EIB.', version })
    expect(post.status).toBe(303)
    const after = await request(t.app).get(post.headers.location!).set('Cookie', session.cookie)
    expect(after.text).toContain('Equity for education: check with the EIB.')
    expect(after.text).toMatch(/moved it from New to In review/)
    const bad = await request(t.app)
      .post(`/review/responses/${utrecht.id}`)
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf, status: 'new', version: '1' })
    expect(bad.status).toBe(409)
    expect(bad.text).toContain('error-summary')
  })
})

describe('who may review', () => {
  it('respondents and anonymous users reach no review route', async () => {
    const respondent = scenario[0]!.user
    const respondentToken = await bearerFor(t.services, respondent)
    const session = await sessionFor(t.services, respondent)
    const id = scenario[0]!.id
    for (const path of ['/api/v1/review/summary', '/api/v1/review/responses', '/api/v1/review/export?format=json']) {
      expect((await request(t.app).get(path)).status).toBe(401)
      expect((await request(t.app).get(path).set('Authorization', `Bearer ${respondentToken}`)).status).toBe(403)
    }
    expect((await request(t.app).patch(`/api/v1/review/responses/${id}`).send({ status: 'closed' })).status).toBe(401)
    expect(
      (
        await request(t.app)
          .patch(`/api/v1/review/responses/${id}`)
          .set('Authorization', `Bearer ${respondentToken}`)
          .send({ status: 'closed' })
      ).status,
    ).toBe(403)
    for (const path of ['/review', `/review/responses/${id}`]) {
      expect((await request(t.app).get(path)).status).toBe(303)
      expect((await request(t.app).get(path).set('Cookie', session.cookie)).status).toBe(403)
    }
  })
})

describe('bad input never yields a 5xx', () => {
  it(
    'any query string on the review routes, any body on the PATCH',
    async () => {
      const key = fc.constantFrom(
        'respondentType',
        'country',
        'status',
        'definitionVersion',
        'policyField',
        'targetGroup',
        'instrument',
        'answer',
        'includeDemo',
        'page',
        'pageSize',
        'format',
        'x',
      )
      const value = fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom('IT', 'city', 'new', 'microfinance', 'policy_fields:housing', 'true', '0', '-1', '1e9'),
      )
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(key, value), { maxLength: 6 }),
          fc.constantFrom('summary', 'responses', 'export'),
          async (pairs, route) => {
            const qs = new URLSearchParams(pairs).toString()
            const res = await api(`/api/v1/review/${route}?${qs}`)
            expect(res.status === 200 || res.status === 400, `${route}?${qs} → ${res.status}`).toBe(true)
          },
        ),
        { numRuns: 40 },
      )
      const id = byName('Gemeente Utrecht').id
      await fc.assert(
        fc.asyncProperty(fc.anything(), async (body) => {
          const res = await request(t.app)
            .patch(`/api/v1/review/responses/${id}`)
            .set('Authorization', `Bearer ${token}`)
            .send({ body } as object)
          expect(res.status).toBeLessThan(500)
        }),
        { numRuns: 25 },
      )
    },
    bound(60_000),
  )
})

describe("the summary in the reviewer's language", () => {
  it('gives each language its own labels, also when another language asked first (the kept summary is per language)', async () => {
    const labelOfGermany = (summary: unknown) => JSON.stringify(summary).match(/"value":"DE","label":"([^"]+)"/)?.[1]
    const german = await withLocale('de', () => t.services.review.summary(ReviewFilters.parse({})))
    const english = await withLocale('en', () => t.services.review.summary(ReviewFilters.parse({})))
    expect(labelOfGermany(german)).toBe('Deutschland')
    expect(labelOfGermany(english)).toBe('Germany')
  })
})
