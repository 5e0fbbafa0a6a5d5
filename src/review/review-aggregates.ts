import type { RespondentType } from '../shared/codelists.js'
import type { PipelineStage } from '../storage/document-store.js'
import { baseStages, THEME_QUESTIONS, type ReviewFilters } from './review-query.js'

/**
 * The summary's partial aggregates, per response: the same pipeline document runs on MongoDB and on
 * the embedded engine. Every group is keyed by the response (`r`), so the service can merge the
 * rows and later replace one response's rows when it changes (review-rollup.ts, docs/adr/017).
 * With `ids`, only those responses are aggregated.
 */

type Key<T> = { _id: T; n: number }
type R = { r: string }
export interface ResponseRows {
  /** One row per response that passes the filters. */
  responses: { _id: string; t: string; v: number; s: string; c: string }[]
  /** Per question and answer value: `n` times chosen; `first` is 1 when it is the first item of the answer (Σ first = answered). */
  values: (Key<R & { t: string; v: number; q: string; x: string | number | boolean }> & { first: number })[]
  /** Per demand/supply cell (country, type, theme policy field): the response's size answer and organisation. */
  demand: (Key<R & { c: string; t: string; f: string }> & { s: unknown; o: string })[]
  demandInstruments: Key<R & { c: string; t: string; f: string; i: string }>[]
}

/** `$switch` on the respondent type: the answer to the theme's question of that type. */
function themeValue(theme: keyof typeof THEME_QUESTIONS, fallback: unknown): Record<string, unknown> {
  const questions = THEME_QUESTIONS[theme]
  return {
    $switch: {
      branches: (Object.entries(questions) as [RespondentType, string][]).map(([type, q]) => ({ case: { $eq: ['$respondentType', type] }, then: { $ifNull: [`$a.${q}`, fallback] } })),
      default: fallback,
    },
  }
}

const count = { n: { $sum: 1 } }

export function responseRowsPipeline(filters: ReviewFilters, ids?: readonly string[]): PipelineStage[] {
  return [
    ...(ids ? [{ $match: { _id: { $in: [...ids] } } }] : []),
    ...baseStages(filters),
    {
      $facet: {
        responses: [{ $project: { t: '$respondentType', v: '$definitionVersion', s: '$status', c: '$country' } }],
        // One pass over the answers: each answer as a list (a single value as a one-item list), each item with its index.
        values: [
          { $project: { t: '$respondentType', v: '$definitionVersion', kv: { $objectToArray: '$a' } } },
          { $unwind: '$kv' },
          { $project: { t: 1, v: 1, q: '$kv.k', x: { $cond: [{ $isArray: '$kv.v' }, '$kv.v', ['$kv.v']] } } },
          { $unwind: { path: '$x', includeArrayIndex: 'i' } },
          { $group: { _id: { r: '$_id', t: '$t', v: '$v', q: '$q', x: '$x' }, ...count, first: { $sum: { $cond: [{ $eq: ['$i', 0] }, 1, 0] } } } },
        ],
        demand: [
          { $project: { t: '$respondentType', c: '$country', o: '$organisation', f: themeValue('policyField', []), s: themeValue('size', null) } },
          { $unwind: '$f' },
          { $group: { _id: { r: '$_id', c: '$c', t: '$t', f: '$f' }, ...count, s: { $first: '$s' }, o: { $first: '$o' } } },
        ],
        demandInstruments: [
          { $project: { t: '$respondentType', c: '$country', f: themeValue('policyField', []), i: themeValue('instrument', []) } },
          { $unwind: '$f' },
          { $unwind: '$i' },
          { $group: { _id: { r: '$_id', c: '$c', t: '$t', f: '$f', i: '$i' }, ...count } },
        ],
      },
    },
  ]
}

/** The list of responses that pass the filters, newest status change first, one page. */
export function listPipeline(filters: ReviewFilters, skip: number, limit: number): PipelineStage[] {
  return [
    ...baseStages(filters),
    { $sort: { statusChangedAt: -1, _id: 1 } },
    { $facet: { total: [{ $count: 'n' }], items: [{ $skip: skip }, { $limit: limit }] } },
  ]
}

/** Every response that passes the filters (exports), in a stable order. */
export function exportPipeline(filters: ReviewFilters): PipelineStage[] {
  return [...baseStages(filters), { $sort: { respondentType: 1, country: 1, organisation: 1, _id: 1 } }]
}
