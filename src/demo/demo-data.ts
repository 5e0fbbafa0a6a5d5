import { allQuestions, optionsOf, type Question, type QuestionnaireDefinition } from '../questionnaires/definition.js'
import { visibleQuestionIds, type AnswerValue, type Answers } from '../questionnaires/answers.js'
import type { ResponseRecord, ResponseStatus } from '../questionnaires/response.js'
import type { RespondentType } from '../shared/codelists.js'

/**
 * Demonstration data (`npm run cli -- demo`, docs/adr/047): fictional organisations of all four
 * respondent types in several countries, one respondent account each and one response each,
 * submitted, in review or drafts. Every record has `demo: true`, so the review leaves it out of
 * figures unless `includeDemo=true`. Deterministic ids: running the command twice adds nothing.
 */

export interface DemoOrganisationSpec {
  slug: string
  name: string
  respondentType: RespondentType
  country: string
  status: ResponseStatus
  /** Drafts only: the authors let DG HOME see the draft. */
  consent?: boolean
  /** false: a registered organisation that has not answered (the review's target list). */
  responds?: false
  /** Fixed answers (given the current year) where they feed the review's common questions (issue #18). */
  fixed?: (year: number) => Answers
  /** Answer every question with a readiness rule as well as it can be answered (a city ready for a pilot). */
  strong?: true
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisationSpec[] = [
  // Ready for a pilot: high readiness, consent, financing next year; microfinance nobody offers in Italy.
  {
    slug: 'northport',
    name: 'Demo city of Northport',
    respondentType: 'city',
    country: 'IT',
    status: 'submitted',
    strong: true,
    fixed: (year) => ({
      ...PLANNED(year + 1, 2_400_000),
      policy_fields: ['entrepreneurship', 'employment'],
      instruments_interest: ['microfinance', 'loan'],
      consent_pilot_contact: true,
    }),
  },
  // Consent given, but the financing is needed only in six years: not "ready now".
  {
    slug: 'riverbend',
    name: 'Demo city of Riverbend',
    respondentType: 'city',
    country: 'DE',
    status: 'in_review',
    strong: true,
    fixed: (year) => ({
      ...PLANNED(year + 6, 9_000_000),
      policy_fields: ['housing'],
      instruments_interest: ['loan'],
      consent_pilot_contact: true,
    }),
  },
  // Wants microfinance where the demo cooperative lends (Spain): covered.
  {
    slug: 'hillcrest',
    name: 'Demo city of Hillcrest',
    respondentType: 'city',
    country: 'ES',
    status: 'follow_up',
    fixed: (year) => ({
      ...PLANNED(year + 1, 600_000),
      policy_fields: ['entrepreneurship'],
      instruments_interest: ['microfinance'],
      consent_pilot_contact: false,
    }),
  },
  {
    slug: 'westhaven',
    name: 'Demo city of Westhaven',
    respondentType: 'city',
    country: 'FR',
    status: 'draft',
    consent: true,
  },
  {
    slug: 'ministry-pt',
    name: 'Demo ministry of social inclusion',
    respondentType: 'member_state',
    country: 'PT',
    status: 'submitted',
    fixed: () => ({
      policy_fields: ['housing', 'employment'],
      programmes_use_fi: true,
      programmes_fi_which: ['loan', 'guarantee'],
      facility_options: ['eu_amif_facility', 'national_facility'],
      facility_contribution_eur: 12_000_000,
      facility_contribution_share: 15,
      national_facility_eur: 20_000_000,
      contribution_programme: ['amif'],
    }),
  },
  {
    slug: 'ministry-nl',
    name: 'Demo national integration agency',
    respondentType: 'member_state',
    country: 'NL',
    status: 'draft',
    consent: false,
  },
  {
    slug: 'promo-bank',
    name: 'Demo regional promotional bank',
    respondentType: 'financial_intermediary',
    country: 'PL',
    status: 'submitted',
    fixed: () => ({
      geography: 'several_countries',
      countries_served: ['pl', 'cz'],
      products: ['loan', 'guarantee'],
      policy_fields: ['housing', 'entrepreneurship'],
      portfolio_available: 40_000_000,
      ticket_min: 500_000,
      ticket_typical: 2_000_000,
      ticket_max: 10_000_000,
    }),
  },
  {
    slug: 'microfinance',
    name: 'Demo microfinance cooperative',
    respondentType: 'financial_intermediary',
    country: 'GR',
    status: 'closed',
    fixed: () => ({
      geography: 'several_countries',
      countries_served: ['gr', 'es'],
      products: ['microfinance'],
      policy_fields: ['entrepreneurship', 'employment'],
      portfolio_available: 3_000_000,
      // Tickets in order (random ones could give a minimum above the maximum).
      ticket_min: 2_000,
      ticket_typical: 10_000,
      ticket_max: 25_000,
    }),
  },
  {
    slug: 'housing',
    name: 'Demo refugee housing association',
    respondentType: 'service_provider',
    country: 'BE',
    status: 'submitted',
  },
  {
    slug: 'jobs-centre',
    name: 'Demo language and jobs centre',
    respondentType: 'service_provider',
    country: 'SE',
    status: 'draft',
    consent: true,
  },
  // Registered, never answered: the review's target list ("who has not answered") is not empty.
  {
    slug: 'lakeside',
    name: 'Demo city of Lakeside',
    respondentType: 'city',
    country: 'AT',
    status: 'draft',
    responds: false,
  },
  {
    slug: 'ministry-ie',
    name: 'Demo department of integration',
    respondentType: 'member_state',
    country: 'IE',
    status: 'draft',
    responds: false,
  },
]

/** A planned investment (the city questions about it are shown only then). */
function PLANNED(financingYear: number, totalEur: number): Answers {
  return { has_planned_investment: true, financing_year: financingYear, investment_total: totalEur }
}

/** A fixed UUID (version 4 layout) per kind and index, so ids parse wherever a UUID is expected. */
export function demoId(kind: 'organisation' | 'user' | 'response', index: number): string {
  const k = { organisation: '8000', user: '8001', response: '8002' }[kind]
  return `de000000-0000-4000-${k}-${String(index + 1).padStart(12, '0')}`
}

export const DEMO_TEXT = 'Fictional answer written for the demonstration.'
const DEMO_START = Date.parse('2026-10-01T09:00:00.000Z')

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

function answerFor(question: Question, rnd: () => number, country: string): AnswerValue {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!
  switch (question.type) {
    case 'single_choice':
      return pick(optionsOf(question).map((o) => o.value))
    case 'multiple_choice': {
      const options = optionsOf(question).filter((o) => !o.exclusive)
      const min = Math.max(1, question.minChoices ?? 1)
      const max = question.maxChoices ?? options.length
      const chosen = options.filter(() => rnd() < 0.4).map((o) => o.value)
      for (const option of options) if (chosen.length < min && !chosen.includes(option.value)) chosen.push(option.value)
      return chosen.slice(0, max)
    }
    case 'scale':
      return question.min + Math.floor(rnd() * (question.max - question.min + 1))
    case 'number': {
      const min = question.min ?? 0
      const max = Math.min(question.max ?? 100_000, min + 500_000)
      const value = min + rnd() * (max - min)
      return question.integer === false ? Math.round(value * 10) / 10 : Math.round(value)
    }
    case 'amount': {
      const max = Math.min(question.max ?? 5_000_000, 5_000_000)
      return Math.max(question.min ?? 0, Math.round(((0.05 + rnd() * 0.5) * max) / 1000) * 1000)
    }
    case 'yes_no':
      return rnd() < 0.6
    case 'country':
      return country
    default:
      return DEMO_TEXT
  }
}

/** The answer that earns a question's readiness rules the most points, when it has such rules. */
function strongAnswer(question: Question): AnswerValue | undefined {
  const rule = question.readiness?.[0]
  if (!rule) return undefined
  if (rule.points) {
    const [best] = Object.entries(rule.points).sort(([, x], [, y]) => y - x)[0]!
    if (question.type === 'yes_no') return best === 'yes'
    return question.type === 'scale' ? Number(best) : best
  }
  if (rule.each !== undefined && question.type === 'multiple_choice') {
    const options = optionsOf(question).filter((o) => !o.exclusive && !(rule.except ?? []).includes(o.value))
    return options.slice(0, question.maxChoices ?? options.length).map((o) => o.value)
  }
  return undefined
}

export interface DemoAnswerOptions {
  /** The share of the shown questions answered (1: all). */
  share?: number
  /** Answers given as they are, before any generated one. */
  fixed?: Answers
  /** Each question with readiness rules gets its best answer. */
  strong?: boolean
}

/** Answers that respect the questionnaire's conditions; generated from the seed unless fixed. */
export function demoAnswers(
  definition: QuestionnaireDefinition,
  seed: number,
  country: string,
  options: DemoAnswerOptions = {},
): Answers {
  const rnd = random(seed)
  const questions = allQuestions(definition)
  const answers: Answers = {}
  const limit = Math.ceil(questions.length * (options.share ?? 1))
  let asked = 0
  for (const question of questions) {
    if (asked >= limit) break
    // Drawn for every question, so a fixed answer leaves the others as they were.
    const generated = answerFor(question, rnd, country)
    if (!visibleQuestionIds(definition, answers).has(question.id)) continue
    const fixed = options.fixed?.[question.id]
    answers[question.id] = fixed ?? (options.strong ? strongAnswer(question) : undefined) ?? generated
    asked++
  }
  return answers
}

export interface DemoRecords {
  organisations: {
    _id: string
    name: string
    nameKey: string
    respondentType: RespondentType
    country: string
    createdAt: string
    demo: true
  }[]
  users: {
    _id: string
    email: string
    name: string
    role: 'respondent'
    organisationId: string
    affiliation: null
    locale: null
    passwordHash: string
    createdAt: string
    updatedAt: string
    passwordChangedAt: string
    demo: true
  }[]
  responses: ({ _id: string } & Omit<ResponseRecord, 'id'>)[]
}

/** Every demonstration record; `passwordHash` is what the accounts get (unusable unless a password was given). */
export function demoRecords(
  definitions: Map<RespondentType, QuestionnaireDefinition>,
  passwordHash: string,
  now: Date = new Date(),
): DemoRecords {
  const records: DemoRecords = { organisations: [], users: [], responses: [] }
  DEMO_ORGANISATIONS.forEach((spec, index) => {
    const definition = definitions.get(spec.respondentType)
    if (!definition) return
    const createdAt = new Date(DEMO_START + index * 3_600_000).toISOString()
    const submittedAt = new Date(DEMO_START + index * 3_600_000 + 86_400_000).toISOString()
    const orgId = demoId('organisation', index)
    const userId = demoId('user', index)
    const userName = `Demo user (${spec.name.replace(/^Demo /, '')})`
    records.organisations.push({
      _id: orgId,
      name: spec.name,
      nameKey: spec.name.toLowerCase(),
      respondentType: spec.respondentType,
      country: spec.country,
      createdAt,
      demo: true,
    })
    records.users.push({
      _id: userId,
      email: `demo.${spec.slug}@example.org`,
      name: userName,
      role: 'respondent',
      organisationId: orgId,
      affiliation: null,
      locale: null,
      passwordHash,
      createdAt,
      updatedAt: createdAt,
      passwordChangedAt: createdAt,
      demo: true,
    })
    if (spec.responds === false) return
    const draft = spec.status === 'draft'
    const answers = demoAnswers(definition, 1000 + index, spec.country, {
      share: draft ? 0.5 : 1,
      fixed: spec.fixed?.(now.getUTCFullYear()),
      strong: spec.strong,
    })
    const at = draft ? createdAt : submittedAt
    records.responses.push({
      _id: demoId('response', index),
      organisationId: orgId,
      respondentType: spec.respondentType,
      definitionVersion: definition.version,
      openKey: `${orgId}:${spec.respondentType}:demo:1`,
      status: spec.status,
      answers,
      version: draft ? 2 : 3,
      consentToViewDraft: draft && spec.consent === true,
      demo: true,
      createdAt,
      createdBy: userId,
      updatedAt: at,
      updatedBy: userId,
      submission: draft ? null : { answers, at: submittedAt, userId, userName, responseVersion: 3 },
      changedSinceSubmission: false,
      statusChangedAt: at,
      history: [
        {
          action: 'created',
          fromVersion: 0,
          toVersion: 1,
          firstAt: createdAt,
          at: createdAt,
          userId,
          userName,
          changes: [],
        },
        ...(draft
          ? []
          : [
              {
                action: 'submitted' as const,
                fromVersion: 2,
                toVersion: 3,
                firstAt: submittedAt,
                at: submittedAt,
                userId,
                userName,
                changes: [],
              },
            ]),
      ],
    })
  })
  return records
}
