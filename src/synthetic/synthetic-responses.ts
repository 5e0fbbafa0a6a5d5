import type { DocumentStore } from '../storage/document-store.js'
import { allQuestions, optionsOf, type Question, type QuestionnaireDefinition } from '../questionnaires/definition.js'
import type { AnswerValue, Answers } from '../questionnaires/answers.js'
import { RESPONDENT_TYPES, type RespondentType } from '../shared/codelists.js'

/**
 * Synthetic questionnaire responses for benchmarks (`bench-data --responses N`): flagged
 * `synthetic: true` (and their organisations too), so the review leaves them out of real figures.
 * Deterministic: the same N gives the same records. Answers are valid for the definition; every
 * question is answered with a fixed probability (no `showIf` logic: the aggregates do not care).
 */

const COUNTRIES = ['IT', 'DE', 'FR', 'ES', 'NL', 'BE', 'PT', 'AT', 'SE', 'PL', 'GR', 'IE']
const STATUSES = ['submitted', 'submitted', 'submitted', 'in_review', 'follow_up', 'closed', 'draft'] as const
const WORDS = [
  'housing',
  'jobs',
  'language',
  'training',
  'loans',
  'guarantee',
  'refugees',
  'mentoring',
  'childcare',
  'health',
  'start-ups',
  'outcomes',
]

export interface SyntheticOrganisation {
  _id: string
  name: string
  nameKey: string
  respondentType: RespondentType
  country: string
  createdAt: string
  synthetic: true
  [key: string]: unknown
}

export interface SyntheticResponse {
  _id: string
  [key: string]: unknown
}

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

function answerFor(question: Question, rnd: () => number): AnswerValue | undefined {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!
  switch (question.type) {
    case 'single_choice':
      return pick(optionsOf(question).map((o) => o.value))
    case 'multiple_choice': {
      const options = optionsOf(question).filter((o) => !o.exclusive)
      const chosen = options.filter(() => rnd() < 0.3).map((o) => o.value)
      const max = question.maxChoices ?? chosen.length
      return chosen.length > 0 ? chosen.slice(0, max) : [pick(options).value]
    }
    case 'scale':
      return question.min + Math.floor(rnd() * (question.max - question.min + 1))
    case 'number':
      return Math.round(
        (question.min ?? 0) + rnd() * Math.min(100_000, (question.max ?? 100_000) - (question.min ?? 0)),
      )
    case 'amount':
      return Math.round(1000 + rnd() * 50_000_000)
    case 'yes_no':
      return rnd() < 0.5
    case 'country':
      return pick(COUNTRIES)
    default:
      return Array.from({ length: 4 + Math.floor(rnd() * 8) }, () => pick(WORDS)).join(' ')
  }
}

export function syntheticAnswers(definition: QuestionnaireDefinition, rnd: () => number): Answers {
  const answers: Answers = {}
  for (const question of allQuestions(definition)) {
    if (rnd() < 0.15) continue
    const value = answerFor(question, rnd)
    if (value !== undefined) answers[question.id] = value
  }
  return answers
}

/** `count` responses spread over the four respondent types, one organisation each. */
export function syntheticResponses(
  count: number,
  definitions: Map<RespondentType, QuestionnaireDefinition>,
): { organisations: SyntheticOrganisation[]; responses: SyntheticResponse[] } {
  const rnd = random(42)
  const organisations: SyntheticOrganisation[] = []
  const responses: SyntheticResponse[] = []
  const start = Date.parse('2026-01-01T00:00:00.000Z')
  for (let i = 0; i < count; i++) {
    const respondentType = RESPONDENT_TYPES[i % RESPONDENT_TYPES.length]!
    const definition = definitions.get(respondentType)
    if (!definition) continue
    const orgId = `synthetic-org-${i}`
    const at = new Date(start + i * 60_000).toISOString()
    const country = COUNTRIES[Math.floor(rnd() * COUNTRIES.length)]!
    organisations.push({
      _id: orgId,
      name: `Synthetic ${respondentType} ${i}`,
      nameKey: `synthetic ${respondentType} ${i}`,
      respondentType,
      country,
      createdAt: at,
      synthetic: true,
    })
    const status = STATUSES[Math.floor(rnd() * STATUSES.length)]!
    const answers = syntheticAnswers(definition, rnd)
    const draft = status === 'draft'
    responses.push({
      _id: `synthetic-response-${i}`,
      organisationId: orgId,
      respondentType,
      definitionVersion: definition.version,
      openKey: `${orgId}:${respondentType}:real:1`,
      status,
      answers,
      version: 2,
      consentToViewDraft: draft && rnd() < 0.5,
      demo: false,
      synthetic: true,
      createdAt: at,
      createdBy: 'synthetic',
      updatedAt: at,
      updatedBy: 'synthetic',
      submission: draft ? null : { answers, at, userId: 'synthetic', userName: 'Synthetic', responseVersion: 2 },
      changedSinceSubmission: false,
      statusChangedAt: at,
      history: [],
    })
  }
  return { organisations, responses }
}

/** The current definition of each type from a list of definitions. */
export function questionnairesFrom(
  definitions: QuestionnaireDefinition[],
): Map<RespondentType, QuestionnaireDefinition> {
  const map = new Map<RespondentType, QuestionnaireDefinition>()
  for (const definition of definitions) {
    const have = map.get(definition.respondentType)
    if (!have || have.version < definition.version) map.set(definition.respondentType, definition)
  }
  return map
}

/** Writes `count` synthetic responses and their organisations (those already there are skipped). */
export async function writeSyntheticResponses(
  store: DocumentStore,
  count: number,
  definitions: Map<RespondentType, QuestionnaireDefinition>,
): Promise<number> {
  const { organisations, responses } = syntheticResponses(count, definitions)
  const orgs = store.collection<SyntheticOrganisation>('organisations')
  const coll = store.collection<SyntheticResponse>('responses')
  const haveOrgs = new Set((await orgs.find({ synthetic: true }, { projection: { _id: 1 } })).map((d) => d._id))
  const haveResponses = new Set((await coll.find({ synthetic: true }, { projection: { _id: 1 } })).map((d) => d._id))
  const newOrgs = organisations.filter((o) => !haveOrgs.has(o._id))
  const newResponses = responses.filter((r) => !haveResponses.has(r._id))
  for (let i = 0; i < newOrgs.length; i += 1000) await orgs.insertMany(newOrgs.slice(i, i + 1000))
  for (let i = 0; i < newResponses.length; i += 1000) await coll.insertMany(newResponses.slice(i, i + 1000))
  return newResponses.length
}
