import { z } from 'zod'
import { listParam, singleParam } from '../http/validate.js'
import { t } from '../i18n/i18n.js'
import { GAP_COVERAGE } from './review-gap.js'
import {
  INSTRUMENTS,
  POLICY_FIELDS,
  RESPONDENT_TYPES,
  TARGET_GROUPS,
  type RespondentType,
} from '../shared/codelists.js'
import { sharedIdsOf } from '../questionnaires/shared-question-ids.js'

/**
 * The review's filters (docs/adr/017-review-aggregates-and-workflow.md; applied by `matchesFilters` in response-views.ts). Any number of filters: a repeated
 * parameter is OR inside its filter, different filters AND together (as `GET /api/v1/investments`).
 * `answer=<questionId>:<value>` filters on any question of any questionnaire version (a shared
 * concept's id, docs/adr/068, also finds older versions' answers under their own id); answers to
 * one question OR together, different questions AND.
 */

/** Review statuses: `new` is a submitted response not yet taken up; `draft` a shared draft in progress. */
export const REVIEW_STATUSES = ['draft', 'new', 'in_review', 'follow_up', 'closed'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]
/** What a reviewer may set (a draft stays with its authors). */
export const SETTABLE_STATUSES = ['new', 'in_review', 'follow_up', 'closed'] as const
export type SettableStatus = (typeof SETTABLE_STATUSES)[number]

/** Review status → stored response status, and back. */
export const STORED_STATUS: Record<ReviewStatus, string> = {
  draft: 'draft',
  new: 'submitted',
  in_review: 'in_review',
  follow_up: 'follow_up',
  closed: 'closed',
}
export function reviewStatusOf(stored: string): ReviewStatus {
  return stored === 'submitted' ? 'new' : (stored as ReviewStatus)
}

/**
 * Where each theme of the demand/supply view lives in each questionnaire: per respondent type the
 * question ids of every published version, the first one a response (or version) has wins, so a
 * version that renames a question keeps the older responses in the figures (issue #18; checked
 * against every version by tests/unit/review/review-query.test.ts). Demand: cities and Member
 * States (and service providers' own financing needs); supply: financial intermediaries. Policy
 * fields and target groups are shared concepts: their ids per version are in
 * seed/questionnaire-shared-ids.json (docs/adr/068).
 */
const themeIds = (concept: string): Record<RespondentType, readonly string[]> => ({
  city: sharedIdsOf(concept, 'city'),
  member_state: sharedIdsOf(concept, 'member_state'),
  financial_intermediary: sharedIdsOf(concept, 'financial_intermediary'),
  service_provider: sharedIdsOf(concept, 'service_provider'),
})

export const THEME_QUESTIONS: Record<
  'policyField' | 'targetGroup' | 'instrument' | 'size',
  Record<RespondentType, readonly string[]>
> = {
  policyField: themeIds('policy_fields'),
  targetGroup: themeIds('target_groups'),
  instrument: {
    city: ['instruments_interest'],
    member_state: ['instruments_interest', 'programmes_fi_which'],
    financial_intermediary: ['products'],
    service_provider: ['instruments_interest'],
  },
  size: {
    city: ['investment_total'],
    member_state: ['facility_contribution_eur', 'integration_budget'],
    financial_intermediary: ['ticket_typical'],
    service_provider: ['financing_amount'],
  },
}
export type Theme = keyof typeof THEME_QUESTIONS

/** The answer to a theme's question, whichever version's id the answers use. */
export function themeAnswerOf(answers: Record<string, unknown>, theme: Theme, type: RespondentType): unknown {
  for (const id of THEME_QUESTIONS[theme][type]) if (answers[id] !== undefined) return answers[id]
  return undefined
}

const Country = z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter country code')
const AnswerFilter = z.string().regex(/^[a-z][a-z0-9_]{0,59}:[A-Za-z0-9_-]{1,60}$/, 'Use questionId:value')
const Flag = singleParam(
  z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
)

/** A bound of a numeric range filter: optional, one value, a number in [0, max]. */
const bound = (max: number, int: boolean) =>
  singleParam((int ? z.coerce.number().int() : z.coerce.number()).min(0).max(max).optional())

/**
 * Numeric ranges (≥ / ≤, issue #18, docs/adr/065): the overall readiness score (0–100) and the
 * response's euro amount of any kind (response-figures.ts); a response without the figure is
 * left out as soon as a bound is set.
 */
export const RANGE_SHAPE = {
  readinessMin: bound(100, true),
  readinessMax: bound(100, true),
  amountMin: bound(1e13, false),
  amountMax: bound(1e13, false),
}
export const RANGE_KEYS = Object.keys(RANGE_SHAPE) as (keyof typeof RANGE_SHAPE)[]
export type RangeKey = (typeof RANGE_KEYS)[number]

export const ReviewFilterShape = {
  respondentType: listParam(z.enum(RESPONDENT_TYPES)),
  country: listParam(Country),
  status: listParam(z.enum(REVIEW_STATUSES)),
  definitionVersion: listParam(z.coerce.number().int().min(1).max(1000)),
  policyField: listParam(z.enum(POLICY_FIELDS)),
  targetGroup: listParam(z.enum(TARGET_GROUPS)),
  instrument: listParam(z.enum(INSTRUMENTS)),
  answer: listParam(AnswerFilter),
  /** Rows of the gap table by instrument with this coverage (docs/adr/066); the responses are not filtered by it. */
  coverage: listParam(z.enum(GAP_COVERAGE)),
  /** Include demonstration and synthetic responses (excluded from real figures by default). */
  includeDemo: Flag,
  /** Count shared drafts in the figures, list and export (left out by default, issue #18; `status=draft` asks for them too). */
  includeDrafts: Flag,
  ...RANGE_SHAPE,
}
export const ReviewFilters = z.strictObject(ReviewFilterShape)
export type ReviewFilters = z.infer<typeof ReviewFilters>

export const ReviewListQuery = z.strictObject({
  ...ReviewFilterShape,
  page: singleParam(z.coerce.number().int().min(1).max(100_000).default(1)),
  pageSize: singleParam(z.coerce.number().int().min(1).max(200).default(50)),
})
export type ReviewListQuery = z.infer<typeof ReviewListQuery>

/**
 * The export leaves out personal contact details unless `contacts=true` comes with a `reason`,
 * which is audited (issue 16; docs/adr/060).
 */
export const ReviewExportQuery = z
  .strictObject({
    ...ReviewFilterShape,
    format: singleParam(z.enum(['csv', 'json']).default('csv')),
    /** CSV: `responses` (one row per response) or `gap` (the gap table by instrument, docs/adr/066). */
    table: singleParam(z.enum(['responses', 'gap']).default('responses')),
    contacts: Flag,
    reason: singleParam(z.string().trim().max(500)).optional(),
  })
  .refine((query) => !query.contacts || (query.reason ?? '').length >= 10, {
    error: () => t('privacy.exports.reasonRequired'),
    path: ['reason'],
  })

export const EMPTY_FILTERS: ReviewFilters = ReviewFilters.parse({})

/** The filters that narrow the set (for "filtered by" text and links). */
export function activeFilterCount(filters: ReviewFilters): number {
  const { includeDemo, includeDrafts, readinessMin, readinessMax, amountMin, amountMax, ...lists } = filters
  const ranges = [readinessMin, readinessMax, amountMin, amountMax].filter((v) => v !== undefined).length
  return (
    Object.values(lists).filter((list) => list.length > 0).length +
    ranges +
    (includeDemo ? 1 : 0) +
    (includeDrafts ? 1 : 0)
  )
}

/** A stable key for caching. */
export function filterKey(filters: ReviewFilters): string {
  return JSON.stringify(
    Object.entries(filters).map(([k, v]) => [k, Array.isArray(v) ? [...(v as unknown[])].map(String).sort() : v]),
  )
}

/** The filters as a query string (repeated parameters), for links and exports. */
export function filterQueryString(filters: ReviewFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
    else if (value === true) params.append(key, 'true')
    else if (typeof value === 'number') params.append(key, String(value))
  }
  for (const [key, value] of Object.entries(extra)) params.append(key, value)
  return params.toString()
}

/**
 * A filter on respondent type that leaves out financial intermediaries leaves the demand/supply
 * tables without any supply: their "no intermediary" would be the filter's doing, not the market's.
 */
export function supplyLeftOut(filters: Pick<ReviewFilters, 'respondentType'>): boolean {
  return filters.respondentType.length > 0 && !filters.respondentType.includes('financial_intermediary')
}
