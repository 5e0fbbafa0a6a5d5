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
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisationSpec[] = [
  { slug: 'northport', name: 'Demo city of Northport', respondentType: 'city', country: 'IT', status: 'submitted' },
  { slug: 'riverbend', name: 'Demo city of Riverbend', respondentType: 'city', country: 'DE', status: 'in_review' },
  { slug: 'hillcrest', name: 'Demo city of Hillcrest', respondentType: 'city', country: 'ES', status: 'follow_up' },
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
  },
  {
    slug: 'microfinance',
    name: 'Demo microfinance cooperative',
    respondentType: 'financial_intermediary',
    country: 'GR',
    status: 'closed',
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

/** Answers that respect the questionnaire's conditions; `share` of the shown questions are answered (1: all). */
export function demoAnswers(definition: QuestionnaireDefinition, seed: number, country: string, share = 1): Answers {
  const rnd = random(seed)
  const questions = allQuestions(definition)
  const answers: Answers = {}
  const limit = Math.ceil(questions.length * share)
  let asked = 0
  for (const question of questions) {
    if (asked >= limit) break
    if (!visibleQuestionIds(definition, answers).has(question.id)) continue
    answers[question.id] = answerFor(question, rnd, country)
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
    const answers = demoAnswers(definition, 1000 + index, spec.country, draft ? 0.5 : 1)
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
