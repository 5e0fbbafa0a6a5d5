import { z } from 'zod'
import { t, tDynamic } from '../i18n/i18n.js'
import { PARTNERS, POLICY_FIELDS, RESPONDENT_TYPES, TARGET_GROUPS } from '../shared/codelists.js'
import { knownCountryCode } from '../shared/countries.js'
import {
  BORROWING_CAPACITIES,
  FINANCIAL_EXPERTISE,
  MAX_AMOUNT_EUR,
  NeedsProfile,
  REVENUE_MODELS,
  SPENDING_TYPES,
} from './needs-profile.js'

/**
 * The wizard's form model: the needs profile as query-string answers, split into steps. State lives
 * in the query string (docs/adr/006-match-wizard-state.md): every value is a string, lists repeat
 * their name (`policyFields=housing&policyFields=education`), yes/no answers are `yes` or `no`.
 */
export const MATCH_FIELDS = [
  'respondentType',
  'country',
  'policyFields',
  'targetGroups',
  'spendingType',
  'investmentSizeEur',
  'ticketSizeEur',
  'revenueModel',
  'outcomesMeasurable',
  'borrowingCapacity',
  'financialExpertise',
  'cofinancingAvailable',
  'partners',
] as const satisfies readonly (keyof NeedsProfile)[]
export type MatchField = (typeof MATCH_FIELDS)[number]

export const LIST_FIELDS: readonly MatchField[] = ['policyFields', 'targetGroups', 'partners']

export interface MatchStep {
  slug: 'about' | 'purpose' | 'investment' | 'capacity' | 'partners'
  fields: readonly MatchField[]
}

export const MATCH_STEPS: readonly MatchStep[] = [
  { slug: 'about', fields: ['respondentType', 'country'] },
  { slug: 'purpose', fields: ['policyFields', 'spendingType', 'targetGroups'] },
  { slug: 'investment', fields: ['investmentSizeEur', 'ticketSizeEur', 'revenueModel', 'outcomesMeasurable'] },
  { slug: 'capacity', fields: ['borrowingCapacity', 'financialExpertise', 'cofinancingAvailable'] },
  { slug: 'partners', fields: ['partners'] },
]

/** Answers as they came in (strings), kept for re-display, hidden fields and links. */
export type RawAnswers = Partial<Record<MatchField, string[]>>
export type Answers = Partial<NeedsProfile>
export type AnswerErrors = Partial<Record<MatchField, string>>

const stepError = { error: () => t('match.errors.step') }
const StepNumber = z
  .string(stepError)
  .regex(/^\d{1,2}$/, stepError)
  .transform(Number)
  .pipe(z.number().min(1, stepError).max(MATCH_STEPS.length, stepError))
const QueryValue = z.union([z.string(), z.array(z.string())]).optional()

/** Every parameter the match pages accept; anything else is an error (ADR 004: strict queries). */
export const MatchQuery = z.strictObject(
  {
    ...(Object.fromEntries(MATCH_FIELDS.map((field) => [field, QueryValue])) as Record<MatchField, typeof QueryValue>),
    step: StepNumber.optional(),
    from: StepNumber.optional(),
    /** The what-if form's earlier answers (their query string), to say what the change did. */
    before: z.string().max(4000).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? t('match.errors.unknownParameter', { names: issue.keys.join(', ') })
        : undefined,
  },
)
export type MatchQuery = z.infer<typeof MatchQuery>

/** The answers of a parsed query, lists split on commas too, empty strings dropped from lists. */
export function readRawAnswers(query: MatchQuery): RawAnswers {
  const raw: RawAnswers = {}
  for (const field of MATCH_FIELDS) {
    const value = query[field]
    if (value === undefined) continue
    const values = Array.isArray(value) ? value : [value]
    raw[field] = LIST_FIELDS.includes(field)
      ? values
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter((v) => v !== '')
      : values
  }
  return raw
}

/** "2 500 000", "2,500,000", "2.500.000", "EUR 2500000" → 2500000; anything else stays text and fails. */
function normaliseAmount(value: unknown): unknown {
  if (typeof value !== 'string') return value
  const compact = value.replace(/[\s\u00a0\u202f_']/g, '').replace(/^(eur|€)/i, '')
  if (compact === '') return null
  if (/^\d+$/.test(compact)) return Number(compact)
  if (/^\d{1,3}(,\d{3})+$/.test(compact) || /^\d{1,3}(\.\d{3})+$/.test(compact))
    return Number(compact.replace(/[.,]/g, ''))
  return value
}

const choice = <T extends string>(values: readonly [T, ...T[]], key: string) =>
  z.enum(values, { error: () => tDynamic(key) })
const yesNo = (key: string) =>
  z.enum(['yes', 'no'], { error: () => tDynamic(key) }).transform((answer) => answer === 'yes')
/** Yes, no or not sure: "unknown" stays "unknown" (issue #18). */
const yesNoUnknown = (key: string) =>
  z
    .enum(['yes', 'no', 'unknown'], { error: () => tDynamic(key) })
    .transform((answer) => (answer === 'unknown' ? ('unknown' as const) : answer === 'yes'))
const choices = <T extends string>(values: readonly [T, ...T[]], key: string) =>
  z.array(z.enum(values, { error: () => tDynamic(key) })).max(100, { error: () => tDynamic(key) })
const amount = z.preprocess(
  normaliseAmount,
  z
    .number({ error: () => t('match.errors.amount') })
    .int({ error: () => t('match.errors.amount') })
    .positive({ error: () => t('match.profileErrors.amountPositive') })
    .max(MAX_AMOUNT_EUR, { error: () => t('match.profileErrors.amountTooLarge') })
    .nullable(),
)
/** Optional radios: no answer is no value (the matcher then assumes `both` and says so). */
const optionalChoice = <T extends string>(values: readonly [T, ...T[]], key: string) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.enum(values, { error: () => tDynamic(key) }).optional())

/** One schema per answer, over the answer's string value (single fields) or list of strings. */
const FIELD_SCHEMAS: { [K in MatchField]: z.ZodType<NeedsProfile[K]> } = {
  respondentType: choice(RESPONDENT_TYPES, 'match.errors.respondentType'),
  country: knownCountryCode(() => t('match.errors.country')),
  policyFields: choices(POLICY_FIELDS, 'match.errors.policyFields').min(1, {
    error: () => t('match.errors.policyFields'),
  }),
  targetGroups: choices(TARGET_GROUPS, 'match.errors.targetGroups'),
  spendingType: optionalChoice(SPENDING_TYPES, 'match.errors.spendingType'),
  investmentSizeEur: amount,
  ticketSizeEur: amount,
  revenueModel: choice(REVENUE_MODELS, 'match.errors.revenueModel'),
  outcomesMeasurable: yesNo('match.errors.outcomesMeasurable'),
  borrowingCapacity: choice(BORROWING_CAPACITIES, 'match.errors.borrowingCapacity'),
  financialExpertise: choice(FINANCIAL_EXPERTISE, 'match.errors.financialExpertise'),
  cofinancingAvailable: yesNoUnknown('match.errors.cofinancingAvailable'),
  partners: choices(PARTNERS, 'match.errors.partners'),
}

const AMOUNT_FIELDS: readonly MatchField[] = ['investmentSizeEur', 'ticketSizeEur']

function parseField<K extends MatchField>(field: K, raw: RawAnswers): { value?: NeedsProfile[K]; error?: string } {
  const values = raw[field] ?? []
  let input: unknown
  if (LIST_FIELDS.includes(field)) input = values
  else if (values.length > 1) return { error: t('match.errors.oneAnswer') }
  else input = values[0] ?? (AMOUNT_FIELDS.includes(field) ? '' : undefined)
  if (field === 'country' && typeof input === 'string') input = input.trim().toUpperCase()
  const result = FIELD_SCHEMAS[field].safeParse(input)
  if (result.success) return { value: result.data }
  const message =
    field === 'country'
      ? t('match.errors.country')
      : (result.error.issues[0]?.message ?? tDynamic(`match.errors.${field}`))
  return { error: message }
}

/** Checks the answers of the given fields; values for the valid ones, a message for each invalid one. */
export function checkAnswers(
  raw: RawAnswers,
  fields: readonly MatchField[],
): { answers: Answers; errors: AnswerErrors } {
  const answers: Record<string, unknown> = {}
  const errors: AnswerErrors = {}
  for (const field of fields) {
    const { value, error } = parseField(field, raw)
    if (error !== undefined) errors[field] = error
    else if (value !== undefined) answers[field] = value
  }
  // The same cross-field check as the API's needs profile, once both amounts are checked.
  const investment = answers.investmentSizeEur
  const ticket = answers.ticketSizeEur
  if (typeof investment === 'number' && typeof ticket === 'number' && ticket > investment) {
    errors.ticketSizeEur = t('match.profileErrors.ticketAboveInvestment')
    delete answers.ticketSizeEur
  }
  return { answers: answers as Answers, errors }
}

/** The full needs profile when every answer is valid. */
export function profileFromAnswers(
  raw: RawAnswers,
): { profile: NeedsProfile; errors?: undefined } | { profile?: undefined; errors: AnswerErrors } {
  const { answers, errors } = checkAnswers(raw, MATCH_FIELDS)
  if (Object.keys(errors).length > 0) return { errors }
  const parsed = NeedsProfile.safeParse(answers)
  if (parsed.success) return { profile: parsed.data }
  // Not reachable while the field schemas are at least as strict as NeedsProfile; kept as a 400, not a 500.
  const fromProfile: AnswerErrors = {}
  for (const issue of parsed.error.issues) {
    const field = MATCH_FIELDS.find((name) => name === issue.path[0]) ?? 'respondentType'
    fromProfile[field] ??= issue.message
  }
  return { errors: fromProfile }
}

/** Answers (typed) back to query strings, in the canonical form the links use. */
export function answersToRaw(answers: Answers): RawAnswers {
  const raw: RawAnswers = {}
  for (const field of MATCH_FIELDS) {
    const value = answers[field]
    if (value === undefined) continue
    if (Array.isArray(value)) raw[field] = [...value]
    else if (typeof value === 'boolean') raw[field] = [value ? 'yes' : 'no']
    else if (value === null) raw[field] = []
    else raw[field] = [String(value)]
  }
  return raw
}

/** Name/value pairs in field order, lists repeated; empty answers are left out. */
export function answerPairs(raw: RawAnswers, except: readonly MatchField[] = []): [MatchField, string][] {
  const pairs: [MatchField, string][] = []
  for (const field of MATCH_FIELDS) {
    if (except.includes(field)) continue
    for (const value of raw[field] ?? []) if (value !== '') pairs.push([field, value])
  }
  return pairs
}

/** "?respondentType=city&…" (or "" when empty), with extra parameters first. */
export function answersQuery(raw: RawAnswers, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra)
  for (const [name, value] of answerPairs(raw)) params.append(name, value)
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

export const stepUrl = (step: number, raw: RawAnswers) =>
  `/match${answersQuery(raw, step === 1 && answerPairs(raw).length === 0 ? {} : { step: String(step) })}`
export const resultUrl = (raw: RawAnswers) => `/match/result${answersQuery(raw)}`

/** The step (1-based) that asks for a field. */
export function stepOf(field: MatchField): number {
  return MATCH_STEPS.findIndex((step) => step.fields.includes(field)) + 1
}
