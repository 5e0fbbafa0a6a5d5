import { chooseAdvisory } from './choose-advisory.js'
import { eligibilityFor, listsOf, noticesFor, verdictFor, type EligibilityVerdict } from './eligibility.js'
import { findExamples, type TopOption } from './find-examples.js'
import { fallbackName } from './labels.js'
import type { MatchCatalogue, MatchResult } from './match-result.js'
import { normaliseProfile, type NeedsProfile } from './needs-profile.js'
import { byFitThenScore, reaches, type Ranking } from './ranking.js'
import { assessReadiness } from './readiness.js'
import { matcherText, ruleUrl, textParams } from './rule-text.js'
import { matcherRules, ruleTextKey, type MatcherRules } from './rules/matcher-rules.js'
import type { RuleSet } from './rules/rule-schema.js'
import { fitFor, scoreOption, type Fit, type Reason } from './score.js'
import { selectCombinations } from './select-combinations.js'

const TOP_FOR_EXAMPLES = 3

interface Scored<S extends string> {
  slug: S
  name: string
  score: number
  fit: Fit
  reasons: Reason[]
  gaps: string[]
}

/** "Same footing": an option holding a loan scores at most what the loan scores (rule set `boundBy`). */
function applyBound<S extends string>(
  set: RuleSet,
  option: Scored<S>,
  all: readonly Scored<S>[],
  profile: NeedsProfile,
  params: Record<string, string>,
  blockedCap: number,
): Scored<S> {
  const bound = set.boundBy
  if (bound === undefined || bound.unlessRespondent.includes(profile.respondentType) || option.fit === 'not_suitable')
    return option
  const loan = all.find((other) => other.slug === bound.slug)
  if (loan === undefined) return option
  const blocked = loan.fit === 'not_suitable'
  const cap = blocked ? blockedCap : loan.score
  if (option.score <= cap) return option
  const id = `${set.slug}.bound`
  const reason: Reason = {
    criterion: 'loan_part',
    effect: '-',
    text: matcherText(blocked ? `matcher.rules.${id}.blocked` : ruleTextKey(id, 'reason'), {
      ...params,
      name: loan.name,
      score: String(loan.score),
    }),
    ruleId: id,
    ruleUrl: ruleUrl(id),
    sources: bound.basis.sources,
  }
  return { ...option, score: cap, fit: fitFor(cap, false), reasons: [...option.reasons, reason] }
}

function rank<S extends string>(
  kind: 'instrument' | 'fund',
  sets: readonly (RuleSet & { slug: S })[],
  names: Map<string, string>,
  profile: NeedsProfile,
  context: { params: Record<string, string>; verdicts: Map<string, EligibilityVerdict>; checkMaxScore: number },
): Scored<S>[] {
  const scored = sets.map((set) => {
    const eligibility = verdictFor(context.verdicts, kind, set.slug)
    const { score, fit, reasons, gaps } = scoreOption(set, profile, {
      params: context.params,
      eligibility,
      checkMaxScore: context.checkMaxScore,
    })
    return { slug: set.slug, name: names.get(set.slug) ?? fallbackName(kind, set.slug), score, fit, reasons, gaps }
  })
  const order = new Map<string, number>(sets.map((set, index) => [set.slug, index]))
  return scored
    .map((option, index) => applyBound(sets[index]!, option, scored, profile, context.params, context.checkMaxScore))
    .sort((a, b) => byFitThenScore(a, b) || order.get(a.slug)! - order.get(b.slug)!)
}

/** The best options that are at least a "possible" fit, for picking similar cases. */
function topFits(list: readonly { slug: string; name: string; fit: Fit }[]): TopOption[] {
  return list
    .filter((item) => reaches(item.fit, 'possible'))
    .slice(0, TOP_FOR_EXAMPLES)
    .map(({ slug, name }) => ({ slug, name }))
}

const namesCache = new WeakMap<readonly { slug: string; name: string }[], Map<string, string>>()

function namesBySlug(entries: readonly { slug: string; name: string }[]): Map<string, string> {
  const known = namesCache.get(entries)
  if (known !== undefined) return known
  // The first entry per slug wins whatever the input order, so shuffled catalogues agree.
  const key = (entry: { slug: string; name: string }) => `${entry.slug}\u0000${entry.name}`
  const sorted = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  const names = new Map<string, string>()
  for (const entry of sorted) if (!names.has(entry.slug)) names.set(entry.slug, entry.name)
  namesCache.set(entries, names)
  return names
}

/**
 * Ranks every instrument and fund for a needs profile, eligibility first (seed/eligibility.json),
 * then the weighted rules (seed/matcher/), with reasons, gaps and notices; adds readiness,
 * financing mixes, similar real cases and advisory routes. Pure and deterministic for given rules.
 */
export function matchProfile(
  input: NeedsProfile,
  catalogue: MatchCatalogue,
  rules: MatcherRules = matcherRules(),
): MatchResult {
  const profile = normaliseProfile(input)
  const params = textParams(profile)
  const context = {
    params,
    verdicts: eligibilityFor(profile.country, rules.eligibility),
    checkMaxScore: rules.eligibility.checkMaxScore,
  }
  const instruments = rank('instrument', rules.instruments, namesBySlug(catalogue.instruments), profile, context)
  const funds = rank('fund', rules.funds, namesBySlug(catalogue.funds), profile, context)
  const ranking: Ranking = { instruments, funds }
  return {
    profile,
    notices: noticesFor(profile, rules.eligibility, params),
    readiness: assessReadiness(profile),
    instruments,
    funds,
    combinations: selectCombinations(profile, ranking, rules.combinations, params),
    examples: findExamples(profile, catalogue.investments, topFits(instruments), topFits(funds)),
    advisory: chooseAdvisory(profile, ranking, rules.advisory, params, listsOf(rules.eligibility, profile.country)),
    rulesUrl: '/match/rules',
  }
}
