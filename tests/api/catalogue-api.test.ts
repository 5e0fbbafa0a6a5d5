import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FUNDS, INSTRUMENTS } from '../../src/shared/codelists.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('catalogue API', () => {
  it('lists the 8 instruments in codelist order with case counts', async () => {
    const res = await request(t.app).get('/api/v1/instruments')
    expect(res.status).toBe(200)
    expect(res.body.items.map((i: { slug: string }) => i.slug)).toEqual([...INSTRUMENTS])
    const loan = res.body.items.find((i: { slug: string }) => i.slug === 'loan')
    expect(loan.caseCount).toBeGreaterThan(0)
  })

  it('shows one instrument with sourced facts and its real cases', async () => {
    const res = await request(t.app).get('/api/v1/instruments/social-outcomes-contract')
    expect(res.status).toBe(200)
    expect(res.body.definition[0].sources[0]).toMatch(/^https?:\/\//)
    expect(res.body.cases.length).toBeGreaterThan(5)
  })

  it('lists the 9 funds and shows how a city gets access', async () => {
    const res = await request(t.app).get('/api/v1/funds')
    expect(res.body.items.map((f: { slug: string }) => f.slug)).toEqual([...FUNDS])
    const ceb = await request(t.app).get('/api/v1/funds/ceb')
    expect(ceb.status).toBe(200)
    expect(ceb.body.cityAccess.length).toBeGreaterThan(0)
    expect(ceb.body.legalBasis.length).toBeGreaterThan(0)
  })

  it('answers 404 for unknown slugs', async () => {
    expect((await request(t.app).get('/api/v1/instruments/lottery')).status).toBe(404)
    expect((await request(t.app).get('/api/v1/funds/lottery')).status).toBe(404)
  })

  it('finds glossary terms despite typos', async () => {
    const res = await request(t.app).get('/api/v1/glossary?q=guarante')
    expect(res.status).toBe(200)
    expect(res.body.items.some((g: { term: string }) => /guarantee/i.test(g.term))).toBe(true)
    const all = await request(t.app).get('/api/v1/glossary')
    expect(all.body.total).toBeGreaterThanOrEqual(30)
  })
})
