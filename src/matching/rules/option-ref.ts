import { z } from 'zod'
import { FundSlug, InstrumentSlug } from '../../shared/codelists.js'

/** A pointer to one ranked option: an instrument or a fund. */
export const OptionRef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('instrument'), slug: InstrumentSlug }),
  z.strictObject({ kind: z.literal('fund'), slug: FundSlug }),
])
export type OptionRef = z.infer<typeof OptionRef>

const MinFit = z.enum(['strong', 'possible'])

/** An option that must reach at least `minFit` (advisory triggers). */
export const OptionAtLeast = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('instrument'), slug: InstrumentSlug, minFit: MinFit }),
  z.strictObject({ kind: z.literal('fund'), slug: FundSlug, minFit: MinFit }),
])
export type OptionAtLeast = z.infer<typeof OptionAtLeast>
