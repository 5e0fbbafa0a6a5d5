import { eligibilityReason, type EligibilityVerdict } from './eligibility.js'
import type { NeedsProfile } from './needs-profile.js'
import { matcherText, ruleUrl } from './rule-text.js'
import { holds } from './rules/conditions.js'
import { ruleTextKey } from './rules/matcher-rules.js'
import type { Criterion, RuleSet } from './rules/rule-schema.js'

export type Fit = 'strong' | 'possible' | 'weak' | 'not_suitable'
export type Effect = '+' | '-' | 'block'

/** DESIGN §5's `{criterion, effect, text}`, plus the rule it comes from, its place on the rules page and its sources. */
export interface Reason {
  criterion: Criterion
  effect: Effect
  text: string
  ruleId: string
  ruleUrl: string
  sources: string[]
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

const favourable = new WeakMap<RuleSet, number>()

/** Sum over criteria of the largest favourable weight: what a perfect profile would earn. */
export function favourableWeight(set: RuleSet): number {
  const known = favourable.get(set)
  if (known !== undefined) return known
  const best = new Map<Criterion, number>()
  for (const rule of set.criteria) {
    if (rule.effect === '+') best.set(rule.criterion, Math.max(best.get(rule.criterion) ?? 0, rule.weight))
  }
  let total = 0
  for (const weight of best.values()) total += weight
  favourable.set(set, total)
  return total
}

interface RuleKeys {
  reason: string
  gap: string
  url: string
}
const keysOf = new WeakMap<object, RuleKeys>()

/** The message keys and rules-page link of a rule, built once per rule. */
function keys(rule: { id: string }): RuleKeys {
  let known = keysOf.get(rule)
  if (known === undefined)
    keysOf.set(
      rule,
      (known = { reason: ruleTextKey(rule.id, 'reason'), gap: ruleTextKey(rule.id, 'gap'), url: ruleUrl(rule.id) }),
    )
  return known
}

function reasonOf(
  rule: { id: string; criterion: Criterion; basis: { sources: string[] } },
  effect: Effect,
  params: Record<string, string>,
): Reason {
  const { reason, url } = keys(rule)
  return {
    criterion: rule.criterion,
    effect,
    text: matcherText(reason, params),
    ruleId: rule.id,
    ruleUrl: url,
    sources: rule.basis.sources,
  }
}

export interface ScoreContext {
  params: Record<string, string>
  /** The option's eligibility for the profile's country (applied before the weighted rules). */
  eligibility?: EligibilityVerdict | undefined
  /** The highest score an option whose use must be checked can reach. */
  checkMaxScore: number
}

/**
 * Eligibility first: excluded → not suitable with the eligibility rule as a block reason; "check" →
 * a reason against and a ceiling of `checkMaxScore`. Then score = 50 + 50 × (favourable −
 * unfavourable weights that apply) / favourableWeight, rounded and clamped to 0-100; lowered to the
 * smallest `maxScore` of the penalties that apply, and to BLOCKED_MAX_SCORE when an exclusion applies.
 */
export function scoreOption(set: RuleSet, profile: NeedsProfile, context: ScoreContext): OptionScore {
  const blocks = set.exclusions.filter((rule) => holds(rule.when, profile))
  const fired = set.criteria.filter((rule) => holds(rule.when, profile))
  const plus = fired.filter((rule) => rule.effect === '+')
  const minus = fired.filter((rule) => rule.effect === '-')
  const eligibility =
    context.eligibility === undefined ? {} : eligibilityReason(context.eligibility, profile, context.params)

  const net = plus.reduce((sum, rule) => sum + rule.weight, 0) - minus.reduce((sum, rule) => sum + rule.weight, 0)
  let score = Math.round(50 + (50 * net) / favourableWeight(set))
  score = Math.min(100, Math.max(0, score))
  for (const rule of minus) if (rule.maxScore !== undefined) score = Math.min(score, rule.maxScore)
  if (context.eligibility?.status === 'check') score = Math.min(score, context.checkMaxScore)
  const blocked = blocks.length > 0 || context.eligibility?.status === 'excluded'
  if (blocked) score = Math.min(score, BLOCKED_MAX_SCORE)

  const reasons: Reason[] = [
    ...(eligibility.reason?.effect === 'block' ? [eligibility.reason] : []),
    ...blocks.map((rule) => reasonOf(rule, 'block', context.params)),
    ...plus.map((rule) => reasonOf(rule, '+', context.params)),
    ...(eligibility.reason?.effect === '-' ? [eligibility.reason] : []),
    ...minus.map((rule) => reasonOf(rule, '-', context.params)),
  ]
  const gaps: string[] = []
  const addGap = (gap: string | undefined) => {
    if (gap !== undefined && !gaps.includes(gap)) gaps.push(gap)
  }
  addGap(eligibility.gap)
  for (const rule of blocks) addGap(matcherText(keys(rule).gap, context.params))
  for (const rule of minus) addGap(matcherText(keys(rule).gap, context.params))
  return { score, fit: fitFor(score, blocked), blocked, reasons, gaps }
}
