import { renderText } from './format.js'
import type { NeedsProfile } from './needs-profile.js'
import { holds } from './rules/conditions.js'
import type { Criterion, RuleSet } from './rules/rule-schema.js'

export type Fit = 'strong' | 'possible' | 'weak' | 'not_suitable'
export type Effect = '+' | '-' | 'block'

export interface Reason {
  criterion: Criterion
  effect: Effect
  text: string
}

export interface OptionScore {
  score: number
  fit: Fit
  blocked: boolean
  reasons: Reason[]
  gaps: string[]
}

/**
 * Score → fit. A blocked option is always "not_suitable" and its score is capped at
 * BLOCKED_MAX_SCORE; otherwise strong ≥ 70, possible 45-69, weak < 45.
 */
export const FIT_THRESHOLDS = { strong: 70, possible: 45 } as const
export const BLOCKED_MAX_SCORE = 15

export function fitFor(score: number, blocked: boolean): Fit {
  if (blocked) return 'not_suitable'
  if (score >= FIT_THRESHOLDS.strong) return 'strong'
  if (score >= FIT_THRESHOLDS.possible) return 'possible'
  return 'weak'
}

/** Sum over criteria of the largest favourable weight: what a perfect profile would earn. */
export function favourableWeight(set: RuleSet): number {
  const best = new Map<Criterion, number>()
  for (const rule of set.criteria) {
    if (rule.effect === '+') best.set(rule.criterion, Math.max(best.get(rule.criterion) ?? 0, rule.weight))
  }
  let total = 0
  for (const weight of best.values()) total += weight
  return total
}

/**
 * score = 50 + 50 × (favourable − unfavourable weights that apply) / favourableWeight, rounded and
 * clamped to 0-100; then lowered to the smallest `maxScore` of the penalties that apply, and to
 * BLOCKED_MAX_SCORE when an exclusion applies.
 */
export function scoreOption(set: RuleSet, profile: NeedsProfile): OptionScore {
  const blocks = set.exclusions.filter((rule) => holds(rule.when, profile))
  const fired = set.criteria.filter((rule) => holds(rule.when, profile))
  const plus = fired.filter((rule) => rule.effect === '+')
  const minus = fired.filter((rule) => rule.effect === '-')

  const net = plus.reduce((sum, rule) => sum + rule.weight, 0) - minus.reduce((sum, rule) => sum + rule.weight, 0)
  let score = Math.round(50 + (50 * net) / favourableWeight(set))
  score = Math.min(100, Math.max(0, score))
  for (const rule of minus) if (rule.maxScore !== undefined) score = Math.min(score, rule.maxScore)
  const blocked = blocks.length > 0
  if (blocked) score = Math.min(score, BLOCKED_MAX_SCORE)

  const reasons: Reason[] = [
    ...blocks.map((rule) => ({ criterion: rule.criterion, effect: 'block' as const, text: renderText(rule.text.reason, profile) })),
    ...plus.map((rule) => ({ criterion: rule.criterion, effect: '+' as const, text: renderText(rule.text.reason, profile) })),
    ...minus.map((rule) => ({ criterion: rule.criterion, effect: '-' as const, text: renderText(rule.text.reason, profile) })),
  ]
  const gaps: string[] = []
  for (const rule of [...blocks, ...minus]) {
    const gap = rule.text.gap === undefined ? undefined : renderText(rule.text.gap, profile)
    if (gap !== undefined && !gaps.includes(gap)) gaps.push(gap)
  }
  return { score, fit: fitFor(score, blocked), blocked, reasons, gaps }
}
