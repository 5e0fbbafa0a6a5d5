import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReviewExportJson } from '../../src/review/review-schemas.js'
import { answer, makeUser, reviewerOnScenario } from '../helpers/review.js'
import type { TestApp } from '../helpers/test-app.js'

let t: TestApp
let cookie: string
let token: string

beforeAll(async () => {
  ;({ t, cookie, token } = await reviewerOnScenario())
  // A city whose name a spreadsheet would run as a formula (the CSV must neutralise it).
  const city = await makeUser(t.services, 'respondent', { name: '=HYPERLINK("x")', type: 'city', country: 'PT' })
  await answer(t.services, city, {
    policy_fields: ['housing'],
    instruments_interest: ['not_sure'],
    investment_total: 700_000,
  })
}, 60_000)
afterAll(async () => {
  await t?.close()
})

interface Row {
  policyField: string
  country: string
  instrument: string
  demandResponses: number
  demandOrganisations: string[]
  wantedByKind: Record<string, { sumEur: number; answered: number }>
  wantedEur: number
  intermediaries: number
  supplyOrganisations: string[]
  committableEur: number
  committableAnswered: number
  differenceEur: number
  coverage: string
}
const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)
const rowsOf = async (query = ''): Promise<Row[]> =>
  (await api(`/api/v1/review/summary${query}`)).body.summary.gapByInstrument as Row[]
const find = (rows: Row[], f: string, c: string, i: string) =>
  rows.find((r) => r.policyField === f && r.country === c && r.instrument === i)

describe('the gap in euros per country × policy field × instrument (issue #18)', () => {
  it('sets each instrument wanted against the intermediaries offering it in that country and field', async () => {
    const rows = await rowsOf()
    // Torino 3 M, Bologna 1.5 M, Palermo 0.8 M, Bari 0.5 M (not the drafts, not the demo city); Lai-momo's need.
    const micro = find(rows, 'entrepreneurship', 'IT', 'microfinance')!
    expect(micro.wantedByKind.city_project_cost).toEqual({ sumEur: 5_800_000, answered: 4 })
    expect(micro.wantedByKind.service_provider_need).toEqual({ sumEur: 250_000, answered: 1 })
    expect(micro.supplyOrganisations).toEqual(['Banca Etica', 'PerMicro'])
    expect(micro.committableEur).toBe(10_000_000)
    expect(micro.differenceEur).toBe(6_050_000 - 10_000_000)
    expect(micro.coverage).toBe('volume')
    expect(micro.demandOrganisations).toContain('Comune di Torino')
    expect(micro.demandOrganisations).not.toContain('Comune di Firenze')
    // The same cell has intermediaries, but none offers guarantees there: Palermo's guarantee is not covered.
    const guarantee = find(rows, 'entrepreneurship', 'IT', 'guarantee')!
    expect(guarantee.wantedByKind.city_project_cost).toEqual({ sumEur: 800_000, answered: 1 })
    expect(guarantee.coverage).toBe('no_intermediary')
    expect(guarantee.differenceEur).toBe(800_000)
    // A loan row: Torino's cost, Banca Etica's volume (a volume shows under each product offered).
    const loan = find(rows, 'entrepreneurship', 'IT', 'loan')!
    expect(loan.supplyOrganisations).toEqual(['Banca Etica'])
    expect(loan.committableEur).toBe(5_000_000)
  })

  it('shows demand that names no instrument as "not stated", against every intermediary of the cell', async () => {
    const rows = await rowsOf()
    const row = find(rows, 'housing', 'PT', 'not_stated')!
    expect(row.wantedByKind.city_project_cost).toEqual({ sumEur: 700_000, answered: 1 })
    expect(row.coverage).toBe('no_intermediary')
    // No "not stated" row where all demand named an instrument.
    expect(find(rows, 'entrepreneurship', 'DE', 'not_stated')).toBeUndefined()
  })

  it('coverage=no_intermediary with instrument=microfinance gives exactly the uncovered microfinance cells', async () => {
    const rows = await rowsOf('?instrument=microfinance&coverage=no_intermediary')
    expect(rows.map((r) => `${r.policyField} ${r.country} ${r.instrument} ${r.coverage}`)).toEqual([
      'entrepreneurship DE microfinance no_intermediary',
      'reception IT microfinance no_intermediary',
    ])
    const bad = await api('/api/v1/review/summary?coverage=nobody')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('coverage')
  })

  it('is a table on the dashboard, the coverage filter under Filters in use with a remove link', async () => {
    const page = await request(t.app)
      .get('/review?instrument=microfinance&coverage=no_intermediary')
      .set('Cookie', cookie)
    expect(page.status).toBe(200)
    const html = page.text.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=')
    const section = html.slice(html.indexOf('id="gap-instrument"'), html.indexOf('id="sizes"'))
    expect(section).toContain(
      '<caption class="ecl-table__caption">Euros wanted against euros intermediaries could commit',
    )
    expect(section).toContain('<th scope="col" class="ecl-table__header table__number">Wanted in total</th>')
    expect(section.match(/<tr class="ecl-table__row review-gap">/g)).toHaveLength(2)
    expect(section).toMatch(/<td class="ecl-table__cell table__number">EUR\s1,000,000<\/td>/)
    expect(section).toContain('No intermediary offering this instrument serves this country')
    expect(html).toContain('Coverage in the gap table: no intermediary <a href="/review?instrument=microfinance"')
    expect((await request(t.app).get('/review?coverage=nobody').set('Cookie', cookie)).status).toBe(400)
  })

  it('is in the JSON export and is a CSV of its own (header row, plain euros, no formula)', async () => {
    const summary = await rowsOf('?country=IT')
    const json = await api('/api/v1/review/export?format=json&country=IT')
    expect(json.body.gapByInstrument).toEqual(summary)
    const csv = await api('/api/v1/review/export?format=csv&table=gap')
    expect(csv.status).toBe(200)
    expect(csv.headers['content-disposition']).toContain('review-gap.csv')
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe(
      'policy_field,policy_field_label,country,instrument,instrument_label,demand_responses,demand_organisations,' +
        'wanted_city_project_cost_eur,wanted_city_project_cost_answered,wanted_service_provider_need_eur,' +
        'wanted_service_provider_need_answered,wanted_eur,wanted_answered,intermediaries,supply_organisations,' +
        'committable_eur,committable_answered,difference_eur,coverage',
    )
    const micro = lines.find((l) => l.startsWith('entrepreneurship,Entrepreneurship,IT,microfinance,'))!
    expect(micro).toContain(',5800000,4,250000,1,6050000,5,2,"Banca Etica; PerMicro",10000000,2,-3950000,volume')
    const formula = lines.find((l) => l.includes('HYPERLINK'))!
    expect(formula).toContain(`"'=HYPERLINK(""x"")"`)
    expect(lines).toHaveLength(1 + (await rowsOf()).length)
    const bad = await api('/api/v1/review/export?format=csv&table=everything')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('table')
  })
})

describe('a filter that leaves out the intermediaries leaves no supply to compare with (issue #18)', () => {
  it('the dashboard says so instead of flagging every cell "no intermediary"; the CSV refuses, naming the field', async () => {
    const page = await request(t.app).get('/review?respondentType=member_state').set('Cookie', cookie)
    expect(page.status).toBe(200)
    expect(page.text).toContain('leaves out financial intermediaries, so there is no supply to compare with')
    expect(page.text).not.toContain('review-gap__flag')
    const csv = await api('/api/v1/review/export?format=csv&table=gap&respondentType=member_state')
    expect(csv.status).toBe(400)
    expect(csv.body.error.fields.respondentType[0]).toContain('leaves out financial intermediaries')
    const json = await api('/api/v1/review/export?format=json&respondentType=member_state')
    expect(json.body.supplyLeftOut).toBe(true)
    // The published response schema allows no extra properties: the field must be in it (schemathesis ST108).
    expect(ReviewExportJson.strict().safeParse(json.body).success).toBe(true)
    expect(
      (await api('/api/v1/review/export?format=json&respondentType=city&respondentType=financial_intermediary')).body
        .supplyLeftOut,
    ).toBe(false)
    expect(
      (
        await api(
          '/api/v1/review/export?format=csv&table=gap&respondentType=city&respondentType=financial_intermediary',
        )
      ).status,
    ).toBe(200)
  })
})
