import { z } from 'zod'
import { Fund, GlossaryTerm, Instrument } from '../catalogue/catalogue.js'
import { t } from '../i18n/i18n.js'
import { Guidance } from '../guidance/guidance.js'
import { InvestmentContent, InvestmentId, InvestmentOrigin } from '../investments/investment.js'
import { SourceUrl } from '../shared/codelists.js'

/**
 * The inputs and outputs of curation (ADR 014): which records curators edit, what a write carries,
 * and the history entry each write leaves. The routes parse with these; the OpenAPI document
 * describes the same objects.
 */
export const CURATION_KINDS = ['investments', 'instruments', 'funds', 'glossary', 'guidance'] as const
export const CurationKind = z.enum(CURATION_KINDS)
export type CurationKind = z.infer<typeof CurationKind>

/** The version a write is based on (forms send it as text: see `versionOf` in the pages). */
export const Version = z
  .number({ error: () => t('curation.errors.version') })
  .int({ error: () => t('curation.errors.version') })
  .positive({ error: () => t('curation.errors.version') })

/** Today's date (UTC) as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

/** "I checked this against the source" on that day: a date, never in the future. */
export const LastVerified = z.iso
  .date({ error: () => t('curation.errors.lastVerifiedFormat') })
  .refine((date) => date <= todayIso(), { error: () => t('curation.errors.lastVerifiedFuture') })
  .nullable()

/** Fields of an investment a curator writes: the content without `lastVerified` (set apart, as for every kind). */
const { lastVerified: _lastVerified, amountSource: _amountSource, ...investmentShape } = InvestmentContent.shape

/**
 * A figure needs its source: an amount needs the address that publishes it; the end cannot come
 * before the start. Checked even when other fields fail (`when`), so a form shows every problem at once.
 */
export function figureRules(value: unknown, ctx: z.RefinementCtx): void {
  figureRulesKeeping(undefined)(value, ctx)
}

/**
 * The figure rules for an edit of a record whose amount has no source yet (most seeded cases):
 * that amount, unchanged, may stay without one; an amount added or changed needs its source.
 * Data quality still lists the missing source (src/investments/completeness.ts).
 */
export function figureRulesKeeping(unsourcedAmount: unknown) {
  return (value: unknown, ctx: z.RefinementCtx): void => {
    const v = (value ?? {}) as Record<string, unknown>
    const kept = sameMoney(v.amount, unsourcedAmount)
    if (
      v.amount !== null &&
      v.amount !== undefined &&
      (v.amountSource === null || v.amountSource === undefined) &&
      !kept
    )
      ctx.addIssue({ code: 'custom', path: ['amountSource'], message: t('curation.errors.amountSourceRequired') })
    yearRules(v, ctx)
  }
}

function sameMoney(a: unknown, b: unknown): boolean {
  const x = a as { value?: unknown; currency?: unknown } | null | undefined
  const y = b as { value?: unknown; currency?: unknown } | null | undefined
  return !!x && !!y && x.value === y.value && x.currency === y.currency
}

function yearRules(v: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (typeof v.yearStart === 'number' && typeof v.yearEnd === 'number' && v.yearEnd < v.yearStart)
    ctx.addIssue({ code: 'custom', path: ['yearEnd'], message: t('curation.errors.yearEndBeforeStart') })
}
export const ALWAYS_CHECK = {
  when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null,
}

const InvestmentRecordShape = z.strictObject({ ...investmentShape, amountSource: SourceUrl.nullable().default(null) })
export const InvestmentRecord = InvestmentRecordShape.superRefine(figureRules, ALWAYS_CHECK)
export type InvestmentRecord = z.infer<typeof InvestmentRecord>

/** The record schema for an edit of `current`: an unsourced amount it already has may be kept as it is. */
export function investmentRecordUpdating(current: { amount?: unknown; amountSource?: unknown } | null) {
  const unsourced =
    current && (current.amountSource === null || current.amountSource === undefined) ? current.amount : undefined
  return unsourced === undefined || unsourced === null
    ? InvestmentRecord
    : InvestmentRecordShape.superRefine(figureRulesKeeping(unsourced), ALWAYS_CHECK)
}

export const InstrumentRecord = Instrument.strict()
export const FundRecord = Fund.strict()
export const GlossaryRecord = GlossaryTerm.strict()
export const GuidanceRecord = Guidance.extend({ source: Guidance.shape.source.strict() }).strict()

export interface RecordOf {
  investments: InvestmentRecord
  instruments: z.infer<typeof InstrumentRecord>
  funds: z.infer<typeof FundRecord>
  glossary: z.infer<typeof GlossaryRecord>
  guidance: z.infer<typeof GuidanceRecord>
}

export const RECORD_SCHEMAS = {
  investments: InvestmentRecord,
  instruments: InstrumentRecord,
  funds: FundRecord,
  glossary: GlossaryRecord,
  guidance: GuidanceRecord,
} as const satisfies Record<CurationKind, z.ZodType>

/** Words that would clash with the pages' own addresses (`/curation/investments/new`). */
export const RESERVED_IDS = new Set(['new'])

const Reason = z
  .string({ error: () => t('curation.errors.reasonRequired') })
  .trim()
  .min(3, { error: () => t('curation.errors.reasonRequired') })
  .max(1000, { error: () => t('curation.errors.tooLong', { max: 1000 }) })

/** Request bodies of the JSON API, one per kind (the record's schema differs). */
export function createBody<K extends CurationKind>(kind: K) {
  return z.strictObject({
    ...(kind === 'investments' ? { id: InvestmentId.optional() } : {}),
    record: RECORD_SCHEMAS[kind],
    lastVerified: LastVerified.optional(),
  })
}
export function updateBody<K extends CurationKind>(
  kind: K,
  current: { amount?: unknown; amountSource?: unknown } | null = null,
) {
  return z.strictObject({
    version: Version,
    record: kind === 'investments' ? investmentRecordUpdating(current) : RECORD_SCHEMAS[kind],
    lastVerified: LastVerified.optional(),
  })
}
export const RetireBody = z.strictObject({ version: Version, reason: Reason })
export const ReinstateBody = z.strictObject({ version: Version, reason: Reason.optional() })

/** For the OpenAPI document: the record of any kind (the path says which). */
const AnyRecord = z.union([InvestmentRecord, InstrumentRecord, FundRecord, GlossaryRecord, GuidanceRecord])
export const CuratedCreate = z.strictObject({
  id: InvestmentId.optional(),
  record: AnyRecord,
  lastVerified: LastVerified.optional(),
})
export const CuratedUpdate = z.strictObject({
  version: Version,
  record: AnyRecord,
  lastVerified: LastVerified.optional(),
})

// ---- output --------------------------------------------------------------------------------

export const CompletenessJson = z.object({
  score: z.number().int().min(0).max(100),
  priority1Complete: z.boolean(),
  missing: z.array(z.object({ field: z.string(), priority: z.union([z.literal(1), z.literal(2), z.literal(3)]) })),
})

export const CuratedRecordJson = z.object({
  kind: CurationKind,
  id: z.string(),
  version: z.number().int().positive(),
  retired: z.boolean(),
  lastVerified: z.iso.date().nullable(),
  origin: InvestmentOrigin.nullable(),
  createdAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime().nullable(),
  completeness: CompletenessJson.nullable(),
  url: z.string().nullable(),
  historyUrl: z.string(),
  record: z.record(z.string(), z.unknown()),
})
export const CuratedRecordList = z.object({
  items: z.array(CuratedRecordJson),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

export const HISTORY_OPS = ['create', 'update', 'retire', 'reinstate'] as const
export const HistoryOp = z.enum(HISTORY_OPS)
export type HistoryOp = z.infer<typeof HistoryOp>

export const Actor = z.object({ id: z.string(), name: z.string() })
export type Actor = z.infer<typeof Actor>

export const FieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })
export type FieldChange = z.infer<typeof FieldChange>

/** One write of one record: who, when, which version it made, and each field before and after. */
export const HistoryEntry = z.object({
  id: z.string(),
  kind: CurationKind,
  recordId: z.string(),
  version: z.number().int().positive(),
  op: HistoryOp,
  at: z.iso.datetime(),
  by: Actor,
  reason: z.string().nullable(),
  proposalId: z.string().nullable(),
  changes: z.array(FieldChange),
})
export type HistoryEntry = z.infer<typeof HistoryEntry>
export const HistoryList = z.object({
  items: z.array(HistoryEntry),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})
