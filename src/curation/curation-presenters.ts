import { displayName } from '../accounts/account.js'
import { formatDateTime } from '../accounts/account-presenters.js'
import { label, t, tDynamic } from '../i18n/i18n.js'
import { CONFIDENCE } from '../shared/codelists.js'
import { completenessOf } from '../investments/completeness.js'
import type { CurationKind, HistoryEntry } from './curation-schemas.js'
import type { CuratedRecord } from './curation-service.js'
import type { Proposal } from './proposals.js'
import {
  displayValue,
  type FieldDef,
  fieldHint,
  fieldLabel,
  FORMS,
  inputId,
  listDelta,
  optionLabel,
  type RawForm,
} from './curation-forms.js'

/** Public page of a record (null for a retired one: it has none). */
export function publicUrl(kind: CurationKind, id: string): string {
  return kind === 'investments' ? `/investments/${id}` : kind === 'glossary' ? `/glossary#${id}` : `/${kind}/${id}`
}

export function curationUrl(kind: CurationKind, id: string): string {
  return `/curation/${kind}/${encodeURIComponent(id)}`
}

/** The API shape of a curated record (GET /api/v1/curation/:kind/:id). */
export function curatedRecordJson(record: CuratedRecord) {
  return {
    kind: record.kind,
    id: record.id,
    version: record.version,
    retired: record.retired,
    lastVerified: record.lastVerified,
    origin: record.origin,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    completeness: record.investment ? completenessOf(record.investment) : null,
    url: record.retired ? null : publicUrl(record.kind, record.id),
    historyUrl: `/api/v1${curationUrl(record.kind, record.id)}/history`,
    record: record.record as unknown as Record<string, unknown>,
  }
}

/** The title a record goes by in lists and headings. */
export function recordTitle(record: CuratedRecord): string {
  const r = record.record as unknown as Record<string, unknown>
  return String(r.title ?? r.name ?? r.term ?? record.id)
}

// ---- forms ---------------------------------------------------------------------------------------

export interface FieldView {
  name: string
  id: string
  label: string
  hint: string | undefined
  hintId: string | undefined
  error: string | undefined
  errorId: string | undefined
  describedBy: string | undefined
  value: string
  rows: number
  width: string | undefined
  isText?: boolean
  isTextarea?: boolean
  isSelect?: boolean
  isCheckboxes?: boolean
  isMoney?: boolean
  isFacts?: boolean
  isSource?: boolean
  /** A source field's inputs: address, confidence, day read. */
  parts?: FieldView[]
  /** Select: the first, empty option's text (optional fields and unchosen required ones). */
  emptyOption?: string | undefined
  options?: { value: string; label: string; id: string; checked: boolean; selected: boolean }[]
  money?: { value: FieldView; currency: FieldView }
  facts?: { legend: string; text: FieldView; confidence: FieldView; sources: FieldView }[]
}

function wire(name: string, id: string, labelText: string, hint: string | undefined, error: string | undefined) {
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  return {
    name,
    id,
    label: labelText,
    hint,
    hintId,
    error,
    errorId,
    describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined,
  }
}

function str(raw: RawForm, name: string): string {
  const value = raw.get(name)
  return typeof value === 'string' ? value : ''
}

export function simpleField(spec: {
  name: string
  label: string
  hint?: string | undefined
  value: string
  error?: string | undefined
  textarea?: boolean
  rows?: number
  width?: string
}): FieldView {
  return {
    ...wire(spec.name, spec.name.replace(/\./g, '-'), spec.label, spec.hint, spec.error),
    value: spec.value,
    rows: spec.rows ?? 3,
    width: spec.width,
    ...(spec.textarea ? { isTextarea: true } : { isText: true }),
  }
}

function fieldView(
  form: CurationKind | 'proposals',
  field: FieldDef,
  raw: RawForm,
  errors: Map<string, string>,
): FieldView {
  const labelText = fieldLabel(form, field.name)
  const hint = fieldHint(form, field.name)
  const base = {
    ...wire(field.name, inputId(form, field.name), labelText, hint, errors.get(field.name)),
    value: str(raw, field.name),
    rows: field.rows ?? 3,
    width: field.width,
  }
  switch (field.type) {
    case 'textarea':
    case 'lines':
    case 'sources':
      return { ...base, isTextarea: true }
    case 'select': {
      const chosen = str(raw, field.name)
      return {
        ...base,
        isSelect: true,
        emptyOption: field.optional ? t('curation.notRecorded') : chosen === '' ? t('curation.choose') : undefined,
        options: (field.options ?? []).map((value) => ({
          value,
          label: optionLabel(field, value),
          id: `${field.name}-${value}`,
          checked: false,
          selected: value === chosen,
        })),
      }
    }
    case 'checkboxes': {
      const chosen = raw.get(field.name)
      const list = Array.isArray(chosen) ? chosen : []
      return {
        ...base,
        isCheckboxes: true,
        options: (field.options ?? []).map((value) => ({
          value,
          label: optionLabel(field, value),
          id: `${field.name}-${value}`,
          checked: list.includes(value),
          selected: false,
        })),
      }
    }
    case 'money':
      return {
        ...base,
        id: 'amountValue',
        isMoney: true,
        money: {
          value: {
            ...wire(
              'amountValue',
              'amountValue',
              t('curation.fields.common.amountValue'),
              undefined,
              errors.get('amountValue'),
            ),
            value: str(raw, 'amountValue'),
            rows: 1,
            width: 'medium',
            isText: true,
          },
          currency: {
            ...wire(
              'amountCurrency',
              'amountCurrency',
              t('curation.fields.common.amountCurrency'),
              t('curation.hints.common.amountCurrency'),
              errors.get('amountCurrency'),
            ),
            value: str(raw, 'amountCurrency'),
            rows: 1,
            width: 'short',
            isText: true,
          },
        },
      }
    case 'facts':
      return { ...base, isFacts: true, facts: factRowsView(field.name, raw, errors) }
    case 'source': {
      const part = (name: 'url' | 'confidence' | 'readOn', width: string) => {
        const key = `${field.name}.${name}`
        return {
          ...wire(
            key,
            inputId(form, key),
            tDynamic(`curation.fields.guidance.${name === 'url' ? 'sourceUrl' : name}`),
            fieldHint(form, name),
            errors.get(key),
          ),
          value: str(raw, key),
          rows: 1,
          width,
        }
      }
      const confidence = part('confidence', 'medium')
      const chosen = confidence.value
      return {
        ...base,
        id: inputId(form, `${field.name}.url`),
        isSource: true,
        parts: [
          { ...part('url', ''), width: undefined, isText: true },
          {
            ...confidence,
            isSelect: true,
            emptyOption: chosen === '' ? t('curation.choose') : undefined,
            options: CONFIDENCE.map((value) => ({
              value,
              label: label('confidence', value),
              id: `source-confidence-${value}`,
              checked: false,
              selected: value === chosen,
            })),
          },
          { ...part('readOn', 'short'), isText: true },
        ],
      }
    }
    default:
      return { ...base, isText: true }
  }
}

function factRowsView(name: string, raw: RawForm, errors: Map<string, string>) {
  const prefix = `${name}.`
  const rows = [
    ...new Set(
      [...raw.keys()].filter((k) => k.startsWith(prefix)).map((k) => Number(k.slice(prefix.length).split('.')[0])),
    ),
  ]
    .filter(Number.isInteger)
    .sort((a, b) => a - b)
  const next = rows.length === 0 ? 0 : rows[rows.length - 1]! + 1
  return [...rows, next].map((row, i) => {
    const key = (part: string) => `${name}.${row}.${part}`
    const isNew = row === next
    const confidence = str(raw, key('confidence'))
    return {
      legend: isNew ? t('curation.factNew') : t('curation.factN', { n: i + 1 }),
      text: {
        ...wire(
          key('text'),
          key('text').replace(/\./g, '-'),
          t('curation.factText'),
          undefined,
          errors.get(key('text')),
        ),
        value: str(raw, key('text')),
        rows: 3,
        width: undefined,
        isTextarea: true,
      },
      confidence: {
        ...wire(
          key('confidence'),
          key('confidence').replace(/\./g, '-'),
          t('curation.factConfidence'),
          undefined,
          errors.get(key('confidence')),
        ),
        value: confidence,
        rows: 1,
        width: undefined,
        isSelect: true,
        emptyOption: confidence === '' ? t('curation.choose') : undefined,
        options: ['V', 'S', 'U'].map((value) => ({
          value,
          label: tDynamic(`codelist.confidence.${value}`),
          id: '',
          checked: false,
          selected: value === confidence,
        })),
      },
      sources: {
        ...wire(
          key('sources'),
          key('sources').replace(/\./g, '-'),
          t('curation.factSources'),
          t('curation.hints.common.factSources'),
          errors.get(key('sources')),
        ),
        value: str(raw, key('sources')),
        rows: 2,
        width: undefined,
        isTextarea: true,
      },
    }
  })
}

/** The sections of a form with their fields, ready for views/partials/curation-field.hbs. */
export function formView(form: CurationKind | 'proposals', raw: RawForm, errors: Map<string, string>) {
  return FORMS[form].map((section) => ({
    id: `section-${section.id}`,
    heading: tDynamic(`curation.sections.${section.id}`),
    fields: section.fields.map((field) => fieldView(form, field, raw, errors)),
  }))
}

/** The error summary, in the order of the form. */
export function errorListOf(errors: Map<string, string>, order: string[]): { text: string; href: string }[] {
  const rank = (name: string) => {
    const i = order.findIndex((o) => name === o || name.startsWith(`${o}.`))
    return i === -1 ? order.length : i
  }
  return [...errors]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([name, text]) => ({ text, href: `#${name === '' ? 'main' : name.replace(/\./g, '-')}` }))
}

// ---- history -------------------------------------------------------------------------------------

export function changeView(kind: CurationKind, change: { field: string; before: unknown; after: unknown }) {
  const delta =
    Array.isArray(change.before) || Array.isArray(change.after) ? listDelta(change.before, change.after) : null
  const readable = (values: string[]) => values.map((v) => displayValue(kind, change.field, [safeParse(v)]))
  return {
    label: fieldLabel(kind, change.field),
    before: displayValue(kind, change.field, change.before),
    after: displayValue(kind, change.field, change.after),
    isList: delta !== null,
    added: delta && delta.added.length > 0 ? readable(delta.added) : null,
    removed: delta && delta.removed.length > 0 ? readable(delta.removed) : null,
  }
}

function safeParse(value: string): unknown {
  if (!value.startsWith('{') && !value.startsWith('[')) return value
  try {
    return JSON.parse(value) as unknown
  } catch {
    return value
  }
}

export function historyEntryView(entry: HistoryEntry) {
  return {
    version: entry.version,
    heading: t(`curation.history.op.${entry.op}`, { version: entry.version }),
    byLine: t('curation.history.byLine', { name: displayName(entry.by.name), when: formatDateTime(entry.at) }),
    at: entry.at,
    reason: entry.reason,
    fromProposal: entry.proposalId ? `/curation/proposals/${entry.proposalId}` : null,
    changes: entry.changes.map((change) => changeView(entry.kind, change)),
  }
}

/** For the account page: the proposals of a user with their status. */
export function proposalSummaries(list: Proposal[]) {
  return list.map((p) => ({
    title: p.content.title,
    url: `/proposals/${p.id}`,
    sent: formatDateTime(p.createdAt),
    status: t(`curation.proposalStatus.${p.status}`),
    statusValue: p.status,
    reason: p.status === 'rejected' ? p.reason : null,
    investmentUrl: p.status === 'published' && p.investmentId ? `/investments/${p.investmentId}` : null,
  }))
}
