import { z } from 'zod'
import { Confidence, FundSlug, InstrumentSlug, PolicyField, SourceUrl } from '../shared/codelists.js'

/** What a guidance entry is (C12). Stable API strings; labels live in the message catalogue (`guidance.kind.*`). */
export const GUIDANCE_KINDS = [
  'guide',
  'toolkit',
  'report',
  'policy',
  'case-study',
  'factsheet',
  'webinar',
  'template',
] as const
export const GuidanceKind = z.enum(GUIDANCE_KINDS)
export type GuidanceKind = z.infer<typeof GuidanceKind>

export const GuidanceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,95}$/, 'A guidance id is lower-case letters, digits and hyphens')

/** ISO 639-1 language code of a language the publication is available in. */
export const LanguageCode = z.string().regex(/^[a-z]{2}$/, 'Use a two-letter ISO 639-1 language code, for example en')

/**
 * A guide, toolkit, report, webinar recording or template on designing financial instruments for
 * inclusion (ADR 051). `summary` is two lines in our words; `source` is the page that states the
 * title, publisher and year, with its confidence and the day it was read. Unknown stays unknown
 * (`year` null).
 */
export const Guidance = z.object({
  id: GuidanceId,
  title: z.string().trim().min(3).max(500),
  publisher: z.string().trim().min(2).max(300),
  year: z.number().int().min(1990).max(2100).nullable(),
  languages: z.array(LanguageCode).min(1).max(30),
  kind: GuidanceKind,
  instruments: z.array(InstrumentSlug).max(8).default([]),
  funds: z.array(FundSlug).max(9).default([]),
  policyFields: z.array(PolicyField).max(7).default([]),
  summary: z.string().trim().min(10).max(1000),
  url: SourceUrl,
  source: z.object({
    url: SourceUrl,
    confidence: Confidence,
    readOn: z.iso.date(),
  }),
})
export type Guidance = z.infer<typeof Guidance>
