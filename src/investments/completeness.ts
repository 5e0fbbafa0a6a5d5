import type { Investment } from './investment.js'

/**
 * What a case should have, by priority, after the INDIGO data standard (ADR 016). INDIGO tags each
 * section of a project with priority 1, 2 or 3; having every priority-1 field is what GO Lab needs to
 * publish a project. Our fields map onto those sections:
 *
 * | priority | INDIGO section                                         | our fields                                          |
 * |----------|--------------------------------------------------------|-----------------------------------------------------|
 * | 1        | name, purpose_and_classifications                      | title, summary, policyFields, instruments           |
 * | 1        | jurisdiction                                            | countries                                           |
 * | 1        | stage_development                                       | stage                                               |
 * | 1        | dates                                                   | yearStart                                           |
 * | 1        | overall_project_finance                                 | amount                                              |
 * | 1        | service_and_beneficiaries (target_population)           | targetGroups                                        |
 * | 1        | sources (every figure sourced: our rule, DESIGN C7)     | sources                                             |
 * | 2        | sources of the figure                                   | amountSource (only when there is an amount)         |
 * | 2        | outcome_funds                                           | funds                                               |
 * | 2        | investments (investors)                                 | financiers                                          |
 * | 2        | dates (end of service provision, completion)            | yearEnd                                             |
 * | 2        | outcome_payment_commitments (outcomes contracts only)   | outcomePayer (only for social outcomes contracts)   |
 * | 3        | results                                                 | results                                             |
 *
 * The score weighs a field by its priority (3, 2, 1) over the fields that apply to the record, so a
 * missing priority-1 field costs three times a missing priority-3 field. `lastVerified` is not part
 * of the score: it is shown beside it as its own badge (freshness is not completeness).
 */
export type Priority = 1 | 2 | 3

export interface CompletenessField {
  field: string
  priority: Priority
  /** False when the field does not concern this record (an outcome payer for a loan). */
  applies(investment: Investment): boolean
  present(investment: Investment): boolean
}

const always = () => true
const filled = (value: unknown): boolean =>
  value !== null && value !== undefined && (typeof value !== 'string' || value.trim() !== '')
const nonEmpty = (list: readonly unknown[]): boolean => list.length > 0

export const COMPLETENESS_FIELDS: readonly CompletenessField[] = [
  { field: 'title', priority: 1, applies: always, present: (i) => filled(i.title) },
  { field: 'summary', priority: 1, applies: always, present: (i) => filled(i.summary) },
  { field: 'policyFields', priority: 1, applies: always, present: (i) => nonEmpty(i.policyFields) },
  { field: 'instruments', priority: 1, applies: always, present: (i) => nonEmpty(i.instruments) },
  { field: 'countries', priority: 1, applies: always, present: (i) => nonEmpty(i.countries) },
  { field: 'stage', priority: 1, applies: always, present: (i) => filled(i.stage) },
  { field: 'yearStart', priority: 1, applies: always, present: (i) => filled(i.yearStart) },
  { field: 'amount', priority: 1, applies: always, present: (i) => filled(i.amount) },
  { field: 'targetGroups', priority: 1, applies: always, present: (i) => nonEmpty(i.targetGroups) },
  { field: 'sources', priority: 1, applies: always, present: (i) => nonEmpty(i.sources) },
  { field: 'amountSource', priority: 2, applies: (i) => i.amount !== null, present: (i) => filled(i.amountSource) },
  { field: 'funds', priority: 2, applies: always, present: (i) => nonEmpty(i.funds) },
  { field: 'financiers', priority: 2, applies: always, present: (i) => nonEmpty(i.financiers) },
  { field: 'yearEnd', priority: 2, applies: always, present: (i) => filled(i.yearEnd) },
  {
    field: 'outcomePayer',
    priority: 2,
    applies: (i) => i.instruments.includes('social-outcomes-contract'),
    present: (i) => filled(i.outcomePayer),
  },
  { field: 'results', priority: 3, applies: always, present: (i) => filled(i.results) },
]

export const PRIORITY_WEIGHT: Record<Priority, number> = { 1: 3, 2: 2, 3: 1 }

export interface MissingField {
  field: string
  priority: Priority
}

export interface Completeness {
  /** 0-100: the weighted share of the applicable fields that are filled in. */
  score: number
  /** True when every applicable priority-1 field is filled in (INDIGO's bar for publishing). */
  priority1Complete: boolean
  /** The applicable fields that are empty, most important first (then in the order above). */
  missing: MissingField[]
}

export function completenessOf(investment: Investment): Completeness {
  let total = 0
  let have = 0
  const missing: MissingField[] = []
  for (const spec of COMPLETENESS_FIELDS) {
    if (!spec.applies(investment)) continue
    const weight = PRIORITY_WEIGHT[spec.priority]
    total += weight
    if (spec.present(investment)) have += weight
    else missing.push({ field: spec.field, priority: spec.priority })
  }
  missing.sort((a, b) => a.priority - b.priority)
  return {
    score: total === 0 ? 100 : Math.floor((have / total) * 100),
    priority1Complete: !missing.some((m) => m.priority === 1),
    missing,
  }
}
