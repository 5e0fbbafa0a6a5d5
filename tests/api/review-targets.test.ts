import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearerFor, sessionFor } from '../helpers/accounts.js'
import { loadScenario, makeUser, type ScenarioResponse } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let cookie: string
let token: string
let scenario: ScenarioResponse[]

beforeAll(async () => {
  t = await createTestApp()
  scenario = await loadScenario(t.services)
  // Registered, never answered: a Maltese city and a Cypriot ministry.
  await makeUser(t.services, 'respondent', { name: 'Città di Valletta (test)', type: 'city', country: 'MT' })
  await makeUser(t.services, 'respondent', { name: 'Cyprus ministry (test)', type: 'member_state', country: 'CY' })
  const reviewer = await makeUser(t.services, 'reviewer')
  cookie = (await sessionFor(t.services, reviewer)).cookie
  token = await bearerFor(t.services, reviewer)
}, 60_000)
afterAll(async () => {
  await t?.close()
})

interface Group {
  country: string
  respondentType: string
  count: number
  organisations: { id: string; name: string }[]
}
const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)

describe('the target list: who has not answered (issue #18)', () => {
  it('lists registered organisations without a submitted response, by country and type, with counts', async () => {
    const res = await api('/api/v1/review/targets')
    expect(res.status).toBe(200)
    const groups = res.body.groups as Group[]
    const names = groups.flatMap((g) => g.organisations.map((o) => o.name))
    expect(groups).toContainEqual(expect.objectContaining({ country: 'MT', respondentType: 'city', count: 1 }))
    expect(groups).toContainEqual(expect.objectContaining({ country: 'CY', respondentType: 'member_state', count: 1 }))
    // An organisation with a submitted response is not a target; one with only a draft is.
    const list = await api('/api/v1/review/responses?pageSize=200')
    const submitted = (list.body.items as { organisation: string }[]).map((i) => i.organisation)
    expect(submitted.length).toBeGreaterThan(0)
    for (const name of submitted) expect(names).not.toContain(name)
    // Demonstration organisations only when asked for.
    expect(scenario.length).toBeGreaterThan(0)
    const withDemo = await api('/api/v1/review/targets?includeDemo=true')
    expect(withDemo.body.total).toBeGreaterThanOrEqual(res.body.total)
    for (const group of groups) expect(group.count).toBe(group.organisations.length)
    expect(res.body.total).toBe(groups.reduce((s, g) => s + g.count, 0))
  })

  it('filters by country and type; a wrong value is a 400 naming the field', async () => {
    const res = await api('/api/v1/review/targets?country=MT')
    expect(res.body.groups.map((g: Group) => g.country)).toEqual(['MT'])
    const bad = await api('/api/v1/review/targets?respondentType=bank')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('respondentType')
    const badCountry = await api('/api/v1/review/targets?country=malta')
    expect(badCountry.status).toBe(400)
    expect(JSON.stringify(badCountry.body)).toContain('country')
  })

  it('is for reviewers only', async () => {
    expect((await request(t.app).get('/api/v1/review/targets')).status).toBe(401)
    const respondent = await makeUser(t.services, 'respondent', { name: 'Other org', type: 'city', country: 'BE' })
    const other = await bearerFor(t.services, respondent)
    expect((await request(t.app).get('/api/v1/review/targets').set('Authorization', `Bearer ${other}`)).status).toBe(
      403,
    )
  })

  it('the dashboard links to the page, which shows a captioned table grouped by country and type', async () => {
    const dashboard = await request(t.app).get('/review').set('Cookie', cookie)
    expect(dashboard.text).toContain('href="/review/targets"')
    const res = await request(t.app).get('/review/targets').set('Cookie', cookie)
    expect(res.status).toBe(200)
    expect(res.text).toContain(
      '<caption class="ecl-table__caption">Registered organisations without a submitted response',
    )
    expect(res.text).toMatch(
      /<th class="ecl-table__cell" scope="row">Malta<\/th><td class="ecl-table__cell">City or local authority<\/td><td class="ecl-table__cell table__number">1<\/td>/,
    )
    expect(res.text).toMatch(/organisations? ha(s|ve) not answered/)
  })
})
