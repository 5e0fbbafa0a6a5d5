import { z } from 'zod'
import { SourceUrl } from '../../shared/codelists.js'
import { Condition } from './conditions.js'
import { OptionAtLeast } from './option-ref.js'
import { Basis } from './rule-schema.js'

/**
 * Fires when its condition (if given) holds, every option in `options` reaches its `minFit`, and at
 * least one of `anyOption` does (when given). Its text is `matcher.advisory.<route>.<trigger id>`.
 */
export const AdvisoryTrigger = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/i),
    when: Condition.optional(),
    options: z.array(OptionAtLeast).min(1).optional(),
    anyOption: z.array(OptionAtLeast).min(1).optional(),
  })
  .refine(
    (trigger) => trigger.when !== undefined || trigger.options !== undefined || trigger.anyOption !== undefined,
    'A trigger needs a condition or an option',
  )
export type AdvisoryTrigger = z.infer<typeof AdvisoryTrigger>

/** Where to ask for help. Its name is `matcher.advisory.<id>.name`; `fallback` routes are offered (with `.fallback`) when no route fires. */
export const AdvisoryRoute = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  url: SourceUrl,
  /** Never offered to these respondents: a body is not its own adviser. */
  notFor: z.array(z.enum(['city', 'member_state', 'financial_intermediary', 'service_provider'])).default([]),
  /** Offered only for countries of these eligibility lists (seed/eligibility.json), e.g. EU advisory services. */
  onlyIn: z.array(z.string()).optional(),
  /** The triggers fire only for countries of these lists; the fallback stays open everywhere. */
  triggersOnlyIn: z.array(z.string()).optional(),
  triggers: z.array(AdvisoryTrigger).min(1),
  fallback: z.boolean().default(false),
  basis: Basis,
})
export type AdvisoryRoute = z.infer<typeof AdvisoryRoute>

export const AdvisoryFile = z.strictObject({ version: z.number().int().min(1), routes: z.array(AdvisoryRoute) })
