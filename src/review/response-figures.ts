import { visibleQuestionIds, type Answers } from '../questionnaires/answers.js'
import type { QuestionnaireDefinition } from '../questionnaires/definition.js'
import type { RespondentType } from '../shared/codelists.js'

/**
 * What one response adds to the review's euro figures (issue #18, docs/adr/053): amounts by kind,
 * never added across kinds (a city's project cost is not a Member State's programme budget), each
 * response once; an intermediary's tickets; the countries it serves.
 */
export const SIZE_KINDS = [
  'city_project_cost',
  'member_state_programme_budget',
  'member_state_facility_contribution',
  'intermediary_portfolio',
  'intermediary_committable',
  'service_provider_need',
] as const
export type SizeKind = (typeof SIZE_KINDS)[number]

/** Where each kind lives, per respondent type: the questions of every published version, first answered wins. */
export const SIZE_QUESTIONS: Record<SizeKind, { type: RespondentType; questions: readonly string[] }> = {
  city_project_cost: { type: 'city', questions: ['investment_total'] },
  member_state_programme_budget: { type: 'member_state', questions: ['integration_budget'] },
  member_state_facility_contribution: { type: 'member_state', questions: ['facility_contribution_eur'] },
  intermediary_portfolio: { type: 'financial_intermediary', questions: ['inclusion_portfolio'] },
  intermediary_committable: { type: 'financial_intermediary', questions: ['portfolio_available'] },
  service_provider_need: { type: 'service_provider', questions: ['financing_amount'] },
}

/** What is wanted, for the gap in euros; a Member State's contribution is money offered, shown apart. */
export const DEMAND_KINDS: readonly SizeKind[] = ['city_project_cost', 'service_provider_need']
export const TICKET_QUESTIONS = { min: 'ticket_min', typical: 'ticket_typical', max: 'ticket_max' } as const
/** Countries an intermediary serves: several (later versions), else its main country of financing. */
export const COUNTRIES_SERVED_QUESTIONS = ['countries_served', 'main_country'] as const

export interface ResponseFigures {
  sizes: Partial<Record<SizeKind, number>>
  tickets: { min: number | null; typical: number | null; max: number | null }
  /** Where the response counts: the organisation's country, or the countries an intermediary serves. */
  countries: string[]
}

const amount = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null

/**
 * The answers the figures read: without the answers the form's own conditions hide (a draft keeps
 * them while its authors edit). Without the definition the answers are taken as they are.
 */
export function shownAnswers(
  answers: Record<string, unknown>,
  definition: QuestionnaireDefinition | undefined,
): Record<string, unknown> {
  if (!definition) return answers
  const visible = visibleQuestionIds(definition, answers as Answers)
  return Object.fromEntries(Object.entries(answers).filter(([id]) => visible.has(id)))
}

export function countriesOf(
  type: RespondentType,
  answers: Record<string, unknown>,
  organisationCountry: string,
): string[] {
  if (type !== 'financial_intermediary') return [organisationCountry]
  for (const id of COUNTRIES_SERVED_QUESTIONS) {
    const answer = answers[id]
    // Option values are lower case ("pt"); the country question gives "PT".
    const list = (Array.isArray(answer) ? answer : [answer])
      .filter((c): c is string => typeof c === 'string' && /^[a-zA-Z]{2}$/.test(c))
      .map((c) => c.toUpperCase())
    if (list.length > 0) return [...new Set(list)].sort()
  }
  return [organisationCountry]
}

export function figuresOf(
  type: RespondentType,
  answers: Record<string, unknown>,
  organisationCountry: string,
): ResponseFigures {
  const sizes: Partial<Record<SizeKind, number>> = {}
  for (const kind of SIZE_KINDS) {
    const where = SIZE_QUESTIONS[kind]
    if (where.type !== type) continue
    for (const id of where.questions) {
      const value = amount(answers[id])
      if (value !== null) {
        sizes[kind] = value
        break
      }
    }
  }
  const tickets =
    type === 'financial_intermediary'
      ? {
          min: amount(answers[TICKET_QUESTIONS.min]),
          typical: amount(answers[TICKET_QUESTIONS.typical]),
          max: amount(answers[TICKET_QUESTIONS.max]),
        }
      : { min: null, typical: null, max: null }
  return { sizes, tickets, countries: countriesOf(type, answers, organisationCountry) }
}
