import { DIMENSIONS, type Dimension } from '../questionnaires/definition.js'
import { SIZE_KINDS, type ResponseFigures, type SizeKind } from './response-figures.js'
import type { ReadinessScores } from './review-rollup.js'

/** One kind of euro figure in one country (or all, `country: null`): each response once. */
export interface SizeTotal {
  kind: SizeKind
  country: string | null
  responses: number
  sumEur: number
  minEur: number
  medianEur: number
  maxEur: number
}

/** Median, min and max of a list of numbers; undefined when empty. */
export function numberStatsOf(
  values: readonly number[],
): { min: number; median: number; max: number; sum: number } | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { min: sorted[0]!, median, max: sorted.at(-1)!, sum: sorted.reduce((s, v) => s + v, 0) }
}

/**
 * Sizes by kind and country from each response's figures, never added across kinds. An
 * intermediary serving several countries counts in each of them, and once in the all-country line.
 */
export function sizeTotals(rows: readonly { figures: ResponseFigures }[]): SizeTotal[] {
  const byKey = new Map<string, { kind: SizeKind; country: string | null; values: number[] }>()
  const add = (kind: SizeKind, country: string | null, eur: number) => {
    const key = `${kind}|${country ?? ''}`
    let entry = byKey.get(key)
    if (!entry) byKey.set(key, (entry = { kind, country, values: [] }))
    entry.values.push(eur)
  }
  for (const { figures } of rows) {
    for (const [kind, eur] of Object.entries(figures.sizes) as [SizeKind, number][]) {
      add(kind, null, eur)
      for (const country of figures.countries) add(kind, country, eur)
    }
  }
  return [...byKey.values()]
    .map(({ kind, country, values }) => {
      const stats = numberStatsOf(values)!
      return {
        kind,
        country,
        responses: values.length,
        sumEur: stats.sum,
        minEur: stats.min,
        medianEur: stats.median,
        maxEur: stats.max,
      }
    })
    .sort(
      (a, b) =>
        SIZE_KINDS.indexOf(a.kind) - SIZE_KINDS.indexOf(b.kind) ||
        (a.country === null ? -1 : b.country === null ? 1 : a.country.localeCompare(b.country)),
    )
}

/** Median readiness by respondent type and organisation country (and for all countries, `country: null`). */
export interface ReadinessMedian {
  respondentType: string
  country: string | null
  responses: number
  overall: number
  dimensions: Record<Dimension, number>
}

export function readinessMedians(
  rows: readonly { t: string; c: string; readiness: ReadinessScores | null }[],
): ReadinessMedian[] {
  const groups = new Map<string, { t: string; c: string | null; list: ReadinessScores[] }>()
  for (const row of rows) {
    if (!row.readiness) continue
    for (const c of [null, row.c]) {
      const key = `${row.t}|${c ?? ''}`
      let group = groups.get(key)
      if (!group) groups.set(key, (group = { t: row.t, c, list: [] }))
      group.list.push(row.readiness)
    }
  }
  const median = (list: ReadinessScores[], key: keyof ReadinessScores) => numberStatsOf(list.map((r) => r[key]))!.median
  return [...groups.values()]
    .map(({ t, c, list }) => ({
      respondentType: t,
      country: c,
      responses: list.length,
      overall: median(list, 'overall'),
      dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, median(list, d)])) as Record<Dimension, number>,
    }))
    .sort(
      (a, b) =>
        a.respondentType.localeCompare(b.respondentType) ||
        (a.country === null ? -1 : b.country === null ? 1 : a.country.localeCompare(b.country)),
    )
}
