import type { NeedsProfile } from './needs-profile.js'
import { entryFor, reaches, type Ranking } from './ranking.js'
import { matcherText, ruleUrl } from './rule-text.js'
import type { CombinationRule } from './rules/combination-schema.js'
import { holds } from './rules/conditions.js'
import { combinationTextKey } from './rules/matcher-rules.js'
import type { OptionRef } from './rules/option-ref.js'

export interface Combination {
  title: string
  parts: OptionRef[]
  rationale: string
  ruleId: string
  ruleUrl: string
  sources: string[]
}

export const MAX_COMBINATIONS = 3

/**
 * Mixes whose condition holds and every part of which is at least a "possible" fit (so none is
 * blocked or ineligible), ranked by the mean score of their parts, ties by rule id; at most three.
 * The list is empty when no mix qualifies: offering a mix with a weak part would point users the wrong way.
 */
export function selectCombinations(
  profile: NeedsProfile,
  ranking: Ranking,
  rules: readonly CombinationRule[],
  params: Record<string, string>,
): Combination[] {
  return rules
    .filter((rule) => holds(rule.when, profile))
    .map((rule) => {
      const entries = rule.parts.map((part) => entryFor(ranking, part))
      const mean = entries.reduce((sum, entry) => sum + entry.score, 0) / entries.length
      return { rule, entries, mean }
    })
    .filter((candidate) => candidate.entries.every((entry) => reaches(entry.fit, 'possible')))
    .sort((a, b) => (a.mean !== b.mean ? b.mean - a.mean : a.rule.id < b.rule.id ? -1 : 1))
    .slice(0, MAX_COMBINATIONS)
    .map(({ rule }) => ({
      title: matcherText(combinationTextKey(rule.id, 'title'), params),
      parts: rule.parts.map((part) => ({ ...part })),
      rationale: matcherText(combinationTextKey(rule.id, 'rationale'), params),
      ruleId: `combination.${rule.id}`,
      ruleUrl: ruleUrl(`combination.${rule.id}`),
      sources: rule.basis.sources,
    }))
}
