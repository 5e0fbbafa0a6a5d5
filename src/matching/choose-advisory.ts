import type { NeedsProfile } from './needs-profile.js'
import { entryFor, reaches, type Ranking } from './ranking.js'
import { ADVISORY_ROUTES, type AdvisoryTrigger } from './rules/advisory-rules.js'
import { holds } from './rules/conditions.js'

export interface AdvisoryAdvice {
  name: string
  url: string
  why: string
}

function fires(trigger: AdvisoryTrigger, profile: NeedsProfile, ranking: Ranking): boolean {
  if (trigger.when !== undefined && !holds(trigger.when, profile)) return false
  if (trigger.option !== undefined && !reaches(entryFor(ranking, trigger.option).fit, trigger.option.minFit)) return false
  return true
}

/** Each route whose first firing trigger gives its `why`; the fallback route when none fires. */
export function chooseAdvisory(profile: NeedsProfile, ranking: Ranking): AdvisoryAdvice[] {
  const chosen: AdvisoryAdvice[] = []
  for (const route of ADVISORY_ROUTES) {
    const trigger = route.triggers.find((candidate) => fires(candidate, profile, ranking))
    if (trigger !== undefined) chosen.push({ name: route.name, url: route.url, why: trigger.why })
  }
  if (chosen.length > 0) return chosen
  const fallback = ADVISORY_ROUTES.find((route) => route.fallbackWhy !== undefined)
  return fallback?.fallbackWhy === undefined ? [] : [{ name: fallback.name, url: fallback.url, why: fallback.fallbackWhy }]
}
