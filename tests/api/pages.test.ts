import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FUNDS, INSTRUMENTS } from '../../src/shared/codelists.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { SEED_INVESTMENT_COUNT } from '../helpers/seed.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('pages', () => {
  it('home page links to every part of the repository', async () => {
    const res = await request(t.app).get('/')
    expect(res.status).toBe(200)
    for (const href of ['/investments', '/instruments', '/funds', '/glossary'])
      expect(res.text).toContain(`href="${href}"`)
    expect(res.text).toContain(`${SEED_INVESTMENT_COUNT} real investments`)
  })

  it('/investments shows results, facet counts and export links that keep the filters', async () => {
    const res = await request(t.app).get('/investments?policyField=housing&country=DE')
    expect(res.status).toBe(200)
    expect(res.text).toMatch(/\d+ investments? found/)
    expect(res.text).toContain('name="policyField" value="housing" checked')
    expect(res.text).toContain(
      '/api/v1/investments/export?policyField&#x3D;housing&amp;country&#x3D;DE&amp;format&#x3D;csv',
    )
    expect(res.text).toContain('Remove filter: Policy field: Housing')
  })

  it('/investments with a bad filter answers 400 with an error summary, not a crash', async () => {
    const res = await request(t.app).get('/investments?yearFrom=twenty')
    expect(res.status).toBe(400)
    expect(res.text).toContain('There is a problem')
    expect(res.text).toContain('href="#yearFrom"')
  })

  it('/investments offers "did you mean" for a misspelt search with no results', async () => {
    const res = await request(t.app).get('/investments?q=entrprenoorship')
    expect(res.status).toBe(200)
    expect(res.text).toContain('No investments match')
    expect(res.text).toMatch(
      /Did you mean <a href="\/investments\?q&#x3D;entrepreneurship" id="did-you-mean">entrepreneurship<\/a>/,
    )
  })

  it('an investment page lists every source as a link', async () => {
    const api = (await request(t.app).get('/api/v1/investments/c01-koto-sib')).body
    const res = await request(t.app).get('/investments/c01-koto-sib')
    expect(res.status).toBe(200)
    for (const source of api.sources) expect(res.text).toContain(`href="${source.url}"`)
    expect(res.text).toContain('Similar investments')
  })

  it('a repeated search page is the same page, and a change to the records shows at once (the view memo follows the search)', async () => {
    const path = '/investments?q=quokka'
    const before = await request(t.app).get(path)
    expect(before.text).toContain('No investments match')
    expect((await request(t.app).get(path)).text).toBe(before.text)
    const original = t.services.search.get('c01-koto-sib')!
    const changed = { ...original, id: 'c97-quokka', title: 'Quokka housing bond' }
    t.services.search.upsert(changed)
    try {
      const after = await request(t.app).get(path)
      expect(after.text).toContain('Quokka housing bond')
      expect(after.text).toContain('1 investment found')
      t.services.search.upsert({ ...changed, title: 'Quokka employment bond' })
      const renamed = await request(t.app).get(path)
      expect(renamed.text).toContain('Quokka employment bond')
      expect(renamed.text).not.toContain('Quokka housing bond')
    } finally {
      t.services.search.remove('c97-quokka')
    }
    expect((await request(t.app).get(path)).text).toBe(before.text)
  })

  it('an unknown investment is a 404 page', async () => {
    expect((await request(t.app).get('/investments/c99-unknown')).status).toBe(404)
    expect((await request(t.app).get('/investments/%24where')).status).toBe(404)
  })

  it.each([...INSTRUMENTS])('the %s instrument page renders with sources', async (slug) => {
    const res = await request(t.app).get(`/instruments/${slug}`)
    expect(res.status).toBe(200)
    expect(res.text).toMatch(/href="https?:\/\//)
  })

  it.each([...FUNDS])('the %s fund page renders with how a city gets access', async (slug) => {
    const res = await request(t.app).get(`/funds/${slug}`)
    expect(res.status).toBe(200)
    expect(res.text).toContain('How a city gets access')
  })

  it('the glossary lists at least 30 terms and finds one despite a typo', async () => {
    const all = await request(t.app).get('/glossary')
    expect((all.text.match(/class="glossary__entry"/g) ?? []).length).toBeGreaterThanOrEqual(30)
    const found = await request(t.app).get('/glossary?q=blendng')
    expect(found.text).toMatch(/Blending/i)
    expect(found.text).toMatch(/terms? match/)
  })
})
