import type { Request, Response } from 'express'
import { z } from 'zod'
import { ValidationError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { parse } from '../http/validate.js'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import type { WriteQuotas } from '../quotas/write-quotas.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import { FUNDS, INSTRUMENTS } from '../shared/codelists.js'
import {
  bodyToRaw,
  type Candidate,
  errorsByInput,
  friendlyIssue,
  isFormInput,
  type RawForm,
  rawToCandidate,
} from './curation-forms.js'
import {
  type CurationKind,
  type InvestmentRecord,
  investmentRecordUpdating,
  RECORD_SCHEMAS,
  Version,
} from './curation-schemas.js'
import type { CuratedRecord, CurationService } from './curation-service.js'
import { ProposalContent, type ProposalService } from './proposals.js'
import type { SourceHealthSettings } from './source-health.js'

export const PAGE_SIZE = 50
export const NoQuery = z.strictObject({})
/** Fields of a record form that are not record fields. */
const CONTROL_FIELDS = new Set(['_version', 'verifiedToday', 'id', 'slug'])

export interface CurationPagesDeps {
  curation: CurationService
  proposals: ProposalService
  search: InvestmentSearch
  quotas: WriteQuotas
  /** For the source-health counts of /data-quality (catalogue and guidance sources). */
  catalogue?: CatalogueService
}

/** What the curation page handlers need: the services and the source-health settings read once. */
export interface CurationPageDeps extends CurationPagesDeps {
  healthSettings: SourceHealthSettings
}

export interface FormState {
  raw: RawForm
  errors: Map<string, string>
  /** The id or slug typed on a create form. */
  newId?: string
  verifiedToday?: boolean
  reason?: string
  reasonError?: string | undefined
}

export const idOf = (req: Request) => String(req.params.id)

/** Curators' pages are under the "Curation" navigation entry. */
export const inCurationNav = (res: Response) => {
  res.locals.navSection = 'curation'
}

/** Reads a posted record form: the record for the schema, or the messages per input. */
export function readRecordForm(
  form: CurationKind | 'proposals',
  body: unknown,
  extra: Record<string, unknown> = {},
  editing: CuratedRecord | null = null,
) {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const unknown = Object.keys(source).filter(
    (name) => !CONTROL_FIELDS.has(name) && name !== 'reason' && !isFormInput(form, name),
  )
  if (unknown.length > 0)
    throw new ValidationError(Object.fromEntries(unknown.map((name) => [name, [t('curation.errors.unknownField')]])))
  const raw = bodyToRaw(form, source)
  const candidate: Candidate = rawToCandidate(form, raw)
  const schema =
    form === 'proposals'
      ? ProposalContent
      : form === 'investments' && editing
        ? investmentRecordUpdating(editing.record as InvestmentRecord)
        : RECORD_SCHEMAS[form]
  const result = schema.safeParse({ ...candidate.value, ...extra }, { error: friendlyIssue })
  const errors = result.success ? new Map<string, string>() : errorsByInput(form, result.error, candidate.factRows)
  return {
    raw,
    errors,
    record: result.success ? (result.data as Record<string, unknown>) : null,
    verifiedToday: source.verifiedToday === 'yes',
  }
}

/** The create form's key input: an investment's or guidance entry's id, a catalogue record's slug. */
export function keyName(kind: CurationKind): 'id' | 'slug' {
  return kind === 'investments' || kind === 'guidance' ? 'id' : 'slug'
}

/** The key as part of the record (an investment's id is kept apart from its record). */
export function keyInRecord(kind: CurationKind, key: string): Record<string, string> {
  return kind === 'investments' ? {} : { [keyName(kind)]: key }
}

export function textOf(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : ''
}

/** The `_version` a form carries (the version the page showed). */
export function versionOf(body: unknown): number {
  const sent = (body as Record<string, unknown> | undefined)?._version
  return parse(z.strictObject({ _version: Version }), {
    _version: typeof sent === 'string' && /^\d{1,9}$/.test(sent) ? Number(sent) : sent,
  })._version
}

export function titled(title: string, hasErrors: boolean) {
  return { title: hasErrors ? t('errors.titlePrefix', { title }) : title, heading: title }
}

/** Slugs of the codelist that have no record yet (instruments and funds are keyed by codelist). */
export async function freeSlugs(curation: CurationService, kind: CurationKind): Promise<string[] | null> {
  if (kind !== 'instruments' && kind !== 'funds') return null
  const taken = new Set((await curation.list(kind)).map((r) => r.id))
  return (kind === 'instruments' ? INSTRUMENTS : FUNDS).filter((slug) => !taken.has(slug))
}
