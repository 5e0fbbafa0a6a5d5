import type { RespondentType } from '../shared/codelists.js'
import type { PipelineStage } from '../storage/document-store.js'
import { baseStages, THEME_QUESTIONS, type ReviewFilters } from './review-query.js'

/**
 * The summary as one aggregation pipeline: the same document runs on MongoDB and on the embedded
 * engine (mingo). Counts come back raw (codes, numbers); review-summary.ts adds definitions,
 * labels and coverage.
 */

type Key<T> = { _id: T; n: number }
export interface RawSummary {
  total: { n: number }[]
  byType: Key<string>[]
  byStatus: Key<string>[]
  byCountry: Key<string>[]
  byTypeVersion: Key<{ t: string; v: number }>[]
  /** Per question and answer value: `n` responses chose it; `first` of them list it first (Σ first over values = responses that answered). */
  values: (Key<{ t: string; v: number; q: string; x: string | number | boolean }> & { first: number })[]
  demand: (Key<{ c: string; t: string; f: string }> & { sizeSum: number; sizeN: number; sizeMin: number | null; sizeMax: number | null; orgs: string[] })[]
  demandInstruments: Key<{ c: string; t: string; f: string; i: string }>[]
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

export function summaryPipeline(filters: ReviewFilters): PipelineStage[] {
  const answerPairs: PipelineStage[] = [{ $project: { t: '$respondentType', v: '$definitionVersion', kv: { $objectToArray: '$a' } } }, { $unwind: '$kv' }]
  return [
    ...baseStages(filters),
    {
      $facet: {
        total: [{ $count: 'n' }],
        byType: [{ $group: { _id: '$respondentType', ...count } }],
        byStatus: [{ $group: { _id: '$status', ...count } }],
        byCountry: [{ $group: { _id: '$country', ...count } }],
        byTypeVersion: [{ $group: { _id: { t: '$respondentType', v: '$definitionVersion' }, ...count } }],
        // One pass over the answers: each answer as a list (a single value as a one-item list), each item with its index.
        values: [
          ...answerPairs,
          { $project: { t: 1, v: 1, q: '$kv.k', x: { $cond: [{ $isArray: '$kv.v' }, '$kv.v', ['$kv.v']] } } },
          { $unwind: { path: '$x', includeArrayIndex: 'i' } },
          { $group: { _id: { t: '$t', v: '$v', q: '$q', x: '$x' }, ...count, first: { $sum: { $cond: [{ $eq: ['$i', 0] }, 1, 0] } } } },
        ],
        demand: [
          { $project: { t: '$respondentType', c: '$country', o: '$organisation', f: themeValue('policyField', []), s: themeValue('size', null) } },
          { $unwind: '$f' },
          {
            $group: {
              _id: { c: '$c', t: '$t', f: '$f' },
              ...count,
              sizeSum: { $sum: '$s' },
              sizeN: { $sum: { $cond: [{ $isNumber: '$s' }, 1, 0] } },
              sizeMin: { $min: '$s' },
              sizeMax: { $max: '$s' },
              orgs: { $push: '$o' },
            },
          },
        ],
        demandInstruments: [
          { $project: { t: '$respondentType', c: '$country', f: themeValue('policyField', []), i: themeValue('instrument', []) } },
          { $unwind: '$f' },
          { $unwind: '$i' },
          { $group: { _id: { c: '$c', t: '$t', f: '$f', i: '$i' }, ...count } },
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
