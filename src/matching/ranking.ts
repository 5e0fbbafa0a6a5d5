import type { OptionRef } from './rules/option-ref.js'
import type { Fit } from './score.js'

export interface RankedEntry {
  slug: string
  score: number
  fit: Fit
}

/** Scores of every ranked option, looked up by kind and slug. */
export interface Ranking {
  instruments: readonly RankedEntry[]
  funds: readonly RankedEntry[]
}

export function entryFor(ranking: Ranking, ref: OptionRef): RankedEntry {
  const list = ref.kind === 'instrument' ? ranking.instruments : ranking.funds
  const entry = list.find((item) => item.slug === ref.slug)
  if (entry === undefined) throw new Error(`No ranked ${ref.kind} "${ref.slug}"`)
  return entry
}

const FIT_ORDER: Record<Fit, number> = { strong: 3, possible: 2, weak: 1, not_suitable: 0 }

export function reaches(fit: Fit, minFit: 'strong' | 'possible'): boolean {
  return FIT_ORDER[fit] >= FIT_ORDER[minFit]
}

/** Score descending, then slug ascending (code-unit order, independent of locale). */
export function byScoreThenSlug(a: RankedEntry, b: RankedEntry): number {
  if (a.score !== b.score) return b.score - a.score
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0
}
