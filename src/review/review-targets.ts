import { z } from 'zod'
import { listParam } from '../http/validate.js'
import { RESPONDENT_TYPES, RespondentType } from '../shared/codelists.js'

type Type = RespondentType
import type { ResponseView } from './response-views.js'
import { ReviewFilterShape } from './review-query.js'

/**
 * "Who has not answered" (issue #18, docs/adr/065): organisations registered in the accounts store
 * with no submitted response of their own type (any version; a draft, shared or not, is no answer).
 * Only registered organisations: nothing is invented. Demonstration organisations only when asked.
 */
export const TargetQuery = z.strictObject({
  respondentType: listParam(z.enum(RESPONDENT_TYPES)),
  country: ReviewFilterShape.country,
  includeDemo: ReviewFilterShape.includeDemo,
})
export type TargetQuery = z.infer<typeof TargetQuery>

export interface RegisteredOrganisation {
  _id: string
  name?: string
  country?: string
  respondentType?: Type
  demo?: boolean
}

export interface TargetGroup {
  country: string
  respondentType: Type
  count: number
  organisations: { id: string; name: string }[]
}

export const TargetListJson = z.object({
  filters: z.record(z.string(), z.unknown()),
  total: z.number().int(),
  groups: z.array(
    z.object({
      country: z.string(),
      respondentType: RespondentType,
      count: z.number().int(),
      organisations: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
})

const collator = new Intl.Collator('en')

export function targetGroups(
  organisations: readonly RegisteredOrganisation[],
  views: Iterable<ResponseView>,
  query: TargetQuery,
): { total: number; groups: TargetGroup[] } {
  const answered = new Set<string>()
  for (const view of views) if (view.status !== 'draft') answered.add(`${view.organisationId}|${view.respondentType}`)
  const groups = new Map<string, TargetGroup>()
  for (const org of organisations) {
    const type = org.respondentType
    const country = org.country ?? 'ZZ'
    if (!type || !RESPONDENT_TYPES.includes(type)) continue
    if (org.demo && !query.includeDemo) continue
    if (query.respondentType.length > 0 && !query.respondentType.includes(type)) continue
    if (query.country.length > 0 && !query.country.includes(country)) continue
    if (answered.has(`${org._id}|${type}`)) continue
    const key = `${country}|${type}`
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { country, respondentType: type, count: 0, organisations: [] }))
    group.count++
    group.organisations.push({ id: org._id, name: org.name ?? '' })
  }
  const list = [...groups.values()]
  for (const group of list) group.organisations.sort((x, y) => collator.compare(x.name, y.name))
  list.sort(
    (x, y) =>
      x.country.localeCompare(y.country) ||
      RESPONDENT_TYPES.indexOf(x.respondentType) - RESPONDENT_TYPES.indexOf(y.respondentType),
  )
  return { total: list.reduce((sum, g) => sum + g.count, 0), groups: list }
}
