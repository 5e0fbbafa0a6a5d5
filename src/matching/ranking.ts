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

/**
 * Fit label first (strong, possible, weak, not suitable: a blocked option is always last even when
 * its capped score equals a weak one's), then score descending. Ties keep the rule files' order
 * (the codelist order: simpler instruments first), which the caller applies.
 */
export function byFitThenScore(a: RankedEntry, b: RankedEntry): number {
  if (a.fit !== b.fit) return FIT_ORDER[b.fit] - FIT_ORDER[a.fit]
  return b.score - a.score
}
