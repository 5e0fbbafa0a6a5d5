import { z } from 'zod'
import {
  CaseInstrument,
  Confidence,
  CountryCode,
  CurrencyCode,
  FundSlug,
  PolicyField,
  Relevance,
  SourceUrl,
  Stage,
  TargetGroup,
} from '../shared/codelists.js'

export const InvestmentId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,95}$/, 'An investment id is lower-case letters, digits and hyphens')
export type InvestmentId = z.infer<typeof InvestmentId>

export const Money = z.object({
  value: z.number().nonnegative(),
  currency: CurrencyCode,
})
export type Money = z.infer<typeof Money>

/**
 * A real social investment as published. Every text and list has a cap (ADR 033), so no record,
 * proposal or import grows without bound. Amounts stay in the published currency; what the source
 * says in words (years, status, target group) is kept verbatim beside the codelist values.
 */
export const InvestmentContent = z.object({
  title: z.string().trim().min(3).max(300),
  summary: z.string().trim().min(10).max(4000),
  results: z.string().trim().max(4000).nullable().default(null),
  /** Countries (ISO alpha-2). Empty when the case is EU-wide or global; see `geography`. */
  countries: z.array(CountryCode).max(60).default([]),
  /** Place as published: city, region, "EU-27", "global". */
  geography: z.string().trim().min(1).max(300),
  policyFields: z.array(PolicyField).min(1).max(7),
  targetGroups: z.array(TargetGroup).max(8).default([]),
  targetGroupText: z.string().trim().max(1000).nullable().default(null),
  instruments: z.array(CaseInstrument).min(1).max(9),
  /** The instrument as the source describes it, e.g. "framework loan via NRW.BANK". */
  instrumentText: z.string().trim().max(300).nullable().default(null),
  funds: z.array(FundSlug).max(9).default([]),
  stage: Stage.nullable().default(null),
  statusText: z.string().trim().max(500).nullable().default(null),
  yearStart: z.number().int().min(1990).max(2100).nullable().default(null),
  yearEnd: z.number().int().min(1990).max(2100).nullable().default(null),
  yearsText: z.string().trim().max(300).nullable().default(null),
  amount: Money.nullable().default(null),
  amountText: z.string().trim().max(500).nullable().default(null),
  /** The source that publishes `amount` (one of `sources`). Curated writes require it with an amount; older records may lack it. */
  amountSource: SourceUrl.optional(),
  financiers: z.array(z.string().trim().min(1).max(300)).max(30).default([]),
  outcomePayer: z.string().trim().max(500).nullable().default(null),
  sources: z
    .array(z.object({ url: SourceUrl, label: z.string().trim().max(200).nullable().default(null) }))
    .min(1)
    .max(20),
  /** `other`: kept and searchable, but off by default in search, facets, home figures and similar cases (ADR 050). Records older than the field are migrant cases. */
  relevance: Relevance.default('migrants_refugees'),
  indigoId: z
    .string()
    .regex(/^INDIGO-POJ-\d{4}$/)
    .nullable()
    .default(null),
  confidence: Confidence,
  confidenceText: z.string().trim().max(500).nullable().default(null),
  notes: z.string().trim().max(4000).nullable().default(null),
  lastVerified: z.iso.date().nullable().default(null),
})
export type InvestmentContent = z.infer<typeof InvestmentContent>

export const InvestmentOrigin = z.enum(['seed', 'curated', 'imported', 'synthetic'])
export type InvestmentOrigin = z.infer<typeof InvestmentOrigin>

/** The stored record: content plus identity, provenance and optimistic-locking version. */
export const Investment = InvestmentContent.extend({
  id: InvestmentId,
  origin: InvestmentOrigin,
  /** Reference of the source record (e.g. "cases.json#C01") for seeded and imported records. */
  originRef: z.string().max(200).nullable().default(null),
  version: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  retired: z.boolean().default(false),
})
export type Investment = z.infer<typeof Investment>

/** One entry of seed/investments.json. */
export const InvestmentSeed = InvestmentContent.extend({
  id: InvestmentId,
  originRef: z.string().max(200),
})
export type InvestmentSeed = z.infer<typeof InvestmentSeed>
