import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvestmentRecord } from '../../src/curation/curation-schemas.js'
import { bearerFor, sessionFor } from '../helpers/accounts.js'
import { answer, makeUser } from '../helpers/review.js'
import { cellsOf, formulaCells } from '../helpers/spreadsheet.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

/** Issue #13.4: an answer like `Mayor;=10*10` was exported unquoted, and Excel in ;-separated locales ran `=10*10`. */
const NASTY = ['Mayor;=10*10', 'Mayor,=10*10', '=HYPERLINK("https://evil.example")', '@SUM(1)']

let t: TestApp
let reviewerToken: string
let responseId: string
let respondentCookie: string

beforeAll(async () => {
  t = await createTestApp()
  const curator = await makeUser(t.services, 'curator')
  for (const [i, text] of NASTY.entries()) {
    const record = InvestmentRecord.parse({
      title: `Formula case ${i} ${text}`,
      summary: `A summary that carries ${text} inside it.`,
      geography: text,
      policyFields: ['housing'],
      instruments: ['loan'],
      financiers: [text, 'Plain bank'],
      sources: [{ url: 'https://www.example.org/case', label: null }],
      confidence: 'U',
    })
    await t.services.curation.records.create(
      'investments',
      { id: `formula-case-${i}`, record },
      { id: curator.id, name: curator.name },
    )
  }
  const respondent = await makeUser(t.services, 'respondent', { name: 'Formula city', type: 'city', country: 'DE' })
  responseId = await answer(t.services, respondent, { respondent_role: NASTY[0]!, challenges: NASTY.join(' / ') })
  reviewerToken = await bearerFor(t.services, await makeUser(t.services, 'reviewer'))
  respondentCookie = (await sessionFor(t.services, respondent)).cookie
})
afterAll(async () => {
  await t.close()
})

function expectNoFormula(csv: string, mustContain: string) {
  expect(csv).toContain(mustContain)
  expect(formulaCells(csv)).toEqual([])
}

describe('every CSV export neutralises formulas, read with , or ;', () => {
  it('investments export', async () => {
    const res = await request(t.app).get('/api/v1/investments/export?format=csv&q=formula')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/csv/)
    expectNoFormula(res.text, `"Mayor;'=10*10"`)
    expect(cellsOf(res.text, { separator: ',', quotes: true })).toContain("Mayor;'=10*10")
  })

  it('review export (DG HOME)', async () => {
    const res = await request(t.app)
      .get('/api/v1/review/export?format=csv')
      .set('Authorization', `Bearer ${reviewerToken}`)
    expect(res.status).toBe(200)
    expectNoFormula(res.text, `"Mayor;'=10*10"`)
  })

  it("a response's own download", async () => {
    const res = await request(t.app).get(`/responses/${responseId}/download?format=csv`).set('Cookie', respondentCookie)
    expect(res.status).toBe(200)
    expectNoFormula(res.text, `"Mayor;'=10*10"`)
    expect(res.text).toContain(`"Mayor;'=10*10 / Mayor,'=10*10 / =HYPERLINK(""https://evil.example"") / @SUM(1)"`)
  })
})
