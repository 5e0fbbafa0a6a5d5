import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { bearerFor, sessionFor } from '../helpers/accounts.js'
import { COMPLETE_ANSWERS_V1, COMPLETE_ANSWERS_V2 } from '../helpers/questionnaires.js'
import { answer, makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

/**
 * Issue #18: responses of the same organisation on versions 1, 2 and 3 all render, count and export;
 * version 3 names shared concepts with one id across types (docs/adr/068).
 */
let t: TestApp
let respondent: User
let reviewer: User
let token: string
let v1Id: string
let v2Id: string
let v3Id: string
let ministryId: string

beforeAll(async () => {
  t = await createTestApp()
  respondent = await makeUser(t.services, 'respondent', { name: 'Ville de Liège', type: 'city', country: 'BE' })
  reviewer = await makeUser(t.services, 'reviewer')
  token = await bearerFor(t.services, reviewer)
  // Earlier rounds, answered on versions 1 and 2 and closed by DG HOME.
  v1Id = await closedResponse(1, '2026-01-15T10:00:00.000Z', COMPLETE_ANSWERS_V1.city)
  v2Id = await closedResponse(2, '2026-06-15T10:00:00.000Z', {
    ...COMPLETE_ANSWERS_V2.city,
    investment_total: 30_000_000,
    spending_type: 'both',
  })
  // This round, on version 3 (the current one), with the questions DG HOME asked for.
  v3Id = await answer(t.services, respondent, {
    investment_total: 12_000_000,
    financing_year: 2027,
    consent_pilot_contact: true,
    consent_share_contacts: true,
    spending_type: 'buildings_equipment',
  })
  const ministry = await makeUser(t.services, 'respondent', { name: 'Ministério', type: 'member_state', country: 'PT' })
  ministryId = await answer(t.services, ministry, { policy_fields: ['housing'] })
}, bound(60_000))

/** A closed response of `respondent` on an older version, stored as that round left it. */
async function closedResponse(version: number, at: string, answers: Record<string, unknown>): Promise<string> {
  const id = randomUUID()
  await t.services.store.collection('responses').insertOne({
    _id: id,
    organisationId: respondent.organisationId,
    respondentType: 'city',
    definitionVersion: version,
    openKey: `${respondent.organisationId}:city:real:${version}`,
    status: 'closed',
    answers,
    version: 3,
    consentToViewDraft: false,
    demo: false,
    createdAt: at,
    createdBy: respondent.id,
    updatedAt: at,
    updatedBy: respondent.id,
    submission: { answers, at, userId: respondent.id, userName: respondent.name, responseVersion: 2 },
    changedSinceSubmission: false,
    statusChangedAt: at,
    history: [],
  })
  return id
}
afterAll(async () => {
  await t?.close()
})

const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)

/** The cells of one CSV line (quoted cells may hold commas; no line breaks in these). */
const cells = (line: string) =>
  [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'))

const cityRows = (items: { id: string }[]) => items.map((item) => item.id).filter((id) => id !== ministryId)

describe('three versions side by side', () => {
  it('each response renders with its own version’s questions on the review page and prints for its authors', async () => {
    const session = await sessionFor(t.services, reviewer)
    const page = (id: string) => request(t.app).get(`/review/responses/${id}`).set('Cookie', session.cookie)
    const [v1, v2, v3] = await Promise.all([page(v1Id), page(v2Id), page(v3Id)])
    expect(v1.text).toContain('born outside the EU')
    for (const current of [v2, v3]) {
      expect(current.text).toContain('not citizens of an EU country')
      expect(current.text).toContain('Which of these partners already work with your city on inclusion?')
      expect(current.text).toContain('How much experience does your team have with financial instruments?')
    }
    expect(v3.text).toContain('May DG HOME contact your city about taking part in a pilot project?')
    for (const res of [v1, v2, v3]) {
      expect(res.status).toBe(200)
      expect(res.text).toMatch(/Overall readiness: \d+ out of 100\./)
    }
    const author = await sessionFor(t.services, respondent)
    for (const id of [v2Id, v3Id]) {
      const print = await request(t.app).get(`/responses/${id}/print`).set('Cookie', author.cookie)
      expect(print.status, id).toBe(200)
      expect(print.text).toContain('Which of these partners already work with your city on inclusion?')
      expect(print.text).toContain('Housing association')
    }
  })

  it('all count in the figures, each under its version, and each project cost once', async () => {
    const s = (await api('/api/v1/review/summary')).body.summary
    const versions = s.questionnaires
      .filter((q: { respondentType: string }) => q.respondentType === 'city')
      .map((q: { version: number; responses: number }) => [q.version, q.responses])
    expect(versions).toEqual([
      [3, 1],
      [2, 1],
      [1, 1],
    ])
    const city = s.sizes.find(
      (row: { kind: string; country: string | null }) => row.kind === 'city_project_cost' && row.country === 'BE',
    )
    expect(city).toMatchObject({ responses: 3, sumEur: 82_000_000, minEur: 12_000_000, maxEur: 40_000_000 })
    // Cities (v1, v2, v3) and the ministry (v3, `policy_fields` where v2 had `policy_priorities`).
    expect(s.themes.policyFieldsDemand.answered).toBe(4)
    expect(
      s.readiness.find(
        (row: { respondentType: string; country: string | null }) =>
          row.respondentType === 'city' && row.country === 'BE',
      ),
    ).toMatchObject({ responses: 3 })
  })

  it('all export, each with its own version’s answers; in version 3 a shared concept is one column across types', async () => {
    const json = (await api('/api/v1/review/export?format=json')).body
    const byId = new Map<string, { definitionVersion: number; answers: Record<string, unknown> }>(
      json.items.map((item: { id: string }) => [item.id, item]),
    )
    expect(byId.get(v1Id)!.definitionVersion).toBe(1)
    expect(Object.keys(byId.get(v1Id)!.answers)).toContain('migrant_share')
    expect(byId.get(v2Id)!.definitionVersion).toBe(2)
    expect(Object.keys(byId.get(v2Id)!.answers)).toEqual(
      expect.arrayContaining(['non_eu_citizens_share', 'partners_present', 'team_expertise']),
    )
    expect(byId.get(v3Id)!.definitionVersion).toBe(3)
    expect(Object.keys(byId.get(v3Id)!.answers)).toEqual(expect.arrayContaining(['partners', 'expertise']))
    expect(Object.keys(byId.get(v3Id)!.answers)).not.toContain('partners_present')
    expect(Object.keys(byId.get(ministryId)!.answers)).toEqual(
      expect.arrayContaining(['policy_fields', 'target_groups', 'partners', 'expertise', 'data_target_groups']),
    )
    // Readiness per response and dimension, under each version's own rules.
    for (const id of [v1Id, v2Id, v3Id])
      expect(
        (byId.get(id) as unknown as { readiness: { dimensions: Record<string, number> } }).readiness.dimensions,
      ).toHaveProperty('capacity')
    const csv = (await api('/api/v1/review/export?format=csv')).text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(csv).toHaveLength(5)
    const header = cells(csv[0]!)
    expect(header).toEqual(expect.arrayContaining(['migrant_share', 'non_eu_citizens_share', 'readiness_overall']))
    expect(header.filter((column) => column === 'policy_fields')).toHaveLength(1)
    expect(header).not.toContain('policy_priorities')
    const column = header.indexOf('partners')
    const ministryRow = cells(csv.find((line) => line.startsWith(ministryId))!)
    const cityRow = cells(csv.find((line) => line.startsWith(v3Id))!)
    expect(ministryRow[column]).toBe('national_promotional_bank;foundations')
    expect(cityRow[column]).toBe('national_promotional_bank;ngos;housing_association')
  })

  it('DG HOME finds the cities that agreed to a pilot and need money within two years, from the dashboard filters', async () => {
    const res = await api(
      '/api/v1/review/responses?respondentType=city&answer=consent_pilot_contact:yes&answer=financing_year:2026&answer=financing_year:2027&answer=financing_year:2028',
    )
    expect(res.body.items.map((item: { id: string }) => item.id)).toEqual([v3Id])
  })

  it('an answer filter on a shared id finds older versions’ answers under their own id; old ids still work', async () => {
    const shared = await api('/api/v1/review/responses?answer=partners:ngos&answer=partners:foundations')
    expect(cityRows(shared.body.items).sort()).toEqual([v1Id, v2Id, v3Id].sort())
    expect(shared.body.items.map((item: { id: string }) => item.id)).toContain(ministryId)
    const expertise = await api('/api/v1/review/responses?respondentType=city&answer=expertise:basic')
    expect(cityRows(expertise.body.items).sort()).toEqual([v1Id, v2Id, v3Id].sort())
    const old = await api('/api/v1/review/responses?answer=partners_present:ngos')
    expect(cityRows(old.body.items).sort()).toEqual([v1Id, v2Id].sort())
  })
})
