import type { NeedsProfile } from './needs-profile.js'
import { entryFor, reaches, type Ranking } from './ranking.js'
import { matcherText, ruleUrl } from './rule-text.js'
import type { AdvisoryRoute, AdvisoryTrigger } from './rules/advisory-schema.js'
import { holds } from './rules/conditions.js'
import { advisoryTextKey } from './rules/matcher-rules.js'
import type { OptionAtLeast } from './rules/option-ref.js'

export interface AdvisoryAdvice {
  name: string
  url: string
  why: string
  ruleId: string
  ruleUrl: string
}

const reached = (ranking: Ranking, option: OptionAtLeast) => reaches(entryFor(ranking, option).fit, option.minFit)

function fires(trigger: AdvisoryTrigger, profile: NeedsProfile, ranking: Ranking): boolean {
  if (trigger.when !== undefined && !holds(trigger.when, profile)) return false
  if (trigger.options !== undefined && !trigger.options.every((option) => reached(ranking, option))) return false
  if (trigger.anyOption !== undefined && !trigger.anyOption.some((option) => reached(ranking, option))) return false
  return true
}

function advice(route: AdvisoryRoute, textKey: string, params: Record<string, string>): AdvisoryAdvice {
  return {
    name: matcherText(advisoryTextKey(route.id, 'name'), params),
    url: route.url,
    why: matcherText(textKey, params),
    ruleId: `advisory.${route.id}`,
    ruleUrl: ruleUrl(`advisory.${route.id}`),
  }
}

/**
 * Each route open to this kind of respondent (and country: `onlyIn`) whose first firing trigger gives its `why`; the
 * fallback routes when none fires. A route is never offered to the kind of body it is (`notFor`).
 */
export function chooseAdvisory(
  profile: NeedsProfile,
  ranking: Ranking,
  routes: readonly AdvisoryRoute[],
  params: Record<string, string>,
  countryLists: ReadonlySet<string>,
): AdvisoryAdvice[] {
  const inLists = (lists: readonly string[] | undefined) =>
    lists === undefined || lists.some((id) => countryLists.has(id))
  const open = routes.filter((route) => !route.notFor.includes(profile.respondentType) && inLists(route.onlyIn))
  const chosen: AdvisoryAdvice[] = []
  for (const route of open) {
    if (!inLists(route.triggersOnlyIn)) continue
    const trigger = route.triggers.find((candidate) => fires(candidate, profile, ranking))
    if (trigger !== undefined) chosen.push(advice(route, advisoryTextKey(route.id, trigger.id), params))
  }
  if (chosen.length > 0) return chosen
  return open
    .filter((route) => route.fallback)
    .map((route) => advice(route, advisoryTextKey(route.id, 'fallback'), params))
}
