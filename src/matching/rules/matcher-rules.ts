import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { hasMessage } from '../../i18n/i18n.js'
import { SEED_DIR_PATH } from '../../seed/seed-dir.js'
import { AdvisoryFile, type AdvisoryRoute } from './advisory-schema.js'
import { CombinationsFile, type CombinationRule } from './combination-schema.js'
import { EligibilityFile } from './eligibility-schema.js'
import { FundRulesFile, InstrumentRulesFile, type FundRuleSet, type InstrumentRuleSet } from './rule-schema.js'

/** Everything the matcher decides with: the data files of `seed/matcher/` and `seed/eligibility.json`, checked. */
export interface MatcherRules {
  /** "instruments 2, funds 2, …": the versions of the files, shown on the rules page. */
  versions: Record<'instruments' | 'funds' | 'combinations' | 'advisory' | 'eligibility', number>
  instruments: InstrumentRuleSet[]
  funds: FundRuleSet[]
  combinations: CombinationRule[]
  advisory: AdvisoryRoute[]
  eligibility: EligibilityFile
}

export const ruleTextKey = (id: string, part: 'reason' | 'gap') => `matcher.rules.${id}.${part}`
export const eligibilityTextKey = (id: string, part: 'excluded' | 'excludedGap' | 'check' | 'checkGap' | 'openGap') =>
  `matcher.eligibility.${id.slice('eligibility.'.length)}.${part}`
export const combinationTextKey = (id: string, part: 'title' | 'rationale') => `matcher.combinations.${id}.${part}`
export const advisoryTextKey = (route: string, part: string) => `matcher.advisory.${route}.${part}`

function read<T>(schema: z.ZodType<T>, file: string): T {
  const path = join(SEED_DIR_PATH, file)
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.success) throw new Error(`seed/${file}: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

/** Every text a rule needs must be in the English catalogue, so no result ever shows a raw key. */
function missingTexts(rules: Omit<MatcherRules, 'versions'>): string[] {
  const needed: string[] = []
  for (const set of [...rules.instruments, ...rules.funds]) {
    for (const rule of set.exclusions) needed.push(ruleTextKey(rule.id, 'reason'), ruleTextKey(rule.id, 'gap'))
    for (const rule of set.criteria) {
      needed.push(ruleTextKey(rule.id, 'reason'))
      if (rule.effect === '-') needed.push(ruleTextKey(rule.id, 'gap'))
    }
    if (set.boundBy !== undefined)
      needed.push(ruleTextKey(`${set.slug}.bound`, 'reason'), `matcher.rules.${set.slug}.bound.blocked`)
  }
  for (const mix of rules.combinations)
    needed.push(combinationTextKey(mix.id, 'title'), combinationTextKey(mix.id, 'rationale'))
  for (const route of rules.advisory) {
    needed.push(
      advisoryTextKey(route.id, 'name'),
      ...route.triggers.map((trigger) => advisoryTextKey(route.id, trigger.id)),
    )
    if (route.fallback) needed.push(advisoryTextKey(route.id, 'fallback'))
  }
  for (const rule of rules.eligibility.rules) {
    needed.push(eligibilityTextKey(rule.id, 'excluded'), eligibilityTextKey(rule.id, 'excludedGap'))
    if (rule.checkIn.length > 0 || rule.checkElsewhere)
      needed.push(eligibilityTextKey(rule.id, 'check'), eligibilityTextKey(rule.id, 'checkGap'))
    if (rule.openGapFor.length > 0) needed.push(eligibilityTextKey(rule.id, 'openGap'))
  }
  return needed.filter((key) => !hasMessage(key))
}

/** Reads and checks the rule files; throws with the file and the problem, so a bad edit stops the start. */
export function loadMatcherRules(): MatcherRules {
  const instruments = read(InstrumentRulesFile, 'matcher/instrument-rules.json')
  const funds = read(FundRulesFile, 'matcher/fund-rules.json')
  const combinations = read(CombinationsFile, 'matcher/combinations.json')
  const advisory = read(AdvisoryFile, 'matcher/advisory.json')
  const eligibility = read(EligibilityFile, 'eligibility.json')
  const rules = {
    instruments: instruments.ruleSets,
    funds: funds.ruleSets,
    combinations: combinations.combinations,
    advisory: advisory.routes,
    eligibility,
  }
  const missing = missingTexts(rules)
  if (missing.length > 0) throw new Error(`src/i18n/locales/en.json lacks the matcher texts: ${missing.join(', ')}`)
  return {
    versions: {
      instruments: instruments.version,
      funds: funds.version,
      combinations: combinations.version,
      advisory: advisory.version,
      eligibility: eligibility.version,
    },
    ...rules,
  }
}

let loaded: MatcherRules | null = null

/** The rules, read once per process. */
export function matcherRules(): MatcherRules {
  loaded ??= loadMatcherRules()
  return loaded
}
