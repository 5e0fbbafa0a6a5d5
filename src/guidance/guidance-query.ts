import { z } from 'zod'
import { listParam, singleParam } from '../http/validate.js'
import { FundSlug, InstrumentSlug, PolicyField } from '../shared/codelists.js'
import { GuidanceKind, LanguageCode } from './guidance.js'

export const GUIDANCE_FACETS = ['kind', 'instrument', 'fund', 'policyField', 'language'] as const
export type GuidanceFacet = (typeof GUIDANCE_FACETS)[number]

/** `GET /api/v1/guidance` and `/guidance` (DESIGN §5): a repeated parameter is OR inside its facet, facets AND together. */
export const GuidanceQuery = z.strictObject({
  q: singleParam(z.string().trim().max(200).optional()),
  kind: listParam(GuidanceKind),
  instrument: listParam(InstrumentSlug),
  fund: listParam(FundSlug),
  policyField: listParam(PolicyField),
  language: listParam(z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), LanguageCode)),
  page: singleParam(z.coerce.number().int().min(1).max(10_000).default(1)),
  pageSize: singleParam(z.coerce.number().int().min(1).max(100).default(20)),
})
export type GuidanceQuery = z.infer<typeof GuidanceQuery>

/** A shareable query string for a query (defaults left out), optionally with changes. */
export function guidanceQueryString(
  query: Partial<GuidanceQuery>,
  changes: Partial<Record<keyof GuidanceQuery, unknown>> = {},
): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value === undefined || value === null || value === '') continue
    if ((key === 'page' && value === 1) || (key === 'pageSize' && value === 20)) continue
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
    else params.set(key, String(value))
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}
