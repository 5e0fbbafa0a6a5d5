import { z } from 'zod'
import { Confidence, SourceUrl } from './codelists.js'

/** One sourced statement: the unit of every catalogue page (nothing is shown without a source). */
export const Fact = z.object({
  text: z.string().trim().min(1),
  confidence: Confidence,
  sources: z.array(SourceUrl).min(1, 'Every fact needs at least one source'),
})
export type Fact = z.infer<typeof Fact>
