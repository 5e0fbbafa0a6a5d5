import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reviewerOnScenario } from '../helpers/review.js'
import type { TestApp } from '../helpers/test-app.js'

let t: TestApp
let cookie: string
let token: string

beforeAll(async () => {
  ;({ t, cookie, token } = await reviewerOnScenario())
}, 60_000)
afterAll(async () => {
  await t?.close()
})

interface Item {
  id: string
  respondentType: string
  sizeEur: number | null
  readiness: { overall: number } | null
}
const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)
const items = async (query: string): Promise<Item[]> => {
  const res = await api(`/api/v1/review/responses?pageSize=200&${query}`)
  expect(res.status, query).toBe(200)
  return res.body.items as Item[]
}
const ids = (list: Item[]) => list.map((i) => i.id).sort()

describe('numeric range filters on the review (issue #18)', () => {
  it('readinessMin / readinessMax keep the responses whose overall score is in range', async () => {
    const all = await items('')
    const scores = all.flatMap((i) => (i.readiness ? [i.readiness.overall] : [])).sort((a, b) => a - b)
    const middle = scores[Math.floor(scores.length / 2)]!
    const expected = all.filter((i) => i.readiness && i.readiness.overall >= middle)
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(all.length)
    expect(ids(await items(`readinessMin=${middle}`))).toEqual(ids(expected))
    const below = all.filter((i) => i.readiness && i.readiness.overall <= middle)
    expect(ids(await items(`readinessMax=${middle}`))).toEqual(ids(below))
  })

  it('amountMin / amountMax keep the responses with an amount in range (cities: project cost)', async () => {
    const cities = await items('respondentType=city')
    const sizes = cities.flatMap((i) => (i.sizeEur === null ? [] : [i.sizeEur])).sort((a, b) => a - b)
    expect(sizes.length).toBeGreaterThan(1)
    const at = sizes[Math.floor(sizes.length / 2)]!
    expect(ids(await items(`respondentType=city&amountMin=${at}`))).toEqual(
      ids(cities.filter((i) => i.sizeEur !== null && i.sizeEur >= at)),
    )
    expect(ids(await items(`respondentType=city&amountMax=${at}`))).toEqual(
      ids(cities.filter((i) => i.sizeEur !== null && i.sizeEur <= at)),
    )
  })

  it('the summary and the export apply the ranges too', async () => {
    const expected = (await items('readinessMin=50')).length
    const summary = await api('/api/v1/review/summary?readinessMin=50')
    expect(summary.status).toBe(200)
    expect(summary.body.summary.total).toBe(expected)
    const exported = await api('/api/v1/review/export?format=json&readinessMin=50')
    expect(exported.status).toBe(200)
    expect(exported.body.total).toBe(expected)
  })

  it.each([
    ['readinessMin', 'abc'],
    ['readinessMax', '101'],
    ['amountMin', '-5'],
    ['amountMax', 'lots'],
  ])('a bad %s (%s) is a 400 naming the field', async (field, value) => {
    const res = await api(`/api/v1/review/responses?${field}=${value}`)
    expect(res.status).toBe(400)
    expect(Object.keys(res.body.error?.fields ?? res.body.fields ?? {})).toContain(field)
    const summary = await api(`/api/v1/review/summary?${field}=${value}`)
    expect(summary.status).toBe(400)
  })

  it('the dashboard has labelled number boxes, lists a range as an active filter with a remove link', async () => {
    const res = await request(t.app).get('/review?readinessMin=50&amountMax=1000000').set('Cookie', cookie)
    expect(res.status).toBe(200)
    expect(res.text).toMatch(/<label class="ecl-form-label" for="filter-readinessMin">/)
    expect(res.text).toMatch(/type="number"[^>]*id="filter-readinessMin" name="readinessMin" value="50"/)
    expect(res.text).toContain('Readiness score at least (0 to 100): 50')
    // The remove link keeps the other range.
    expect(res.text.replace(/&#x3D;/g, '=')).toMatch(
      /href="\/review\?amountMax=1000000"[^>]*aria-label="Remove the filter Readiness score at least/,
    )
  })

  it('a bad box on the dashboard re-renders the page (400) with a message naming the field', async () => {
    const res = await request(t.app).get('/review?readinessMin=abc&country=IT').set('Cookie', cookie)
    expect(res.status).toBe(400)
    expect(res.text).toContain('error-summary')
    expect(res.text).toMatch(/href="#filter-readinessMin">Readiness score at least \(0 to 100\): /)
    expect(res.text).toMatch(/id="filter-readinessMin-error"/)
    expect(res.text).toMatch(/value="abc"/)
  })
})
