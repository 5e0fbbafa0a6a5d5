import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionFor } from '../helpers/accounts.js'
import { loadScenario, makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { applyQuestionnaireSeed } from '../../src/questionnaires/questionnaire-seed.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'

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
    const links = [...html.matchAll(/<li><a(?: class="[^"]*")? href="(\/review\?[^"]+)">([^<]+)<\/a><\/li>/g)].map(
      (m) => m[1]!,
    )
    const pilot = links.find((l) => l.includes('readinessMin=70'))!
    expect(pilot).toContain('answer=consent_pilot_contact:yes')
    expect(pilot).toContain(`answer=financing_year:${new Date().getUTCFullYear() + 2}`)
    expect(links.some((l) => l.includes('answer=facility_options:eu_amif_facility'))).toBe(true)
    expect(links.some((l) => l.includes('instrument=microfinance'))).toBe(true)
    for (const link of links.filter((l) => /readinessMin|facility_options|instrument=microfinance/.test(l)))
      expect((await request(t.app).get(link).set('Cookie', cookie)).status, link).toBe(200)
  })
})

const decoded = (html: string) => html.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=')
const commonLinks = (html: string) =>
  [...decoded(html).matchAll(/<li><a(?: class="[^"]*")? href="(\/review\?[^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => ({
    url: m[1]!,
    text: m[2]!,
  }))

describe('the microfinance question lands on exactly the uncovered cells (issue #18)', () => {
  it('links to the gap table filtered to microfinance rows that no intermediary covers', async () => {
    const res = await request(t.app).get('/review').set('Cookie', cookie)
    const link = commonLinks(res.text).find((l) => l.url.includes('instrument=microfinance'))!
    expect(link.url).toContain('coverage=no_intermediary')
    expect(link.url).toContain('#gap-instrument')
    const page = decoded((await request(t.app).get(link.url).set('Cookie', cookie)).text)
    const section = page.slice(page.indexOf('id="gap-instrument"'), page.indexOf('id="sizes"'))
    const rows = [
      ...section.matchAll(/<th scope="row"[^>]*>([^<]+)<\/th><td[^>]*>([^<]+)<\/td><td[^>]*>([^<]+)<\/td>/g),
    ].map((m) => `${m[1]} | ${m[2]} | ${m[3]}`)
    // Leipzig (no intermediary lends for entrepreneurship in Germany), Palermo (reception in Italy).
    expect(rows).toEqual(['Entrepreneurship | Germany | Microfinance', 'Reception | Italy | Microfinance'])
  })
})

describe('the pilot threshold is the city questionnaire’s "high" readiness band (issue #18)', () => {
  it('reads it from the definition file, in the link and its text', async () => {
    const other = await createTestApp()
    try {
      const city = readSeedFiles(SEED_DIR_PATH).questionnaires.find(
        (d) => d.respondentType === 'city' && d.version === 3,
      )!
      expect(city.readinessBands?.high).toBe(70)
      await applyQuestionnaireSeed(
        other.services.store,
        [{ ...city, readinessBands: { medium: 35, high: 65 } }],
        '2026-01-01T00:00:00.000Z',
        { inserted: 0, updated: 0, unchanged: 0, keptEdits: 0 },
      )
      const reviewer = (await sessionFor(other.services, await makeUser(other.services, 'reviewer'))).cookie
      const links = commonLinks((await request(other.app).get('/review').set('Cookie', reviewer)).text)
      const pilot = links.find((l) => l.url.includes('consent_pilot_contact'))!
      expect(pilot.url).toContain('readinessMin=65&')
      expect(pilot.text).toContain('readiness 65 or more')
    } finally {
      await other.close()
    }
  }, 60_000)
})
