import { chooseAdvisory } from './choose-advisory.js'
import { findExamples, type TopOption } from './find-examples.js'
import { fallbackName } from './labels.js'
import type { MatchCatalogue, MatchResult } from './match-result.js'
import { normaliseProfile, type NeedsProfile } from './needs-profile.js'
import { byScoreThenSlug, reaches, type Ranking } from './ranking.js'
import { assessReadiness } from './readiness.js'
import { FUND_RULES } from './rules/fund-rules.js'
import { INSTRUMENT_RULES } from './rules/instrument-rules.js'
import type { RuleSet } from './rules/rule-schema.js'
import { scoreOption, type Fit } from './score.js'
import { selectCombinations } from './select-combinations.js'

const TOP_FOR_EXAMPLES = 3

function rank<S extends string>(
  kind: 'instrument' | 'fund',
  sets: readonly (RuleSet & { slug: S })[],
  names: Map<string, string>,
  profile: NeedsProfile,
) {
  return sets
    .map((set) => {
      const { score, fit, reasons, gaps } = scoreOption(set, profile)
      return { slug: set.slug, name: names.get(set.slug) ?? fallbackName(kind, set.slug), score, fit, reasons, gaps }
    })
    .sort(byScoreThenSlug)
}

/** The best options that are at least a "possible" fit, for picking similar cases. */
function topFits(list: readonly { slug: string; name: string; fit: Fit }[]): TopOption[] {
  return list
    .filter((item) => reaches(item.fit, 'possible'))
    .slice(0, TOP_FOR_EXAMPLES)
    .map(({ slug, name }) => ({ slug, name }))
}

function namesBySlug(entries: readonly { slug: string; name: string }[]): Map<string, string> {
  // The first entry per slug wins whatever the input order, so shuffled catalogues agree.
  const key = (entry: { slug: string; name: string }) => `${entry.slug}\u0000${entry.name}`
  const sorted = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  const names = new Map<string, string>()
  for (const entry of sorted) if (!names.has(entry.slug)) names.set(entry.slug, entry.name)
  return names
}

/**
 * Ranks every instrument and fund for a needs profile, with reasons and gaps, and adds readiness,
 * financing mixes, similar real cases and advisory routes. Pure and deterministic.
 */
export function matchProfile(input: NeedsProfile, catalogue: MatchCatalogue): MatchResult {
  const profile = normaliseProfile(input)
  const instruments = rank('instrument', INSTRUMENT_RULES, namesBySlug(catalogue.instruments), profile)
  const funds = rank('fund', FUND_RULES, namesBySlug(catalogue.funds), profile)
  const ranking: Ranking = { instruments, funds }
  return {
    profile,
    readiness: assessReadiness(profile),
    instruments,
    funds,
    combinations: selectCombinations(profile, ranking),
    examples: findExamples(profile, catalogue.investments, topFits(instruments), topFits(funds)),
    advisory: chooseAdvisory(profile, ranking),
  }
}
