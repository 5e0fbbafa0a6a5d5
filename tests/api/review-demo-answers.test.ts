import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authSettings } from '../../src/accounts/auth-settings.js'
import { loadDemo } from '../../src/demo/demo-command.js'
import { bearerFor } from '../helpers/accounts.js'
import { makeUser } from '../helpers/review.js'
import { createTestApp, TEST_SERVICE_OPTIONS, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let token: string
const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)

beforeAll(async () => {
  t = await createTestApp()
  await loadDemo(t.services.store, { settings: authSettings(TEST_SERVICE_OPTIONS.auth) })
  token = await bearerFor(t.services, await makeUser(t.services, 'reviewer'))
}, 60_000)
afterAll(async () => {
  await t?.close()
})

describe('the demo data answers DG HOME’s three common questions (issue #18)', () => {
  it('(a) has a city ready for a pilot now: readiness at the high band, consent, financing within two years', async () => {
    const year = new Date().getUTCFullYear()
    const years = [year, year + 1, year + 2].map((y) => `&answer=financing_year:${y}`).join('')
    const res = await api(
      `/api/v1/review/responses?includeDemo=true&respondentType=city&readinessMin=70&answer=consent_pilot_contact:yes${years}`,
    )
    expect(res.status).toBe(200)
    expect(res.body.items.map((i: { organisation: string }) => i.organisation)).toEqual(['Demo city of Northport'])
    // Riverbend consents too, but needs the money in six years.
    const later = await api(
      '/api/v1/review/responses?includeDemo=true&respondentType=city&answer=consent_pilot_contact:yes',
    )
    expect(later.body.items.map((i: { organisation: string }) => i.organisation).sort()).toEqual([
      'Demo city of Northport',
      'Demo city of Riverbend',
    ])
  })

  it('(b) has a Member State that would put money into an EU AMIF facility, with the amount', async () => {
    const query = 'includeDemo=true&respondentType=member_state&answer=facility_options:eu_amif_facility'
    const list = await api(`/api/v1/review/responses?${query}`)
    expect(list.body.items.map((i: { organisation: string }) => i.organisation)).toEqual([
      'Demo ministry of social inclusion',
    ])
    const sizes = (await api(`/api/v1/review/summary?${query}`)).body.summary.sizes as {
      kind: string
      country: string | null
      sumEur: number
    }[]
    expect(sizes.find((s) => s.kind === 'member_state_facility_contribution' && s.country === null)?.sumEur).toBe(
      12_000_000,
    )
  })

  it('(c) has microfinance demand that no intermediary serves (Italy), and some that is served (Spain)', async () => {
    const rows = (await api('/api/v1/review/summary?includeDemo=true&instrument=microfinance')).body.summary
      .gapByInstrument as { policyField: string; country: string; coverage: string; demandOrganisations: string[] }[]
    const uncovered = rows.filter((r) => r.coverage === 'no_intermediary')
    expect(uncovered.map((r) => `${r.policyField} ${r.country}`)).toEqual(['employment IT', 'entrepreneurship IT'])
    expect(uncovered.every((r) => r.demandOrganisations.includes('Demo city of Northport'))).toBe(true)
    expect(rows.find((r) => r.policyField === 'entrepreneurship' && r.country === 'ES')?.coverage).toBe('volume')
  })
})
