import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

describe('the INDIGO export is linked from an outcomes contract’s case page (issue #12)', () => {
  it('every impact bond links to its INDIGO project JSON, which answers 200; other cases do not', async () => {
    const all = t.services.search.all()
    const bonds = all.filter((i) => i.instruments.includes('social-outcomes-contract'))
    expect(bonds.length).toBeGreaterThan(0)
    for (const bond of bonds.slice(0, 5)) {
      const page = await request(t.app).get(`/investments/${bond.id}`)
      const href = `/api/v1/investments/${bond.id}/indigo`
      expect(page.text).toContain(`href="${href}" download="${bond.id}-indigo.json"`)
      const json = await request(t.app).get(href)
      expect(json.status).toBe(200)
    }
    const loan = all.find((i) => !i.instruments.includes('social-outcomes-contract'))!
    expect((await request(t.app).get(`/investments/${loan.id}`)).text).not.toContain('/indigo"')
  })
})
