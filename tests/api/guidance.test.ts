import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { Guidance } from '../../src/guidance/guidance.js'
import { guidanceThatFits } from '../../src/guidance/guidance-search.js'
import { EXAMPLE_NEEDS_PROFILE } from '../../src/matching/needs-profile.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

/** The guidance library (issue 17 #3): seed, API, pages, links from instrument, fund and match pages. */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('seed/guidance.json', () => {
  const entries = readSeedFiles(SEED_DIR_PATH).guidance
  it('holds at least 40 entries, each valid with a source URL, a confidence and the day it was read', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40)
    for (const entry of entries) {
      expect(Guidance.strict().safeParse(entry).success, entry.id).toBe(true)
      expect(entry.source.url, entry.id).toMatch(/^https?:\/\//)
      expect(['V', 'S', 'U'], entry.id).toContain(entry.source.confidence)
      expect(entry.source.readOn, entry.id).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
  })
})

describe('GET /api/v1/guidance', () => {
  it('lists the library with facets, like the investments list', async () => {
    const res = await request(t.app).get('/api/v1/guidance').expect(200)
    expect(res.body.total).toBe(t.services.catalogue.guidance().length)
    expect(Object.keys(res.body.facets).sort()).toEqual(['fund', 'instrument', 'kind', 'language', 'policyField'])
    expect(res.body.items[0]).toMatchObject({
      url: expect.stringMatching(/^\/guidance\//),
      labels: { kind: expect.any(String) },
    })
  })

  it('filters by instrument (OR inside a facet, AND across facets) and counts disjunctively', async () => {
    const micro = await request(t.app).get('/api/v1/guidance?instrument=microfinance').expect(200)
    expect(micro.body.total).toBeGreaterThan(0)
    for (const item of micro.body.items) expect(item.instruments).toContain('microfinance')
    const both = await request(t.app).get('/api/v1/guidance?instrument=microfinance&instrument=loan').expect(200)
    expect(both.body.total).toBeGreaterThanOrEqual(micro.body.total)
    expect(micro.body.facets.instrument.loan).toBe(
      both.body.total -
        micro.body.total +
        micro.body.items.filter((i: { instruments: string[] }) => i.instruments.includes('loan')).length,
    )
    const narrowed = await request(t.app).get('/api/v1/guidance?instrument=microfinance&kind=webinar').expect(200)
    for (const item of narrowed.body.items)
      expect(item).toMatchObject({ kind: 'webinar', instruments: expect.arrayContaining(['microfinance']) })
  })

  it('finds by words of the title, publisher or summary, with typos forgiven', async () => {
    const res = await request(t.app).get('/api/v1/guidance?q=fi-compass').expect(200)
    expect(res.body.total).toBeGreaterThan(0)
    const typo = await request(t.app).get('/api/v1/guidance?q=microfinanse').expect(200)
    expect(typo.body.total).toBeGreaterThan(0)
  })

  it('rejects bad input with a 400 naming the field', async () => {
    const res = await request(t.app).get('/api/v1/guidance?kind=novel&language=english').expect(400)
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['kind.0', 'language.0'])
    await request(t.app).get('/api/v1/guidance?colour=red').expect(400)
    await request(t.app).get('/api/v1/guidance/no-such-entry').expect(404)
    await request(t.app).get('/api/v1/guidance/NOT_AN_ID').expect(400)
  })

  it('returns one entry with its source', async () => {
    const id = t.services.catalogue.guidance()[0]!.id
    const res = await request(t.app).get(`/api/v1/guidance/${id}`).expect(200)
    expect(res.body).toMatchObject({ id, source: { url: expect.any(String), confidence: expect.any(String) } })
  })
})

describe('/guidance pages', () => {
  it('the library page works without JavaScript: search form, facets, cards, and a link in the site navigation', async () => {
    const res = await request(t.app).get('/guidance?instrument=microfinance').expect(200)
    expect(res.text).toContain('<form class="search-layout" action="/guidance" method="get"')
    expect(res.text).toMatch(
      /<input class="ecl-checkbox__input" type="checkbox" id="instrument-microfinance" name="instrument" value="microfinance" checked>/,
    )
    expect(res.text).toContain('href="/guidance" aria-current="page"')
    const home = await request(t.app).get('/').expect(200)
    expect(home.text).toContain('href="/guidance"')
  })

  it('the detail page shows the publication link, its source and confidence', async () => {
    const entry = t.services.catalogue.guidance()[0]!
    const res = await request(t.app).get(`/guidance/${entry.id}`).expect(200)
    expect(res.text).toContain(`href="${entry.url}"`)
    await request(t.app).get('/guidance/no-such-entry').expect(404)
  })

  it('instrument and fund pages list the guidance that covers them', async () => {
    const entry = guidanceThatFits(t.services.catalogue.guidance(), { instruments: ['microfinance'] })[0]!
    expect(entry.instruments).toContain('microfinance')
    const page = await request(t.app).get('/instruments/microfinance').expect(200)
    expect(page.text).toContain(`href="/guidance/${entry.id}"`)
    const withFund = guidanceThatFits(t.services.catalogue.guidance(), { funds: ['ceb'] })[0]!
    expect(withFund.funds).toContain('ceb')
    const fund = await request(t.app).get('/funds/ceb').expect(200)
    expect(fund.text.replace(/&#x3D;/g, '=')).toContain('/guidance?fund=ceb')
    expect(fund.text).toContain(`href="/guidance/${withFund.id}"`)
  })

  it('the match result page lists guidance for its top instruments and funds', async () => {
    const answers = [
      'respondentType=city&country=DE',
      'policyFields=housing&targetGroups=refugees&spendingType=buildings_equipment',
      'investmentSizeEur=40000000&revenueModel=user_fees&outcomesMeasurable=no',
      'borrowingCapacity=available&financialExpertise=experienced&cofinancingAvailable=yes',
      'partners=national_promotional_bank',
    ].join('&')
    const res = await request(t.app).get(`/match/result?${answers}`).expect(200)
    const section = res.text.slice(res.text.indexOf('<section aria-labelledby="guidance">'))
    const links = [...section.slice(0, section.indexOf('</section>')).matchAll(/href="\/guidance\/([a-z0-9-]+)"/g)].map(
      (m) => m[1],
    )
    expect(links.length).toBeGreaterThan(0)
    // Each one covers an instrument or fund the result ranks as a strong or possible fit.
    const result = t.services.match.match(EXAMPLE_NEEDS_PROFILE)
    const good = new Set(
      [...result.instruments, ...result.funds]
        .filter((o) => o.fit === 'strong' || o.fit === 'possible')
        .map((o) => o.slug as string),
    )
    for (const id of links) {
      const entry = t.services.catalogue.guidanceEntry(id!)!
      expect(
        [...entry.instruments, ...entry.funds].some((slug) => good.has(slug)),
        id,
      ).toBe(true)
    }
  })
})

describe('/data-quality source health, and the "cases outside migration" filter', () => {
  it('/data-quality shows the source-health counts and the records citing only the INDIGO dataset page', async () => {
    const res = await request(t.app).get('/data-quality').expect(200)
    expect(res.text).toContain('id="sources"')
    expect(res.text).toMatch(/Records whose only source is a dataset page<\/dt>\s*<dd[^>]*>\d+<\/dd>/)
    expect(res.text).toContain('href="/investments/c02-duo-for-a-job-brussels"')
  })

  it('includeOther brings imported cases outside migration back, on the API and the page; a bad value is a 400 naming it', async () => {
    const { importIndigo } = await import('../../src/indigo/indigo-import.js')
    const fixture = new URL('../fixtures/indigo', import.meta.url).pathname
    await importIndigo(fixture, t.services.investments, { now: '2026-02-01T10:00:00.000Z' })
    const byDefault = await request(t.app).get('/api/v1/investments?pageSize=1').expect(200)
    const all = await request(t.app).get('/api/v1/investments?pageSize=1&includeOther=true').expect(200)
    expect(all.body.total - byDefault.body.total).toBe(2)
    expect(byDefault.body.facets.relevance.other).toBe(2)
    const bad = await request(t.app).get('/api/v1/investments?includeOther=yes').expect(400)
    expect(Object.keys(bad.body.error.fields)).toEqual(['includeOther'])
    const page = await request(t.app).get('/investments').expect(200)
    expect(page.text).toContain(
      '<input class="ecl-checkbox__input" type="checkbox" id="includeOther" name="includeOther" value="true" aria-describedby="includeOther-hint">',
    )
    expect(page.text).toContain('Include cases outside migration (2 more cases)')
    const included = await request(t.app).get('/investments?includeOther=true').expect(200)
    expect(included.text).toContain('Including cases outside migration')
    const home = await request(t.app).get('/').expect(200)
    // The home figures count the cases about migrants and refugees only.
    expect(home.text).toContain(`${byDefault.body.total} real investments from`)
    expect(home.text).not.toContain(`${all.body.total} real investments from`)
  })
})
