import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authSettings } from '../../src/accounts/auth-settings.js'
import { loadDemo } from '../../src/demo/demo-command.js'
import { sessionFor } from '../helpers/accounts.js'
import { answer, makeUser } from '../helpers/review.js'
import { createTestApp, TEST_SERVICE_OPTIONS, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
let cookie: string
beforeAll(async () => {
  t = await createTestApp()
  cookie = (await sessionFor(t.services, await makeUser(t.services, 'reviewer'))).cookie
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

const get = (path: string) => request(t.app).get(path).set('Cookie', cookie)

describe('empty states (issue #12)', () => {
  it('an empty review dashboard explains what will appear and links to the questionnaires, with no empty tables', async () => {
    const res = await get('/review')
    expect(res.status).toBe(200)
    expect(res.text).toContain('No responses yet')
    expect(res.text).toContain('href="/questionnaires"')
    expect(res.text).not.toContain('<table')
    expect(res.text).not.toContain('id="overview-heading"')
    expect(res.text).not.toContain('Show the demonstration responses')
  })

  it('with demo data only, it offers the demonstration responses; with them, the dashboard is back', async () => {
    await loadDemo(t.services.store, { settings: authSettings(TEST_SERVICE_OPTIONS.auth) })
    const res = await get('/review')
    expect(res.text).toContain('No responses yet')
    expect(res.text).toContain('href="/review?includeDemo&#x3D;true"')
    const demo = await get('/review?includeDemo=true')
    expect(demo.text).toContain('id="overview-heading"')
    expect(demo.text).not.toContain('No responses yet')
  })

  it('filters that match nothing say so and offer to clear them', async () => {
    const city = await makeUser(t.services, 'respondent', { name: 'Comune di Vuoto', type: 'city', country: 'IT' })
    await answer(t.services, city, {})
    expect((await get('/review')).text).toContain('id="overview-heading"')
    const res = await get('/review?country=MT')
    expect(res.status).toBe(200)
    expect(res.text).toContain('No response matches these filters')
    expect(res.text).toContain('>Clear all filters</a>')
    expect(res.text).not.toContain('<table')
  })

  it('catalogue lists say "no case yet" instead of "See all 0 cases"', async () => {
    for (const path of ['/instruments', '/funds'])
      expect((await request(t.app).get(path)).text).not.toContain('See all 0 cases')
  })
})
