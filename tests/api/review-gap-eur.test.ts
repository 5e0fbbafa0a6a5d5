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

interface Cell {
  policyField: string
  country: string
  demand: { sizeByKind: Record<string, { sumEur: number; answered: number }> }
  supply: { intermediaries: number; committableEur: number; committableAnswered: number }
  euros: {
    wantedEur: number
    committableEur: number
    differenceEur: number
    coverage: string
  }
}
const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)

describe('the gap in euros per country × policy field (issue #18)', () => {
  it('wanted (city cost + provider need) minus committable, with coverage, in the summary', async () => {
    const res = await api('/api/v1/review/summary')
    expect(res.status).toBe(200)
    const cells = res.body.summary.demandSupply as Cell[]
    expect(cells.length).toBeGreaterThan(0)
    for (const c of cells) {
      const wanted =
        (c.demand.sizeByKind.city_project_cost?.sumEur ?? 0) + (c.demand.sizeByKind.service_provider_need?.sumEur ?? 0)
      expect(c.euros.wantedEur, `${c.policyField} ${c.country}`).toBe(wanted)
      expect(c.euros.committableEur).toBe(c.supply.committableEur)
      expect(c.euros.differenceEur).toBe(wanted - c.supply.committableEur)
      expect(c.euros.coverage).toBe(
        c.supply.intermediaries === 0 ? 'no_intermediary' : c.supply.committableAnswered === 0 ? 'no_volume' : 'volume',
      )
    }
    expect(cells.some((c) => c.euros.coverage === 'no_intermediary' && c.euros.wantedEur > 0)).toBe(true)
  })

  it('is in the JSON export under the same filters, and the dashboard says it in words', async () => {
    const summary = (await api('/api/v1/review/summary?country=IT')).body.summary.demandSupply as Cell[]
    const exported = await api('/api/v1/review/export?format=json&country=IT')
    expect(exported.status).toBe(200)
    expect(exported.body.gapEur).toEqual(
      summary.map(({ policyField, country, euros }) => ({
        policyField,
        country,
        ...euros,
        wantedAnswered: expect.any(Number),
        committableAnswered: expect.any(Number),
      })),
    )
    const page = await request(t.app).get('/review').set('Cookie', cookie)
    expect(page.text).toMatch(/In euros: [^<]*\d[^<]* wanted/)
    expect(page.text).toContain('no intermediary serves this country')
    expect(page.text).toContain('rows are not additive')
    const bad = await api('/api/v1/review/export?format=json&amountMin=many')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('amountMin')
  })
})
