import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { bearerFor, sessionFor } from '../helpers/accounts.js'
import { COMPLETE_ANSWERS_V1 } from '../helpers/questionnaires.js'
import { answer, makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

/** Issue #18: a v1 response and a v2 response of the same organisation both render, count and export. */
let t: TestApp
let respondent: User
let reviewer: User
let token: string
let v1Id: string
let v2Id: string

beforeAll(async () => {
  t = await createTestApp()
  respondent = await makeUser(t.services, 'respondent', { name: 'Ville de Liège', type: 'city', country: 'BE' })
  reviewer = await makeUser(t.services, 'reviewer')
  token = await bearerFor(t.services, reviewer)
  // Last year's round, answered on version 1 and closed by DG HOME.
  const at = '2026-01-15T10:00:00.000Z'
  v1Id = 'liege-round-1'
  await t.services.store.collection('responses').insertOne({
    _id: v1Id,
    organisationId: respondent.organisationId,
    respondentType: 'city',
    definitionVersion: 1,
    openKey: `${respondent.organisationId}:city:real:1`,
    status: 'closed',
    answers: COMPLETE_ANSWERS_V1.city,
    version: 3,
    consentToViewDraft: false,
    demo: false,
    createdAt: at,
    createdBy: respondent.id,
    updatedAt: at,
    updatedBy: respondent.id,
    submission: {
      answers: COMPLETE_ANSWERS_V1.city,
      at,
      userId: respondent.id,
      userName: respondent.name,
      responseVersion: 2,
    },
    changedSinceSubmission: false,
    statusChangedAt: at,
    history: [],
  })
  // This round, on version 2, with the new questions DG HOME asked for.
  v2Id = await answer(t.services, respondent, {
    investment_total: 12_000_000,
    financing_year: 2027,
    consent_pilot_contact: true,
    consent_share_contacts: true,
    spending_type: 'buildings_equipment',
  })
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)

describe('two versions side by side', () => {
  it('each response renders with its own version’s questions on the review page', async () => {
    const session = await sessionFor(t.services, reviewer)
    const old = await request(t.app).get(`/review/responses/${v1Id}`).set('Cookie', session.cookie)
    expect(old.status).toBe(200)
    expect(old.text).toContain('born outside the EU')
    const current = await request(t.app).get(`/review/responses/${v2Id}`).set('Cookie', session.cookie)
    expect(current.status).toBe(200)
    expect(current.text).toContain('not citizens of an EU country')
    expect(current.text).toContain('May DG HOME contact your city about taking part in a pilot project?')
    for (const page of [old, current]) expect(page.text).toMatch(/Overall readiness: \d+ out of 100\./)
  })

  it('both count in the figures, each under its version, and each project cost once', async () => {
    const s = (await api('/api/v1/review/summary')).body.summary
    const versions = s.questionnaires
      .filter((q: { respondentType: string }) => q.respondentType === 'city')
      .map((q: { version: number; responses: number }) => [q.version, q.responses])
    expect(versions).toEqual([
      [2, 1],
      [1, 1],
    ])
    const city = s.sizes.find(
      (row: { kind: string; country: string | null }) => row.kind === 'city_project_cost' && row.country === 'BE',
    )
    expect(city).toMatchObject({ responses: 2, sumEur: 52_000_000, minEur: 12_000_000, maxEur: 40_000_000 })
    expect(s.themes.policyFieldsDemand.answered).toBe(2)
    expect(
      s.readiness.find(
        (row: { respondentType: string; country: string | null }) =>
          row.respondentType === 'city' && row.country === 'BE',
      ),
    ).toMatchObject({ responses: 2 })
  })

  it('both export, each with its own version’s answers', async () => {
    const json = (await api('/api/v1/review/export?format=json')).body
    const byId = new Map(json.items.map((item: { id: string }) => [item.id, item]))
    expect((byId.get(v1Id) as { definitionVersion: number; answers: Record<string, unknown> }).definitionVersion).toBe(
      1,
    )
    expect(Object.keys((byId.get(v1Id) as { answers: Record<string, unknown> }).answers)).toContain('migrant_share')
    expect((byId.get(v2Id) as { definitionVersion: number }).definitionVersion).toBe(2)
    expect(Object.keys((byId.get(v2Id) as { answers: Record<string, unknown> }).answers)).toContain(
      'non_eu_citizens_share',
    )
    // Readiness per response and dimension, under each version's own rules.
    for (const id of [v1Id, v2Id])
      expect(
        (byId.get(id) as { readiness: { overall: number; dimensions: Record<string, number> } }).readiness.dimensions,
      ).toHaveProperty('capacity')
    const csv = (await api('/api/v1/review/export?format=csv')).text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(csv).toHaveLength(3)
    expect(csv[0]).toContain('migrant_share')
    expect(csv[0]).toContain('non_eu_citizens_share')
    expect(csv[0]).toContain('readiness_overall,readiness_knowledge')
  })

  it('DG HOME finds the cities that agreed to a pilot and need money within two years, from the dashboard filters', async () => {
    const res = await api(
      '/api/v1/review/responses?respondentType=city&answer=consent_pilot_contact:yes&answer=financing_year:2026&answer=financing_year:2027&answer=financing_year:2028',
    )
    expect(res.body.items.map((item: { id: string }) => item.id)).toEqual([v2Id])
  })
})
