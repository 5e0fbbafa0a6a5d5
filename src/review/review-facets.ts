import type { QuestionnaireDefinition } from '../questionnaires/definition.js'
import { THEME_QUESTIONS, reviewStatusOf, type ReviewFilters } from './review-query.js'
import { matchesFilters, type ResponseView } from './response-views.js'

/** The filter groups of the review dashboard that offer values to tick. */
export const FACET_GROUPS = ['respondentType', 'country', 'status', 'policyField', 'targetGroup', 'instrument'] as const
export type FacetGroup = (typeof FACET_GROUPS)[number]

/** For each group, how many responses each value would give under the current filters. */
export type FacetCounts = Record<FacetGroup, Map<string, number>>

/** The values a response has for one filter group (a theme: every answer to its questions). */
function valuesOf(view: ResponseView, group: FacetGroup): string[] {
  switch (group) {
    case 'respondentType':
      return [view.respondentType]
    case 'country':
      return [view.country]
    case 'status':
      return [reviewStatusOf(view.status)]
    default: {
      const found = new Set<string>()
      for (const question of new Set(Object.values(THEME_QUESTIONS[group]).flat())) {
        const answer = view.a[question]
        for (const item of Array.isArray(answer) ? answer : [answer]) if (typeof item === 'string') found.add(item)
      }
      return [...found]
    }
  }
}

/**
 * Facet counts as a search page shows them: a value's count is what the list would hold with
 * that value chosen in its group and every other group as it is (values of one group are
 * alternatives, so a group's own choice does not narrow its counts). Values never disappear.
 */
export function facetCounts(
  views: Iterable<ResponseView>,
  filters: ReviewFilters,
  definitionOf?: (view: ResponseView) => QuestionnaireDefinition | undefined,
): FacetCounts {
  const counts = Object.fromEntries(FACET_GROUPS.map((group) => [group, new Map<string, number>()])) as FacetCounts
  const all = [...views]
  for (const group of FACET_GROUPS) {
    const others: ReviewFilters = { ...filters, [group]: [] }
    // Choosing "draft" brings drafts in (as status=draft does), so its count includes them.
    const withDrafts: ReviewFilters = { ...others, includeDrafts: true }
    const map = counts[group]
    for (const view of all) {
      if (
        !matchesFilters(view, group === 'status' && view.status === 'draft' ? withDrafts : others, definitionOf?.(view))
      )
        continue
      for (const value of valuesOf(view, group)) map.set(value, (map.get(value) ?? 0) + 1)
    }
  }
  return counts
}

/** Countries of every response reviewers may see (with or without demonstration data), for the country group. */
export function countriesSeen(views: Iterable<ResponseView>, includeDemo: boolean): string[] {
  const found = new Set<string>()
  for (const view of views) if (view.visible && (includeDemo || !(view.demo || view.synthetic))) found.add(view.country)
  return [...found].sort()
}
