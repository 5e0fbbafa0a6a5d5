import fc from 'fast-check'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { MatchResult } from '../../src/matching/match-result.js'
import { ConflictJson, QuestionnaireJson, ResponseJson } from '../../src/questionnaires/questionnaire-api-schemas.js'
import type { AnswerValue } from '../../src/questionnaires/answers.js'
import {
  allQuestions,
  optionsOf,
  type Question,
  type QuestionnaireDefinition,
} from '../../src/questionnaires/definition.js'
import { bearerFor, createUser, sessionFor } from '../helpers/accounts.js'
import { CITY_ANSWERS } from '../helpers/questionnaires.js'
import { createTestApp, GENEROUS_QUOTAS, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let city: QuestionnaireDefinition
beforeAll(async () => {
  // The property test saves far faster than a person can: production's write quotas would stop it.
  t = await createTestApp({}, { quotas: GENEROUS_QUOTAS })
  city = (await t.services.questionnaires.responses.currentDefinition('city'))!
})
afterAll(async () => {
  await t.close()
})

/** A new city organisation with two colleagues, each with a bearer token. */
async function organisation(name = `City ${Math.random().toString(36).slice(2, 8)}`) {
  const ana = await createUser(t.services, 'respondent', name)
  const bo = await createUser(t.services, 'respondent', name)
  return {
    ana,
    bo,
    anaAuth: `Bearer ${await bearerFor(t.services, ana)}`,
    boAuth: `Bearer ${await bearerFor(t.services, bo)}`,
  }
}

const api = () => request(t.app)
async function start(auth: string): Promise<{ id: string; version: number }> {
  const res = await api().post('/api/v1/responses').set('Authorization', auth).send({ respondentType: 'city' })
  expect([200, 201]).toContain(res.status)
  return { id: res.body.id, version: res.body.version }
}
const patch = (auth: string, id: string, body: unknown) =>
  api()
    .patch(`/api/v1/responses/${id}`)
    .set('Authorization', auth)
    .send(body as object)

describe('GET /api/v1/questionnaires', () => {
  it('lists the current questionnaire of every respondent type', async () => {
    const res = await api().get('/api/v1/questionnaires')
    expect(res.status).toBe(200)
    expect(res.body.items.map((i: { respondentType: string }) => i.respondentType)).toEqual([
      'city',
      'member_state',
      'financial_intermediary',
      'service_provider',
    ])
    expect(res.body.items[0]).toMatchObject({
      version: 3,
      sections: 8,
      questions: 54,
      url: '/api/v1/questionnaires/city',
      page: '/questionnaires/city',
    })
  })

  it('gives a definition with resolved options, conditions, glossary links and the needs-profile mapping', async () => {
    const res = await api().get('/api/v1/questionnaires/city')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ respondentType: 'city', version: 3, versions: [3, 2, 1] })
    const questions = res.body.sections.flatMap((s: { questions: unknown[] }) => s.questions)
    const policy = questions.find((q: { id: string }) => q.id === 'policy_fields')
    expect(policy.options[0]).toEqual({ value: 'employment', label: 'Employment' })
    const total = questions.find((q: { id: string }) => q.id === 'investment_total')
    expect(total).toMatchObject({
      type: 'amount',
      required: false,
      showIf: { question: 'has_planned_investment', equals: true },
    })
    const known = questions.find((q: { id: string }) => q.id === 'instruments_known')
    expect(known.glossary[0]).toEqual({ slug: 'financial-instrument', url: '/glossary#financial-instrument' })
    expect(res.body.profileMapping.partners).toEqual({ question: 'partners', drop: ['none'] })
    expect(QuestionnaireJson.safeParse(res.body).success).toBe(true)
    expect((await api().get('/api/v1/questionnaires/city?version=1')).body.version).toBe(1)
    expect((await api().get('/api/v1/questionnaires/city?version=9')).status).toBe(404)
    expect((await api().get('/api/v1/questionnaires/town')).status).toBe(404)
    // `lang` chooses the language of labels and messages; other unknown parameters are still refused.
    expect((await api().get('/api/v1/questionnaires/city?lang=fr')).status).toBe(200)
    expect((await api().get('/api/v1/questionnaires/city?colour=blue')).status).toBe(400)
  })
})

describe('responses: start, co-author, save', () => {
  it('one draft per organisation: colleagues get the same response', async () => {
    const { anaAuth, boAuth } = await organisation()
    const first = await api().post('/api/v1/responses').set('Authorization', anaAuth).send({ respondentType: 'city' })
    expect(first.status).toBe(201)
    expect(first.headers.location).toBe(`/api/v1/responses/${first.body.id}`)
    expect(first.body).toMatchObject({
      status: 'draft',
      version: 1,
      questionnaireVersion: 3,
      answers: {},
      consentToViewDraft: false,
      demo: false,
      locked: false,
    })
    expect(first.body.progress).toMatchObject({ answered: 0, total: 38 })
    const again = await api().post('/api/v1/responses').set('Authorization', boAuth).send({})
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    const wrongType = await api()
      .post('/api/v1/responses')
      .set('Authorization', anaAuth)
      .send({ respondentType: 'member_state' })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.error.fields.respondentType[0]).toMatch(/registered as a City or local authority/)
    expect(
      (await api().post('/api/v1/responses').set('Authorization', anaAuth).send({ respondentType: 'town' })).status,
    ).toBe(400)
    const demo = await api().post('/api/v1/responses').set('Authorization', anaAuth).send({ demo: true })
    expect(demo.status).toBe(201)
    expect(demo.body).toMatchObject({ demo: true })
    expect(demo.body.id).not.toBe(first.body.id)
  })

  it('saves partial answers with the version read; null clears an answer; the history says who saved what', async () => {
    const { anaAuth, boAuth } = await organisation()
    const { id } = await start(anaAuth)
    const one = await patch(anaAuth, id, { version: 1, answers: { population: 250000, policy_fields: ['housing'] } })
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({ version: 2, answers: { population: 250000, policy_fields: ['housing'] } })
    const two = await patch(boAuth, id, { version: 2, answers: { population: null, has_planned_investment: true } })
    expect(two.status).toBe(200)
    expect(two.body.version).toBe(3)
    expect(two.body.answers).toEqual({ policy_fields: ['housing'], has_planned_investment: true })
    expect(two.body.progress.total).toBe(46) // the planned investment adds its eight follow-up questions (version 2)
    expect(two.body.history.map((h: { action: string; questionIds?: string[] }) => [h.action, h.questionIds])).toEqual([
      ['saved', ['population', 'has_planned_investment']],
      ['saved', ['population', 'policy_fields']],
      ['created', []],
    ])
    // Nothing changed: no new version.
    expect((await patch(boAuth, id, { version: 3, answers: { has_planned_investment: true } })).body.version).toBe(3)
  })

  it('a stale version is a 409 with the current version and, per question, their value and yours', async () => {
    const { ana, anaAuth, boAuth } = await organisation()
    const { id } = await start(anaAuth)
    await patch(anaAuth, id, {
      version: 1,
      answers: { population: 250000, cofinancing: 'yes', departments: ['housing'] },
    })
    // Bo saves first, from version 2.
    await patch(boAuth, id, { version: 2, answers: { population: 300000, departments: ['housing', 'health'] } })
    // Ana, still at version 2, changes the population and the co-financing.
    const stale = await patch(anaAuth, id, {
      version: 2,
      answers: { population: 260000, cofinancing: 'no', departments: ['housing'] },
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({ code: 'conflict', currentVersion: 3, yourVersion: 2 })
    expect(ConflictJson.safeParse(stale.body).success).toBe(true)
    expect(stale.body.error.changes).toEqual([
      expect.objectContaining({
        questionId: 'population',
        theirs: 300000,
        yours: 260000,
        conflict: true,
        by: expect.stringMatching(/^Respondent/),
      }),
      expect.objectContaining({
        questionId: 'departments',
        theirs: ['housing', 'health'],
        yours: ['housing'],
        conflict: false,
      }),
    ])
    // Nothing was saved.
    const now = await api().get(`/api/v1/responses/${id}`).set('Authorization', anaAuth)
    expect(now.body.answers).toEqual({ population: 300000, cofinancing: 'yes', departments: ['housing', 'health'] })
    expect(now.body.history[0].by).not.toBe(ana.name)
    // With the current version the write goes through.
    expect((await patch(anaAuth, id, { version: 3, answers: { population: 260000 } })).status).toBe(200)
  })

  it('rejects unknown questions, operator objects, wrong shapes and bad versions with 400, naming each question', async () => {
    const { anaAuth } = await organisation()
    const { id } = await start(anaAuth)
    const bad = await patch(anaAuth, id, { version: 1, answers: { population: 'many', bogus: 1, staff_time: 9 } })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'answers.bogus',
      'answers.population',
      'answers.staff_time',
    ])
    const operator = await patch(anaAuth, id, { version: 1, answers: { population: { $gt: 0 } } })
    expect(operator.status).toBe(400)
    expect((await patch(anaAuth, id, { version: 1, answers: { expertise: { value: 'basic' } } })).status).toBe(400)
    expect((await patch(anaAuth, id, { answers: {} })).body.error.fields).toHaveProperty('version')
    expect((await patch(anaAuth, id, { version: 1, answers: {}, extra: true })).status).toBe(400)
    expect((await patch(anaAuth, id, { version: 'one', answers: {} })).status).toBe(400)
    expect((await patch(anaAuth, id, [1, 2])).status).toBe(400)
    // Nothing of a rejected patch is saved.
    expect((await api().get(`/api/v1/responses/${id}`).set('Authorization', anaAuth)).body.version).toBe(1)
  })

  it('only the organisation writes; other organisations get 404, staff 403; cookie writes need the CSRF header', async () => {
    const { ana, anaAuth } = await organisation()
    const other = await organisation()
    const { id } = await start(anaAuth)
    expect((await patch(other.anaAuth, id, { version: 1, answers: {} })).status).toBe(404)
    expect((await api().get(`/api/v1/responses/${id}`).set('Authorization', other.anaAuth)).status).toBe(404)
    const reviewer = await createUser(t.services, 'reviewer')
    expect(
      (await patch(`Bearer ${await bearerFor(t.services, reviewer)}`, id, { version: 1, answers: {} })).status,
    ).toBe(403)
    expect((await api().get('/api/v1/responses/not-a-uuid').set('Authorization', anaAuth)).status).toBe(404)
    const session = await sessionFor(t.services, ana)
    const noHeader = await api()
      .patch(`/api/v1/responses/${id}`)
      .set('Cookie', session.cookie)
      .send({ version: 1, answers: { population: 5 } })
    expect(noHeader.status).toBe(403)
    const withHeader = await api()
      .patch(`/api/v1/responses/${id}`)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrf)
      .send({ version: 1, answers: { population: 5 } })
    expect(withHeader.status).toBe(200)
  })
})

describe('responses: submit, review access, match', () => {
  it('submit answers 400 listing every missing required answer by question id, and only shown questions', async () => {
    const { anaAuth } = await organisation()
    const { id } = await start(anaAuth)
    const res = await api().post(`/api/v1/responses/${id}/submit`).set('Authorization', anaAuth).send({})
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    const required = allQuestions(city)
      .filter((q) => q.required && !q.showIf)
      .map((q) => `answers.${q.id}`)
    expect(Object.keys(res.body.error.fields)).toEqual(required)
    expect(res.body.error.fields['answers.population']).toEqual(['Enter a number'])
    expect(res.body.error.fields).not.toHaveProperty('answers.investment_description')
    // A "yes" shows the follow-ups, whose required ones are then listed too.
    await patch(anaAuth, id, { version: 1, answers: { has_planned_investment: true } })
    const more = await api().post(`/api/v1/responses/${id}/submit`).set('Authorization', anaAuth).send({})
    expect(Object.keys(more.body.error.fields)).toEqual(
      expect.arrayContaining([
        'answers.investment_description',
        'answers.investment_stage',
        'answers.repayment_source',
      ]),
    )
    expect(more.body.error.fields).not.toHaveProperty('answers.investment_total') // optional
  })

  it('a complete response submits; hidden answers are dropped; it can change until the review starts, then is locked', async () => {
    const { anaAuth, boAuth } = await organisation()
    const { id } = await start(anaAuth)
    const filled = await patch(anaAuth, id, { version: 1, answers: { ...CITY_ANSWERS, good_practice: false } })
    expect(filled.status).toBe(200)
    expect(filled.body.answers).toHaveProperty('good_practice_link') // kept while hidden, in case the answer changes back
    const stale = await api().post(`/api/v1/responses/${id}/submit`).set('Authorization', anaAuth).send({ version: 1 })
    expect(stale.status).toBe(409)
    const submitted = await api()
      .post(`/api/v1/responses/${id}/submit`)
      .set('Authorization', anaAuth)
      .send({ version: 2 })
    expect(submitted.status).toBe(200)
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      version: 3,
      changedSinceSubmission: false,
      submission: { version: 3 },
    })
    expect(submitted.body.answers).not.toHaveProperty('good_practice_link')
    expect(submitted.body.answers).not.toHaveProperty('good_practice_description')
    expect(submitted.body.needsProfile).toMatchObject({
      respondentType: 'city',
      country: 'BE',
      investmentSizeEur: 40000000,
    })
    expect(submitted.body.readiness.overall).toBeGreaterThan(0)
    const documented = ResponseJson.safeParse(submitted.body)
    expect(documented.success, JSON.stringify(documented.error?.issues.slice(0, 3))).toBe(true)

    // Edit after submit: the submission stays until submitted again.
    const edited = await patch(boAuth, id, { version: 3, answers: { population: 251000 } })
    expect(edited.body).toMatchObject({ status: 'submitted', changedSinceSubmission: true })
    const again = await api().post(`/api/v1/responses/${id}/submit`).set('Authorization', boAuth).send({})
    expect(again.body).toMatchObject({ status: 'submitted', changedSinceSubmission: false, version: 5 })

    // DG HOME starts the review (the review feature sets the status): the authors are told it is locked.
    await t.services.store
      .collection('responses')
      .updateOne({ _id: id }, { $set: { status: 'in_review', statusChangedAt: new Date().toISOString() } })
    const locked = await patch(anaAuth, id, { version: 5, answers: { population: 1 } })
    expect(locked.status).toBe(409)
    expect(locked.body.error.code).toBe('response_locked')
    expect(
      (await api().post(`/api/v1/responses/${id}/submit`).set('Authorization', anaAuth).send({})).body.error.code,
    ).toBe('response_locked')
    expect((await api().get(`/api/v1/responses/${id}`).set('Authorization', anaAuth)).body).toMatchObject({
      locked: true,
      status: 'in_review',
    })
  })

  it('DG HOME sees a draft only with consent, and a submitted response as submitted', async () => {
    const { anaAuth } = await organisation()
    const reviewer = `Bearer ${await bearerFor(t.services, await createUser(t.services, 'reviewer'))}`
    const curator = `Bearer ${await bearerFor(t.services, await createUser(t.services, 'curator'))}`
    const { id } = await start(anaAuth)
    await patch(anaAuth, id, { version: 1, answers: { population: 1000 } })
    expect((await api().get(`/api/v1/responses/${id}`).set('Authorization', reviewer)).status).toBe(404)
    expect((await api().get(`/api/v1/responses/${id}`).set('Authorization', curator)).status).toBe(403)
    await patch(anaAuth, id, { version: 2, consentToViewDraft: true })
    const seen = await api().get(`/api/v1/responses/${id}`).set('Authorization', reviewer)
    expect(seen.status).toBe(200)
    expect(seen.body).toMatchObject({ consentToViewDraft: true, answers: { population: 1000 } })
    expect(seen.body.history[0]).toMatchObject({ action: 'consent_given' })
    // Consent withdrawn, then submitted: DG HOME sees the submitted answers, not later edits.
    await patch(anaAuth, id, { version: 3, consentToViewDraft: false, answers: CITY_ANSWERS })
    expect((await api().get(`/api/v1/responses/${id}`).set('Authorization', reviewer)).status).toBe(404)
    await api().post(`/api/v1/responses/${id}/submit`).set('Authorization', anaAuth).send({ version: 4 })
    await patch(anaAuth, id, { version: 5, answers: { population: 999999 } })
    const submitted = await api().get(`/api/v1/responses/${id}`).set('Authorization', reviewer)
    expect(submitted.body.answers.population).toBe(250000)
    expect(submitted.body.changedSinceSubmission).toBe(false)
    expect(submitted.body.history[0]).not.toHaveProperty('questionIds')
    expect(
      (await api().patch(`/api/v1/responses/${id}`).set('Authorization', reviewer).send({ version: 6, answers: {} }))
        .status,
    ).toBe(403)
  })

  it('GET /responses/:id/match gives the matcher’s result for the derived needs profile; 409 while answers are missing', async () => {
    const { anaAuth } = await organisation()
    const { id } = await start(anaAuth)
    const early = await api().get(`/api/v1/responses/${id}/match`).set('Authorization', anaAuth)
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('profile_incomplete')
    expect(Object.keys(early.body.error.fields)).toContain('answers.policy_fields')
    await patch(anaAuth, id, { version: 1, answers: CITY_ANSWERS })
    const res = await api().get(`/api/v1/responses/${id}/match`).set('Authorization', anaAuth)
    expect(res.status).toBe(200)
    const result = MatchResult.parse(res.body)
    expect(result.profile).toMatchObject({
      respondentType: 'city',
      policyFields: ['employment', 'housing', 'entrepreneurship'],
      borrowingCapacity: 'limited',
    })
    // One readiness profile per response (issue #11): the match shows the response's own readiness.
    const response = await api().get(`/api/v1/responses/${id}`).set('Authorization', anaAuth)
    const readiness = response.body.readiness as { overall: number; dimensions: Record<string, { score: number }> }
    expect(result.readiness.overall).toBe(readiness.overall)
    for (const [name, dimension] of Object.entries(readiness.dimensions))
      expect(result.readiness.dimensions[name as keyof typeof result.readiness.dimensions]).toBe(dimension.score)
    const { readiness: _matcherReadiness, ...rest } = t.services.match.match(result.profile)
    expect(result).toEqual({ ...rest, readiness: result.readiness })
  })
})

// ---- property: random answers of random shapes never produce a 5xx --------------------------------

/** Valid answers for a question, from its definition. */
function validAnswer(question: Question): fc.Arbitrary<AnswerValue> {
  const values = optionsOf(question).map((o) => o.value)
  switch (question.type) {
    case 'single_choice':
      return fc.constantFrom(...values)
    case 'multiple_choice': {
      const plain = optionsOf(question)
        .filter((o) => !o.exclusive)
        .map((o) => o.value)
      return fc.subarray(plain, { minLength: 1 })
    }
    case 'scale':
      return fc.integer({ min: question.min, max: question.max })
    case 'number':
      return fc.integer({ min: Math.ceil(question.min ?? 0), max: Math.floor(Math.min(question.max ?? 1e6, 1e6)) })
    case 'amount':
      return fc.integer({ min: question.min ?? 0, max: Math.min(question.max ?? 1e9, 1e9) })
    case 'yes_no':
      return fc.boolean()
    case 'country':
      return fc.constantFrom('DE', 'FR', 'PT', 'PL')
    default:
      return fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '')
  }
}

describe('property: random answers of random shapes never produce a 5xx', () => {
  let auth: string
  let id: string
  beforeAll(async () => {
    auth = (await organisation()).anaAuth
    id = (await start(auth)).id
  })
  const current = async () =>
    (await api().get(`/api/v1/responses/${id}`).set('Authorization', auth)).body.version as number
  const expectNo5xx = (res: request.Response) => {
    expect(res.status, res.text.slice(0, 300)).toBeLessThan(500)
    if (res.status >= 400) expect(typeof res.body.error.code).toBe('string')
  }

  it('PATCH with random JSON for answers, keys from the questionnaire or not, and random versions', async () => {
    const ids = allQuestions(city).map((q) => q.id)
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 10 })), fc.jsonValue({ maxDepth: 3 }), {
          maxKeys: 6,
        }),
        fc.oneof(fc.constant('current' as const), fc.jsonValue({ maxDepth: 1 })),
        async (answers, version) => {
          const res = await patch(auth, id, { answers, version: version === 'current' ? await current() : version })
          expectNo5xx(res)
          expect([200, 400, 409]).toContain(res.status)
        },
      ),
      { numRuns: 120 },
    )
  })

  it('random whole bodies on every write', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom('patch', 'submit', 'start'),
        async (value, route) => {
          const body = JSON.stringify(value)
          const req =
            route === 'patch'
              ? api().patch(`/api/v1/responses/${id}`)
              : route === 'submit'
                ? api().post(`/api/v1/responses/${id}/submit`)
                : api().post('/api/v1/responses')
          expectNo5xx(await req.set('Authorization', auth).set('Content-Type', 'application/json').send(body))
        },
      ),
      { numRuns: 120 },
    )
  })

  it('random valid answers always save; submit and match then answer 200, 400 or 409, never 5xx', async () => {
    const questions = allQuestions(city)
    await fc.assert(
      fc.asyncProperty(
        fc
          .subarray(questions, { minLength: 1 })
          .chain((chosen) => fc.tuple(...chosen.map((q) => validAnswer(q).map((v) => [q.id, v] as const)))),
        async (pairs) => {
          const saved = await patch(auth, id, { version: await current(), answers: Object.fromEntries(pairs) })
          expect(saved.status, saved.text.slice(0, 300)).toBe(200)
          const submitted = await api().post(`/api/v1/responses/${id}/submit`).set('Authorization', auth).send({})
          expect([200, 400]).toContain(submitted.status)
          const match = await api().get(`/api/v1/responses/${id}/match`).set('Authorization', auth)
          expect([200, 409]).toContain(match.status)
          if (match.status === 200) MatchResult.parse(match.body)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('drafts survive a restart', () => {
  it('close the store and reopen the same data directory: the draft and its history are there', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { openStore } = await import('../../src/storage/open-store.js')
    const { createServices } = await import('../../src/services.js')
    const { applySeed } = await import('../../src/seed/apply-seed.js')
    const { readSeedFiles } = await import('../../src/seed/seed-files.js')
    const { SEED_DIR_PATH } = await import('../../src/seed/seed-dir.js')
    const { TEST_SERVICE_OPTIONS } = await import('../helpers/test-app.js')
    const dir = mkdtempSync(join(tmpdir(), 'fi-restart-'))
    try {
      let store = await openStore({ dataDir: dir })
      let services = await createServices(store, TEST_SERVICE_OPTIONS)
      await applySeed(store, services.investments, readSeedFiles(SEED_DIR_PATH), '2026-01-01T00:00:00.000Z')
      const user: User = await createUser(services, 'respondent', 'Restart City')
      const principal = { user, via: 'token' as const, tokenId: 'test' }
      const { context } = await services.questionnaires.responses.start(user, {})
      await services.questionnaires.responses.save(principal, context.record.id, {
        answers: new Map<string, AnswerValue>([
          ['population', 123456],
          ['policy_fields', ['housing']],
        ]),
        version: 1,
      })
      await store.close()

      store = await openStore({ dataDir: dir })
      services = await createServices(store, TEST_SERVICE_OPTIONS)
      const again = await services.questionnaires.responses.read(principal, context.record.id)
      expect(again.record).toMatchObject({
        status: 'draft',
        version: 2,
        answers: { population: 123456, policy_fields: ['housing'] },
      })
      expect(again.record.history.map((h) => h.action)).toEqual(['created', 'saved'])
      expect((await services.questionnaires.responses.start(user, {})).context.record.id).toBe(context.record.id)
      await store.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
