import { z } from 'zod'
import {
  Confidence,
  FundKind,
  FundSlug,
  InstrumentSlug,
  PolicyField,
  RespondentType,
  SourceUrl,
} from '../shared/codelists.js'
import { Fact } from '../shared/facts.js'

/** A financial instrument type (DESIGN C2). Every statement is a sourced Fact. */
export const Instrument = z.object({
  slug: InstrumentSlug,
  name: z.string().trim().min(2).max(120),
  /** One plain-language sentence for lists and the matcher (editorial, based on the facts below). */
  summary: z.string().trim().min(10).max(400),
  definition: z.array(Fact).min(1),
  revolving: z.enum(['yes', 'partly', 'no']),
  revolvingFacts: z.array(Fact).min(1),
  providers: z.array(Fact).min(1),
  cityRequirements: z.array(Fact).min(1),
  typicalSizes: z.array(Fact).default([]),
  pros: z.array(Fact).default([]),
  cons: z.array(Fact).default([]),
  euRules: z.array(Fact).default([]),
})
export type Instrument = z.infer<typeof Instrument>

/** An EU fund, programme or financial institution (DESIGN C2). */
export const Fund = z.object({
  slug: FundSlug,
  name: z.string().trim().min(2).max(160),
  shortName: z.string().trim().min(2).max(20),
  kind: FundKind,
  summary: z.string().trim().min(10).max(400),
  legalBasis: z.array(Fact).min(1),
  budget: z.array(Fact).min(1),
  managementMode: z.array(Fact).min(1),
  finances: z.array(Fact).min(1),
  policyFields: z.array(PolicyField).default([]),
  /** Whether it can back financial instruments: yes, limited (possible in principle / only some forms), no. */
  financialInstrumentSupport: z.enum(['yes', 'limited', 'no']),
  financialInstrumentFacts: z.array(Fact).min(1),
  instruments: z.array(InstrumentSlug).default([]),
  cityAccess: z.array(Fact).min(1),
  /** Who can apply or borrow directly (for the matcher and the page). */
  directAccessFor: z.array(RespondentType).default([]),
  cofinancing: z.array(Fact).default([]),
  website: SourceUrl.nullable().default(null),
})
export type Fund = z.infer<typeof Fund>

export const GlossaryTerm = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  term: z.string().trim().min(2).max(120),
  aliases: z.array(z.string().trim().min(1)).default([]),
  definition: z.string().trim().min(10).max(1500),
  confidence: Confidence,
  sources: z.array(SourceUrl).min(1),
  related: z.array(z.string()).default([]),
})
export type GlossaryTerm = z.infer<typeof GlossaryTerm>
