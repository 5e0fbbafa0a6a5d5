import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionFor } from '../helpers/accounts.js'
import { loadScenario, makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let cookie: string

beforeAll(async () => {
  t = await createTestApp()
  await loadScenario(t.services)
  cookie = (await sessionFor(t.services, await makeUser(t.services, 'reviewer'))).cookie
}, 60_000)
afterAll(async () => {
  await t?.close()
})

describe('DG HOME’s common questions are links on the dashboard (issue #18)', () => {
  it('lists three links that set the filters, and each link opens a dashboard (200)', async () => {
    const res = await request(t.app).get('/review').set('Cookie', cookie)
    const html = res.text.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=')
    expect(html).toContain('<h2 id="common-heading">Common questions</h2>')
    const links = [...html.matchAll(/<li><a href="(\/review\?[^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => m[1]!)
    const pilot = links.find((l) => l.includes('readinessMin=70'))!
    expect(pilot).toContain('answer=consent_pilot_contact:yes')
    expect(pilot).toContain(`answer=financing_year:${new Date().getUTCFullYear() + 2}`)
    expect(links.some((l) => l.includes('answer=facility_options:eu_amif_facility'))).toBe(true)
    expect(links.some((l) => l.includes('instrument=microfinance'))).toBe(true)
    for (const link of links.filter((l) => /readinessMin|facility_options|instrument=microfinance/.test(l)))
      expect((await request(t.app).get(link).set('Cookie', cookie)).status, link).toBe(200)
  })
})
