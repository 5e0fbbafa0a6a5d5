import { z } from 'zod'
import { Condition } from './conditions.js'
import { OptionRef } from './option-ref.js'
import { Basis } from './rule-schema.js'

/**
 * A financing mix: offered when its condition holds and every part is at least a "possible" fit
 * (so none is blocked or ineligible). Its texts are `matcher.combinations.<id>.title` and `.rationale`.
 */
export const CombinationRule = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  parts: z.array(OptionRef).min(2),
  when: Condition,
  basis: Basis,
})
export type CombinationRule = z.infer<typeof CombinationRule>

export const CombinationsFile = z.strictObject({
  version: z.number().int().min(1),
  combinations: z.array(CombinationRule),
})
