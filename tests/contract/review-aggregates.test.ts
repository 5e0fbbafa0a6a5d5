import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readQuestionnaireFiles } from '../../src/questionnaires/questionnaire-files.js'
import { QuestionnaireRepository } from '../../src/questionnaires/questionnaire-repository.js'
import { applyQuestionnaireSeed } from '../../src/questionnaires/questionnaire-seed.js'
import type { ResponseService } from '../../src/questionnaires/response-service.js'
import { ReviewFilters } from '../../src/review/review-query.js'
import { ReviewService } from '../../src/review/review-service.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { openTestStore, TEST_MONGODB_URI } from '../helpers/test-store.js'
import { tempDirs } from './temp-dirs.js'

/**
 * The review's figures against hand-computed ones, on the embedded engine always and on MongoDB
 * when MONGODB_URI is set (FerretDB in CI): the same reads on both (docs/adr/027).
 */

const dirs = tempDirs('review-contract-')
afterAll(() => dirs.removeAll())

const ORGS = [
  ['c1', 'Torino', 'city', 'IT'],
  ['c2', 'Milano', 'city', 'IT'],
  ['c3', 'Lyon', 'city', 'FR'],
  ['m1', 'Ministero del Lavoro', 'member_state', 'IT'],
  ['f1', 'Banca Etica', 'financial_intermediary', 'IT'],
  ['f2', 'Adie', 'financial_intermediary', 'FR'],
  ['s1', 'Cooperativa Sociale', 'service_provider', 'IT'],
  ['d1', 'Demo City', 'city', 'IT'],
  ['x1', 'Napoli', 'city', 'IT'],
  ['x2', 'Bari', 'city', 'IT'],
] as const

type Fixture = {
  org: string
  status: string
  answers: Record<string, unknown>
  live?: Record<string, unknown>
  consent?: boolean
  demo?: boolean
}
const FIXTURES: Fixture[] = [
  {
    org: 'c1',
    status: 'submitted',
    answers: {
      policy_fields: ['entrepreneurship', 'housing'],
      target_groups: ['migrant_entrepreneurs'],
      instruments_interest: ['microfinance'],
      investment_total: 2_000_000,
      has_planned_investment: true,
      population: 800_000,
      challenges: 'Start-ups',
    },
    // Changed after submission without consent: reviewers still see the submission.
    live: { policy_fields: ['reception'] },
  },
  {
    org: 'c2',
    status: 'in_review',
    answers: {
      policy_fields: ['entrepreneurship'],
      target_groups: ['refugees'],
      instruments_interest: ['microfinance', 'loan'],
      investment_total: 1_000_000,
      has_planned_investment: false,
      population: 1_400_000,
    },
  },
  {
    org: 'c3',
    status: 'follow_up',
    answers: {
      policy_fields: ['housing'],
      instruments_interest: ['loan'],
      has_planned_investment: true,
      investment_total: 5_000_000,
      population: 500_000,
    },
  },
  {
    org: 'm1',
    status: 'submitted',
    answers: {
      policy_priorities: ['entrepreneurship'],
      target_priorities: ['migrant_entrepreneurs'],
      programmes_managed: ['amif'],
      programmes_use_fi: true,
      programmes_fi_which: ['guarantee'],
      integration_budget: 60_000_000,
    },
  },
  {
    org: 'f1',
    status: 'submitted',
    answers: {
      appetite_fields: ['entrepreneurship'],
      appetite_groups: ['migrant_entrepreneurs'],
      products: ['microfinance'],
      ticket_typical: 10_000,
    },
  },
  {
    org: 'f2',
    status: 'closed',
    answers: { appetite_fields: ['entrepreneurship'], products: ['microfinance', 'guarantee'], ticket_typical: 25_000 },
  },
  {
    org: 's1',
    status: 'submitted',
    answers: { services: ['employment'], instruments_interest: ['loan'], financing_amount: 200_000 },
  },
  { org: 'd1', status: 'submitted', answers: { policy_fields: ['education'] }, demo: true },
  { org: 'x1', status: 'draft', answers: { policy_fields: ['reception'] } },
  {
    org: 'x2',
    status: 'draft',
    answers: { policy_fields: ['entrepreneurship'], instruments_interest: ['microfinance'] },
    consent: true,
  },
]

async function load(store: DocumentStore): Promise<ReviewService> {
  await applyQuestionnaireSeed(
    store,
    readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires')),
    '2026-01-01T00:00:00.000Z',
    { inserted: 0, updated: 0, unchanged: 0, keptEdits: 0 },
  )
  await store.collection('organisations').insertMany(
    ORGS.map(([id, name, respondentType, country]) => ({
      _id: id,
      name,
      nameKey: name.toLowerCase(),
      respondentType,
      country,
      createdAt: '2026-01-01T00:00:00.000Z',
    })),
  )
  await store.collection('responses').insertMany(
    FIXTURES.map((f, i) => {
      const type = ORGS.find((o) => o[0] === f.org)![2]
      const at = `2026-02-0${(i % 9) + 1}T10:00:00.000Z`
      return {
        _id: `r-${f.org}`,
        organisationId: f.org,
        respondentType: type,
        definitionVersion: 1,
        openKey: `${f.org}:${type}:real:1`,
        status: f.status,
        answers: f.live ?? f.answers,
        version: 3,
        consentToViewDraft: f.consent ?? false,
        demo: f.demo ?? false,
        createdAt: at,
        createdBy: 'u',
        updatedAt: at,
        updatedBy: 'u',
        submission:
          f.status === 'draft' ? null : { answers: f.answers, at, userId: 'u', userName: 'U', responseVersion: 2 },
        changedSinceSubmission: f.live !== undefined,
        statusChangedAt: at,
        history: [],
      }
    }),
  )
  const definitions = new QuestionnaireRepository(store)
  const questionnaires = {
    definition: (type: never, version: number) => definitions.get(type, version),
  } as unknown as ResponseService
  return new ReviewService(store, questionnaires)
}

const filters = (query: Record<string, string | string[]>) => ReviewFilters.parse(query)

const engines: [string, (() => Promise<DocumentStore>) | null][] = [
  ['embedded', () => openEmbeddedStore({ dataDir: dirs.make() })],
  ['mongodb', TEST_MONGODB_URI ? () => openTestStore('', 'review') : null],
]

for (const [engine, open] of engines) {
  describe.skipIf(!open)(`review aggregates on the ${engine} engine`, () => {
    let store: DocumentStore
    let review: ReviewService
    beforeAll(async () => {
      store = await open!()
      await store.dropAll()
      review = await load(store)
    })
    afterAll(async () => {
      if (engine === 'mongodb') await store.dropAll()
      await store.close()
    })

    // Changed (issue #18): consented drafts count only when asked for.
    it('counts what reviewers may see: submitted responses, consented drafts when asked for, no demo data', async () => {
      const s = await review.summary(filters({}))
      expect(s.total).toBe(7)
      expect(s.byType.map((c) => [c.value, c.count])).toEqual([
        ['city', 3],
        ['member_state', 1],
        ['financial_intermediary', 2],
        ['service_provider', 1],
      ])
      expect(s.byStatus.map((c) => [c.value, c.count])).toEqual([
        ['new', 4],
        ['in_review', 1],
        ['follow_up', 1],
        ['closed', 1],
      ])
      expect(s.byCountry.map((c) => [c.value, c.count])).toEqual([
        ['IT', 5],
        ['FR', 2],
      ])
      const withDrafts = await review.summary(filters({ includeDrafts: 'true' }))
      expect(withDrafts.total).toBe(8)
      expect(withDrafts.byStatus.map((c) => [c.value, c.count])).toEqual([
        ['draft', 1],
        ['new', 4],
        ['in_review', 1],
        ['follow_up', 1],
        ['closed', 1],
      ])
    })

    it('breaks down every question with its coverage: choices, numbers, yes/no and free text', async () => {
      const s = await review.summary(filters({}))
      const city = s.questionnaires.find((q) => q.respondentType === 'city' && q.version === 1)!
      expect(city.responses).toBe(3)
      const q = (id: string) => city.questions.find((x) => x.id === id)!
      expect(q('policy_fields')).toMatchObject({ answered: 3, of: 3 })
      const counts = Object.fromEntries(q('policy_fields').options!.map((o) => [o.value, o.count]))
      expect(counts).toMatchObject({ entrepreneurship: 2, housing: 2, reception: 0, education: 0 })
      // Changed (issue #18): Milano's EUR 1 million sits behind "no planned investment", hidden by the form: not counted.
      expect(q('investment_total').numbers).toEqual({
        n: 2,
        min: 2_000_000,
        max: 5_000_000,
        mean: 3_500_000,
        median: 3_500_000,
        sum: 7_000_000,
      })
      expect(q('has_planned_investment')).toMatchObject({
        answered: 3,
        options: [
          { value: 'yes', count: 2 },
          { value: 'no', count: 1 },
        ],
      })
      expect(q('challenges').texts).toEqual(['Start-ups'])
      expect(q('departments')).toMatchObject({ answered: 0, of: 3 })
      // Every question of the version is listed, answered or not.
      expect(city.questions.length).toBeGreaterThan(30)
    })

    it('sets demand against supply by policy field and country, with gaps', async () => {
      const s = await review.summary(filters({}))
      expect(s.themes.policyFieldsDemand).toMatchObject({ answered: 4, of: 4 })
      expect(Object.fromEntries(s.themes.policyFieldsDemand.counts.map((c) => [c.value, c.count]))).toEqual({
        entrepreneurship: 3,
        housing: 2,
      })
      expect(s.themes.instrumentsSupply.counts.map((c) => [c.value, c.count])).toEqual([
        ['microfinance', 2],
        ['guarantee', 1],
      ])
      const cell = (f: string, c: string) => s.demandSupply.find((x) => x.policyField === f && x.country === c)!
      expect(cell('entrepreneurship', 'IT')).toMatchObject({
        // Changed (issue #18): only city project costs add up (no programme budget, no hidden amount, no draft).
        demand: {
          cities: 2,
          memberStates: 1,
          serviceProviders: 0,
          organisations: ['Milano', 'Ministero del Lavoro', 'Torino'],
          sizeSumEur: 2_000_000,
          sizeAnswered: 1,
        },
        supply: { intermediaries: 1, organisations: ['Banca Etica'], ticketMinEur: 10_000, ticketMaxEur: 10_000 },
        gap: false,
      })
      expect(cell('entrepreneurship', 'IT').demand.instruments.map((i) => [i.value, i.count])).toEqual([
        ['microfinance', 2],
        ['guarantee', 1],
        ['loan', 1],
      ])
      expect(cell('entrepreneurship', 'IT').demand.sizeByKind).toEqual({
        city_project_cost: { sumEur: 2_000_000, answered: 1 },
        member_state_programme_budget: { sumEur: 60_000_000, answered: 1 },
      })
      expect(cell('housing', 'IT').gap).toBe(true)
      expect(cell('housing', 'FR').gap).toBe(true)
      expect(cell('entrepreneurship', 'FR')).toMatchObject({
        gap: false,
        demand: { cities: 0 },
        supply: { intermediaries: 1 },
      })
      expect(cell('employment', 'IT')).toMatchObject({ gap: false, demand: { serviceProviders: 1 } })
    })

    it('combines any number of filters: OR inside one, AND across', async () => {
      const names = async (query: Record<string, string | string[]>) =>
        (await review.list(filters(query), 1, 100)).items.map((i) => i.organisation).sort()
      expect(
        await names({ country: 'IT', instrument: 'microfinance', respondentType: ['city', 'financial_intermediary'] }),
      ).toEqual(['Banca Etica', 'Milano', 'Torino'])
      expect(
        await names({ country: 'IT', instrument: 'microfinance', respondentType: 'city', includeDrafts: 'true' }),
      ).toEqual(['Bari', 'Milano', 'Torino'])
      expect(
        await names({
          country: 'IT',
          instrument: 'microfinance',
          respondentType: ['city', 'financial_intermediary'],
          targetGroup: 'migrant_entrepreneurs',
        }),
      ).toEqual(['Banca Etica', 'Torino'])
      expect(await names({ answer: 'has_planned_investment:yes' })).toEqual(['Lyon', 'Torino'])
      expect(await names({ answer: ['policy_fields:housing', 'policy_fields:education'] })).toEqual(['Lyon', 'Torino'])
      expect(await names({ answer: ['policy_fields:housing', 'instruments_interest:microfinance'] })).toEqual([
        'Torino',
      ])
      expect(await names({ status: ['new', 'closed'] })).toEqual([
        'Adie',
        'Banca Etica',
        'Cooperativa Sociale',
        'Ministero del Lavoro',
        'Torino',
      ])
      expect(await names({ country: ['FR', 'IT'], policyField: 'housing', status: 'follow_up' })).toEqual(['Lyon'])
      expect(await names({ includeDemo: 'true', policyField: 'education' })).toEqual(['Demo City'])
      expect((await review.summary(filters({ includeDemo: 'true' }))).total).toBe(8)
      const filtered = await review.summary(filters({ country: 'IT', instrument: 'microfinance' }))
      expect(filtered.total).toBe(3)
      expect(filtered.byType.map((c) => [c.value, c.count])).toEqual([
        ['city', 2],
        ['financial_intermediary', 1],
      ])
    })

    it('sees a write at once: every write moves the response version on', async () => {
      const before = await review.summary(filters({}))
      expect(await review.summary(filters({}))).toBe(before)
      await store
        .collection('responses')
        .updateOne(
          { _id: 'r-c3' },
          { $set: { status: 'closed', reviewedAt: '2026-03-01T00:00:00.000Z' }, $inc: { version: 1 } },
        )
      const after = await review.summary(filters({}))
      expect(after).not.toBe(before)
      expect(after.byStatus.find((c) => c.value === 'closed')!.count).toBe(2)
    })

    it('keeps its totals equal to a summary built from scratch through changes, additions and deletions', async () => {
      const sets = [
        filters({}),
        filters({ country: 'IT' }),
        filters({ instrument: 'microfinance', includeDemo: 'true' }),
        filters({ status: ['new', 'draft'] }),
      ]
      for (const set of sets) await review.summary(set)
      const responses = store.collection('responses')
      const same = async () => {
        for (const set of sets) expect(await review.summary(set)).toEqual(await review.computeSummary(set))
      }
      // A reviewer moves one on; authors change their live answers with consent; a draft is shared.
      await responses.updateOne({ _id: 'r-f1' }, { $set: { status: 'in_review' }, $inc: { version: 1 } })
      await responses.updateOne(
        { _id: 'r-x2' },
        {
          $set: {
            answers: {
              policy_fields: ['housing', 'reception'],
              instruments_interest: ['loan'],
              investment_total: 300_000,
            },
          },
          $inc: { version: 1 },
        },
      )
      await responses.updateOne({ _id: 'r-x1' }, { $set: { consentToViewDraft: true }, $inc: { version: 1 } })
      await same()
      // A new organisation answers; a response disappears.
      await store.collection('organisations').insertOne({
        _id: 'c9',
        name: 'Bologna',
        nameKey: 'bologna',
        respondentType: 'city',
        country: 'IT',
        createdAt: '2026-01-01T00:00:00.000Z',
      })
      const template = (await responses.findOne({ _id: 'r-c2' }))!
      await responses.insertOne({
        ...template,
        _id: 'r-c9',
        organisationId: 'c9',
        openKey: 'c9:city:real:1',
        status: 'submitted',
        version: 1,
      })
      await responses.deleteOne({ _id: 'r-s1' })
      await same()
      const all = await review.summary(filters({}))
      expect(
        all.demandSupply.find((c) => c.policyField === 'entrepreneurship' && c.country === 'IT')!.demand.organisations,
      ).toContain('Bologna')
      expect(all.byType.find((c) => c.value === 'service_provider')).toBeUndefined()
    })
  })
}
