import { z } from 'zod'
import { COMPLETENESS_FIELDS, completenessOf, type Priority } from '../investments/completeness.js'
import type { Investment } from '../investments/investment.js'
import { CompletenessJson } from './curation-schemas.js'

/**
 * The data-quality report over the published investments (ADR 016), after INDIGO's data-quality
 * report: which fields are missing most (per priority), and the least complete records.
 */
export const DataQualityReport = z.object({
  total: z.number().int(),
  averageScore: z.number().int(),
  priority1Complete: z.number().int(),
  neverVerified: z.number().int(),
  /** Verified in the 365 days before the report. */
  verifiedLastYear: z.number().int(),
  fields: z.array(
    z.object({
      field: z.string(),
      priority: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      /** Records the field concerns (an outcome payer only concerns outcomes contracts). */
      applicable: z.number().int(),
      missing: z.number().int(),
    }),
  ),
  leastComplete: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      url: z.string(),
      lastVerified: z.iso.date().nullable(),
      completeness: CompletenessJson,
    }),
  ),
})
export type DataQualityReport = z.infer<typeof DataQualityReport>

export function dataQualityReport(
  investments: readonly Investment[],
  options: { now?: Date; least?: number } = {},
): DataQualityReport {
  const now = options.now ?? new Date()
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10)
  const counts = new Map(
    COMPLETENESS_FIELDS.map((spec) => [
      spec.field,
      { field: spec.field, priority: spec.priority as Priority, applicable: 0, missing: 0 },
    ]),
  )
  let scoreSum = 0
  let priority1Complete = 0
  let neverVerified = 0
  let verifiedLastYear = 0
  const scored = investments.map((investment) => {
    const completeness = completenessOf(investment)
    scoreSum += completeness.score
    if (completeness.priority1Complete) priority1Complete++
    if (investment.lastVerified === null) neverVerified++
    else if (investment.lastVerified >= yearAgo) verifiedLastYear++
    for (const spec of COMPLETENESS_FIELDS) if (spec.applies(investment)) counts.get(spec.field)!.applicable++
    for (const missing of completeness.missing) counts.get(missing.field)!.missing++
    return { investment, completeness }
  })
  scored.sort(
    (a, b) => a.completeness.score - b.completeness.score || a.investment.title.localeCompare(b.investment.title, 'en'),
  )
  return {
    total: investments.length,
    averageScore: investments.length === 0 ? 0 : Math.round(scoreSum / investments.length),
    priority1Complete,
    neverVerified,
    verifiedLastYear,
    fields: [...counts.values()].sort((a, b) => a.priority - b.priority || b.missing - a.missing),
    leastComplete: scored.slice(0, options.least ?? 20).map(({ investment, completeness }) => ({
      id: investment.id,
      title: investment.title,
      url: `/investments/${investment.id}`,
      lastVerified: investment.lastVerified,
      completeness,
    })),
  }
}
