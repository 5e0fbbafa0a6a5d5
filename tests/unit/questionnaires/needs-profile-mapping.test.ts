import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NeedsProfile } from '../../../src/matching/needs-profile.js'
import { completeness, type Answers } from '../../../src/questionnaires/answers.js'
import { allQuestions, type QuestionnaireDefinition } from '../../../src/questionnaires/definition.js'
import { readQuestionnaireFiles } from '../../../src/questionnaires/questionnaire-files.js'
import { toNeedsProfile } from '../../../src/questionnaires/to-needs-profile.js'
import { readinessProfile } from '../../../src/questionnaires/readiness.js'
import { SHARED_IDS, sharedIdIn } from '../../../src/questionnaires/shared-question-ids.js'
import { SEED_DIR_PATH } from '../../../src/seed/seed-dir.js'
import { RESPONDENT_TYPES, type RespondentType } from '../../../src/shared/codelists.js'
import { COMPLETE_ANSWERS, COMPLETE_ANSWERS_V2 } from '../../helpers/questionnaires.js'

const definitions = new Map(
  readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires')).map((d) => [d.respondentType, d]),
)
const def = (type: RespondentType): QuestionnaireDefinition => definitions.get(type)!

/** The mapping of docs/questionnaires.md, per respondent type, on a complete response. */
describe('answers → needs profile (DESIGN §5)', () => {
  it.each([...definitions.keys()])('the complete %s answers are a complete, valid response', (type) => {
    expect([...completeness(def(type), COMPLETE_ANSWERS[type]).problems]).toEqual([])
  })

  it('city: policy fields, groups, the planned investment, microloans, repayment, capacity and partners', () => {
    const result = toNeedsProfile(def('city'), COMPLETE_ANSWERS.city, { country: 'BE' })
    expect(result).toEqual({
      ok: true,
      profile: {
        respondentType: 'city',
        country: 'BE',
        policyFields: ['employment', 'housing', 'entrepreneurship'],
        targetGroups: ['refugees', 'temporary_protection'],
        investmentSizeEur: 40000000,
        ticketSizeEur: 15000,
        revenueModel: 'user_fees',
        outcomesMeasurable: true,
        borrowingCapacity: 'limited',
        financialExpertise: 'basic',
        partners: ['national_promotional_bank', 'ngos', 'housing_association'],
        cofinancingAvailable: true,
      },
    })
    expect(NeedsProfile.safeParse(result.ok && result.profile).success).toBe(true)
  })

  // Changed (issue #18): "not sure" about borrowing is `unknown`, not "none".
  it('city without a planned investment: no size, repayment "none"; "everyone" maps to nothing, "not sure" to unknown', () => {
    const answers: Answers = {
      ...COMPLETE_ANSWERS.city,
      has_planned_investment: false,
      target_groups: ['everyone'],
      borrowing_room: 'not_sure',
      cofinancing: 'small_share',
      policy_fields: ['housing'],
    }
    const result = toNeedsProfile(def('city'), answers, { country: 'PT' })
    expect(result.ok && result.profile).toMatchObject({
      country: 'PT',
      policyFields: ['housing'],
      targetGroups: [],
      investmentSizeEur: null,
      ticketSizeEur: null,
      revenueModel: 'none',
      borrowingCapacity: 'unknown',
      cofinancingAvailable: true,
    })
  })

  // Changed (issue #18): a programme budget is not a project and lending to cities is not the ministry's own borrowing.
  it('member state: no project size, borrowing room unknown, promotional bank partners, savings as repayment', () => {
    const result = toNeedsProfile(def('member_state'), COMPLETE_ANSWERS.member_state, { country: 'PT' })
    expect(result).toEqual({
      ok: true,
      profile: {
        respondentType: 'member_state',
        country: 'PT',
        policyFields: ['employment', 'education'],
        targetGroups: ['refugees', 'migrant_youth'],
        investmentSizeEur: null,
        ticketSizeEur: null,
        revenueModel: 'public_savings',
        outcomesMeasurable: false,
        borrowingCapacity: 'unknown',
        financialExpertise: 'experienced',
        partners: ['national_promotional_bank', 'foundations'],
        cofinancingAvailable: true,
      },
    })
  })

  // Changed (issue #18): the portfolio is what it could commit, not "your project" (review figures read it from the answers).
  it('financial intermediary: the country it finances in and its ticket size; no project size', () => {
    const result = toNeedsProfile(def('financial_intermediary'), COMPLETE_ANSWERS.financial_intermediary, {
      country: 'BE',
    })
    expect(result).toEqual({
      ok: true,
      profile: {
        respondentType: 'financial_intermediary',
        country: 'FR',
        policyFields: ['entrepreneurship'],
        targetGroups: ['refugees', 'migrant_women', 'migrant_entrepreneurs'],
        investmentSizeEur: null,
        ticketSizeEur: 8000,
        revenueModel: 'market_revenue',
        outcomesMeasurable: true,
        borrowingCapacity: 'available',
        financialExpertise: 'experienced',
        partners: ['ngos', 'foundations'],
        cofinancingAvailable: true,
      },
    })
  })

  it('service provider: its services, the financing it needs and how much repayable finance it can carry', () => {
    const result = toNeedsProfile(def('service_provider'), COMPLETE_ANSWERS.service_provider, { country: 'IT' })
    expect(result).toEqual({
      ok: true,
      profile: {
        respondentType: 'service_provider',
        country: 'IT',
        policyFields: ['employment', 'education'],
        targetGroups: ['refugees', 'migrant_youth'],
        investmentSizeEur: 250000,
        ticketSizeEur: null,
        revenueModel: 'public_savings',
        outcomesMeasurable: true,
        borrowingCapacity: 'limited',
        financialExpertise: 'basic',
        partners: ['ngos', 'foundations'],
        cofinancingAvailable: true,
      },
    })
    const noNeed = toNeedsProfile(
      def('service_provider'),
      { ...COMPLETE_ANSWERS.service_provider, needs_financing: false },
      { country: 'IT' },
    )
    expect(noNeed.ok && noNeed.profile).toMatchObject({ investmentSizeEur: null, borrowingCapacity: 'none' })
  })

  // Changed (docs/adr/068): version 3 names experience and partners with the ids shared across types.
  it('an incomplete response names the questions the profile still needs', () => {
    const result = toNeedsProfile(def('city'), { population: 1000 }, { country: 'BE' })
    expect(result).toEqual({
      ok: false,
      missing: [
        'policy_fields',
        'target_groups',
        'outcomes_measured',
        'borrowing_room',
        'expertise',
        'partners',
        'cofinancing',
      ],
    })
    // Answers of hidden questions do not count: the repayment question only shows with a planned investment.
    const hidden = toNeedsProfile(
      def('city'),
      { ...COMPLETE_ANSWERS.city, has_planned_investment: false, repayment_source: 'market' },
      { country: 'BE' },
    )
    expect(hidden.ok && hidden.profile.revenueModel).toBe('none')
  })
})

describe('spendingType from a spending_type question (issue #11; the questionnaires ask it from issue #18)', () => {
  const withQuestion = (): QuestionnaireDefinition => {
    const city = structuredClone(def('city'))
    city.sections[0]!.questions.push({
      id: 'spending_type',
      type: 'single_choice',
      label: 'What will the money pay for?',
      required: false,
      options: [
        { value: 'buildings_equipment', label: 'Buildings and equipment' },
        { value: 'services_programmes', label: 'Services and programmes' },
        { value: 'both', label: 'Both' },
      ],
    } as unknown as QuestionnaireDefinition['sections'][number]['questions'][number])
    return city
  }

  it('passes the answer through when the definition asks it', () => {
    const result = toNeedsProfile(
      withQuestion(),
      { ...COMPLETE_ANSWERS.city, spending_type: 'buildings_equipment' },
      { country: 'BE' },
    )
    expect(result.ok && result.profile.spendingType).toBe('buildings_equipment')
  })

  it('leaves it out when the question is not answered or not asked, so the matcher assumes both', () => {
    const unanswered = toNeedsProfile(withQuestion(), COMPLETE_ANSWERS.city, { country: 'BE' })
    expect(unanswered.ok && 'spendingType' in unanswered.profile).toBe(false)
    const notAsked = toNeedsProfile(def('city'), COMPLETE_ANSWERS.city, { country: 'BE' })
    expect(notAsked.ok && 'spendingType' in notAsked.profile).toBe(false)
  })
})

describe('version 3 renames ids only (docs/adr/068): the matcher and readiness see what version 2 gave', () => {
  const all = readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires'))
  const version = (type: RespondentType, v: number) => all.find((d) => d.respondentType === type && d.version === v)!
  /** Version 2 answers under version 3's ids, through the table of shared ids. */
  const asV3 = (type: RespondentType, answers: Answers): Answers =>
    Object.fromEntries(
      Object.entries(answers).map(([id, value]) => {
        const concept = Object.keys(SHARED_IDS.concepts).find((c) => sharedIdIn(c, type, 2) === id)
        return [concept ?? id, value]
      }),
    )
  const variants = (type: RespondentType): [string, Answers][] => [
    ['complete', COMPLETE_ANSWERS_V2[type]],
    [
      'without partners and expertise',
      { ...COMPLETE_ANSWERS_V2[type], partners_present: ['none'], partners: ['none'] },
    ],
    ['missing answers', { policy_fields: ['housing'], policy_priorities: ['housing'], services: ['housing'] }],
  ]
  for (const type of RESPONDENT_TYPES)
    it.each(variants(type))(`${type}: %s`, (_name, v2Answers) => {
      const v2 = version(type, 2)
      const own = new Set(allQuestions(v2).map((q) => q.id))
      const answers = Object.fromEntries(Object.entries(v2Answers).filter(([id]) => own.has(id)))
      const context = { country: 'PT' }
      const before = toNeedsProfile(v2, answers, context)
      // An incomplete response names its missing questions, under version 3's ids.
      const renamed = before.ok
        ? before
        : { ...before, missing: before.missing.map((id) => Object.keys(asV3(type, { [id]: 0 }))[0]) }
      expect(toNeedsProfile(version(type, 3), asV3(type, answers), context)).toEqual(renamed)
      expect(readinessProfile(version(type, 3), asV3(type, answers))).toEqual(readinessProfile(v2, answers))
    })
})
