import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { SEED_INVESTMENT_COUNT } from '../helpers/seed.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('GET /api/v1/investments', () => {
  it('lists all the real cases with the contract shape', async () => {
    const res = await request(t.app).get('/api/v1/investments?pageSize=100')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ total: SEED_INVESTMENT_COUNT, page: 1, pageSize: 100 })
    expect(res.body.items).toHaveLength(Math.min(100, SEED_INVESTMENT_COUNT))
    expect(Object.keys(res.body.facets)).toEqual(
      expect.arrayContaining(['policyField', 'instrument', 'fund', 'country', 'targetGroup', 'stage', 'year']),
    )
    for (const item of res.body.items) {
      expect(item.sources.length).toBeGreaterThan(0)
      expect(['V', 'S', 'U']).toContain(item.confidence)
      expect(item).not.toHaveProperty('_id')
    }
  })

  it('forgives a typo in the search words', async () => {
    const exact = await request(t.app).get('/api/v1/investments?q=housing')
    const typo = await request(t.app).get('/api/v1/investments?q=hosuing')
    expect(exact.body.total).toBeGreaterThan(0)
    expect(typo.body.total).toBeGreaterThan(0)
    const exactIds = exact.body.items.map((i: { id: string }) => i.id)
    expect(typo.body.items.map((i: { id: string }) => i.id).some((id: string) => exactIds.includes(id))).toBe(true)
  })

  it('matches word prefixes ("microcred" finds microcredit cases)', async () => {
    const res = await request(t.app).get('/api/v1/investments?q=microcred')
    expect(res.body.total).toBeGreaterThan(0)
    expect(res.body.items.some((i: { instruments: string[] }) => i.instruments.includes('microfinance'))).toBe(true)
  })

  it('treats a repeated parameter as OR and different facets as AND', async () => {
    const housing = (await request(t.app).get('/api/v1/investments?policyField=housing&pageSize=100')).body
    const employment = (await request(t.app).get('/api/v1/investments?policyField=employment&pageSize=100')).body
    const either = (
      await request(t.app).get('/api/v1/investments?policyField=housing&policyField=employment&pageSize=100')
    ).body
    const ids = (b: { items: { id: string }[] }) => new Set(b.items.map((i) => i.id))
    expect(ids(either)).toEqual(new Set([...ids(housing), ...ids(employment)]))

    const both = (await request(t.app).get('/api/v1/investments?policyField=housing&instrument=loan&pageSize=100')).body
    expect(both.total).toBeGreaterThan(0)
    expect(both.total).toBeLessThan(housing.total)
    for (const item of both.items) {
      expect(item.policyFields).toContain('housing')
      expect(item.instruments).toContain('loan')
    }
  })

  it('counts facets disjunctively: a chosen facet still shows the counts of its other values', async () => {
    const all = (await request(t.app).get('/api/v1/investments')).body
    const filtered = (await request(t.app).get('/api/v1/investments?policyField=housing')).body
    expect(filtered.facets.policyField).toEqual(all.facets.policyField)
    expect(filtered.facets.policyField.housing).toBe(filtered.total)
    const instrumentSum = Object.values(filtered.facets.instrument as Record<string, number>).reduce((a, b) => a + b, 0)
    expect(instrumentSum).toBeGreaterThanOrEqual(filtered.total)
  })

  it('pages through results without overlap', async () => {
    const first = (await request(t.app).get('/api/v1/investments?pageSize=10&page=1&sort=year')).body
    const second = (await request(t.app).get('/api/v1/investments?pageSize=10&page=2&sort=year')).body
    expect(first.items).toHaveLength(10)
    expect(second.items).toHaveLength(10)
    const overlap = first.items.filter((a: { id: string }) => second.items.some((b: { id: string }) => b.id === a.id))
    expect(overlap).toHaveLength(0)
    const years = [...first.items, ...second.items].map((i: { yearStart: number | null }) => i.yearStart ?? -1)
    expect(years).toEqual([...years].sort((a, b) => b - a))
  })

  it('sorts by amount with euro amounts first, largest first', async () => {
    const res = (await request(t.app).get('/api/v1/investments?sort=amount&pageSize=100')).body
    const eur = res.items.filter((i: { amount: { currency: string } | null }) => i.amount?.currency === 'EUR')
    const values = eur.map((i: { amount: { value: number } }) => i.amount.value)
    expect(values).toEqual([...values].sort((a, b) => b - a))
    expect(res.items[0].amount.currency).toBe('EUR')
  })

  it('filters by year overlap and euro amount range', async () => {
    const res = (
      await request(t.app).get('/api/v1/investments?yearFrom=2022&yearTo=2022&minAmountEur=1000000&pageSize=100')
    ).body
    expect(res.total).toBeGreaterThan(0)
    for (const item of res.items) {
      expect(item.amount.currency).toBe('EUR')
      expect(item.amount.value).toBeGreaterThanOrEqual(1_000_000)
      expect(item.yearStart).toBeLessThanOrEqual(2022)
      expect(item.yearEnd ?? item.yearStart).toBeGreaterThanOrEqual(2022)
    }
  })

  it('treats empty form fields as not set (a submitted filter form)', async () => {
    const res = await request(t.app).get(
      '/api/v1/investments?q=&yearFrom=&yearTo=&minAmountEur=&maxAmountEur=&sort=relevance&pageSize=20',
    )
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(SEED_INVESTMENT_COUNT)
  })

  it('suggests a correction when nothing matches', async () => {
    const res = (await request(t.app).get('/api/v1/investments?q=entrprenoorship')).body
    expect(res.total).toBe(0)
    expect(res.suggestion).toBe('entrepreneurship')
    const followed = (await request(t.app).get(`/api/v1/investments?q=${res.suggestion}`)).body
    expect(followed.total).toBeGreaterThan(0)
  })

  it.each([
    ['policyField=housng', 'policyField.0'],
    ['country=Germany', 'country.0'],
    ['sort=cheapest', 'sort'],
    ['page=0', 'page'],
    ['pageSize=1000', 'pageSize'],
    ['yearFrom=2020&yearTo=2010', 'yearTo'],
    ['minAmountEur=-5', 'minAmountEur'],
    ['colour=blue', 'colour'],
  ])('rejects %s with 400 and a message for %s', async (qs, field) => {
    const res = await request(t.app).get(`/api/v1/investments?${qs}`)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(Object.keys(res.body.error.fields)).toContain(field)
  })

  it("says what is wrong in plain words, not in the validator's terms", async () => {
    const res = await request(t.app).get(
      '/api/v1/investments?policyField=housng&sort=cheapest&page=0&pageSize=1000&colour=blue',
    )
    expect(res.body.error.fields).toEqual({
      'policyField.0': [
        'Choose one of: employment, education, housing, health_social_care, entrepreneurship, reception, community.',
      ],
      sort: ['Choose one of: relevance, year, amount.'],
      page: ['Enter a number of 1 or more.'],
      pageSize: ['Enter a number of 100 or less.'],
      colour: [expect.stringContaining('colour')],
    })
    const page = await request(t.app).get('/investments?sort=cheapest')
    expect(page.status).toBe(400)
    expect(page.text).toContain('Choose one of: relevance, year, amount.')
    expect(page.text).not.toContain('Invalid option')
  })

  it('rejects operator injection in the query string with 400', async () => {
    for (const qs of ['q[$ne]=x', 'policyField[$ne]=housing', '$where=1']) {
      const res = await request(t.app).get(`/api/v1/investments?${qs}`)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_failed')
    }
  })
})

describe('GET /api/v1/investments/:id', () => {
  it('returns a case with its sources and related cases', async () => {
    const res = await request(t.app).get('/api/v1/investments/c01-koto-sib')
    expect(res.status).toBe(200)
    expect(res.body.title).toMatch(/Koto-SIB/)
    expect(res.body.amount).toEqual({ value: 14300000, currency: 'EUR' })
    expect(res.body.sources.map((s: { url: string }) => s.url)).toContain('https://tem.fi/en/integration-sib-project')
    expect(res.body.related.length).toBeGreaterThan(0)
  })

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await request(t.app).get('/api/v1/investments/c99-nothing')).status).toBe(404)
    const bad = await request(t.app).get('/api/v1/investments/BAD%20ID')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_failed')
  })
})

describe('GET /api/v1/investments/export', () => {
  it('exports the filtered result set as CSV, one row per case', async () => {
    const filtered = (await request(t.app).get('/api/v1/investments?instrument=social-outcomes-contract')).body
    const res = await request(t.app).get('/api/v1/investments/export?format=csv&instrument=social-outcomes-contract')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/csv/)
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="investments.csv"/)
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toMatch(/^id,title,countries/)
    expect(lines).toHaveLength(filtered.total + 1)
  })

  it('exports the same set as JSON', async () => {
    const res = await request(t.app).get('/api/v1/investments/export?format=json&country=DE')
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(res.body.items.length)
    for (const item of res.body.items) expect(item.countries).toContain('DE')
  })

  it('rejects an unknown format', async () => {
    expect((await request(t.app).get('/api/v1/investments/export?format=xml')).status).toBe(400)
  })
})
