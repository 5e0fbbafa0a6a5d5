import type { z } from 'zod'
import { hasMessage, label, t, tDynamic } from '../i18n/i18n.js'
import { formatMoney } from '../http/view-helpers.js'
import {
  CASE_INSTRUMENTS,
  CONFIDENCE,
  FUND_KINDS,
  FUNDS,
  INSTRUMENTS,
  POLICY_FIELDS,
  RELEVANCES,
  RESPONDENT_TYPES,
  STAGES,
  TARGET_GROUPS,
} from '../shared/codelists.js'
import { GUIDANCE_KINDS } from '../guidance/guidance.js'
import type { CurationKind } from './curation-schemas.js'

/**
 * The curation forms, declared once per kind: how a record becomes form values, how posted values
 * become a record for the zod schema, how schema errors find their input, and how a value reads in
 * the history. Plain HTML forms: lists are one item per line, facts are rows (a blank row adds one,
 * emptying a row removes it), so everything works without JavaScript and by keyboard.
 */
export type FieldType =
  | 'text'
  | 'textarea'
  | 'integer'
  | 'select'
  | 'checkboxes'
  | 'lines'
  | 'codes'
  | 'sources'
  | 'money'
  | 'facts'
  | 'source'

export interface FieldDef {
  name: string
  type: FieldType
  /** Empty input is stored as null (text, textarea, integer, select). */
  optional?: boolean
  options?: readonly string[]
  /** How an option reads: a codelist (`label(list, value)`) or a message prefix (`t(prefix.value)`). */
  codelist?: string
  labelPrefix?: string
  width?: 'short' | 'medium'
  rows?: number
}

export interface FormSection {
  id: string
  fields: FieldDef[]
}

export type RawForm = Map<string, string | string[]>

const FACT_SECTIONS_INSTRUMENT = [
  'definition',
  'revolvingFacts',
  'providers',
  'cityRequirements',
  'typicalSizes',
  'pros',
  'cons',
  'euRules',
]
const FACT_SECTIONS_FUND = [
  'legalBasis',
  'budget',
  'managementMode',
  'finances',
  'financialInstrumentFacts',
  'cityAccess',
  'cofinancing',
]
/** At most this many facts per section and lines per list are read from a form. */
const MAX_ROWS = 100

const investmentSections = (proposal: boolean): FormSection[] => [
  {
    id: 'about',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'summary', type: 'textarea', rows: 6 },
      { name: 'results', type: 'textarea', optional: true, rows: 4 },
    ],
  },
  {
    id: 'place',
    fields: [
      { name: 'geography', type: 'text' },
      { name: 'countries', type: 'codes', width: 'medium' },
      { name: 'policyFields', type: 'checkboxes', options: POLICY_FIELDS, codelist: 'policyField' },
      { name: 'targetGroups', type: 'checkboxes', options: TARGET_GROUPS, codelist: 'targetGroup' },
      { name: 'targetGroupText', type: 'text', optional: true },
    ],
  },
  {
    id: 'money',
    fields: [
      { name: 'instruments', type: 'checkboxes', options: CASE_INSTRUMENTS, codelist: 'instrument' },
      { name: 'instrumentText', type: 'text', optional: true },
      { name: 'funds', type: 'checkboxes', options: FUNDS, codelist: 'fund' },
      { name: 'amount', type: 'money' },
      { name: 'amountSource', type: 'text', optional: true },
      { name: 'amountText', type: 'text', optional: true },
      { name: 'financiers', type: 'lines', rows: 3 },
      { name: 'outcomePayer', type: 'text', optional: true },
    ],
  },
  {
    id: 'time',
    fields: [
      { name: 'stage', type: 'select', optional: true, options: STAGES, codelist: 'stage' },
      { name: 'statusText', type: 'text', optional: true },
      { name: 'yearStart', type: 'integer', optional: true, width: 'short' },
      { name: 'yearEnd', type: 'integer', optional: true, width: 'short' },
      { name: 'yearsText', type: 'text', optional: true },
    ],
  },
  {
    id: 'sources',
    fields: proposal
      ? [
          { name: 'sources', type: 'sources', rows: 4 },
          { name: 'comment', type: 'textarea', optional: true, rows: 4 },
        ]
      : [
          { name: 'sources', type: 'sources', rows: 4 },
          { name: 'confidence', type: 'select', options: CONFIDENCE, codelist: 'confidence' },
          { name: 'confidenceText', type: 'textarea', optional: true, rows: 2 },
          { name: 'indigoId', type: 'text', optional: true, width: 'medium' },
          { name: 'relevance', type: 'select', options: RELEVANCES, labelPrefix: 'relevance.value' },
          { name: 'notes', type: 'textarea', optional: true, rows: 3 },
        ],
  },
]

export const FORMS: Record<CurationKind | 'proposals', FormSection[]> = {
  investments: investmentSections(false),
  proposals: investmentSections(true),
  instruments: [
    {
      id: 'about',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'summary', type: 'textarea', rows: 3 },
        {
          name: 'revolving',
          type: 'select',
          options: ['yes', 'partly', 'no'],
          labelPrefix: 'catalogue.revolvingValue',
        },
      ],
    },
    { id: 'facts', fields: FACT_SECTIONS_INSTRUMENT.map((name) => ({ name, type: 'facts' as const })) },
  ],
  funds: [
    {
      id: 'about',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'shortName', type: 'text', width: 'medium' },
        { name: 'kind', type: 'select', options: FUND_KINDS, labelPrefix: 'catalogue.kind' },
        { name: 'summary', type: 'textarea', rows: 3 },
        { name: 'website', type: 'text', optional: true },
      ],
    },
    {
      id: 'scope',
      fields: [
        { name: 'policyFields', type: 'checkboxes', options: POLICY_FIELDS, codelist: 'policyField' },
        {
          name: 'financialInstrumentSupport',
          type: 'select',
          options: ['yes', 'limited', 'no'],
          labelPrefix: 'catalogue.fiSupportValue',
        },
        { name: 'instruments', type: 'checkboxes', options: INSTRUMENTS, codelist: 'instrument' },
        { name: 'directAccessFor', type: 'checkboxes', options: RESPONDENT_TYPES, codelist: 'respondentType' },
      ],
    },
    { id: 'facts', fields: FACT_SECTIONS_FUND.map((name) => ({ name, type: 'facts' as const })) },
  ],
  glossary: [
    {
      id: 'about',
      fields: [
        { name: 'term', type: 'text' },
        { name: 'aliases', type: 'lines', rows: 3 },
        { name: 'definition', type: 'textarea', rows: 5 },
        { name: 'confidence', type: 'select', options: CONFIDENCE, codelist: 'confidence' },
        { name: 'sources', type: 'lines', rows: 3 },
        { name: 'related', type: 'lines', rows: 3 },
      ],
    },
  ],
  guidance: [
    {
      id: 'about',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'publisher', type: 'text' },
        { name: 'year', type: 'integer', optional: true, width: 'short' },
        { name: 'kind', type: 'select', options: GUIDANCE_KINDS, labelPrefix: 'guidance.kind' },
        { name: 'languages', type: 'lines', rows: 2 },
        { name: 'summary', type: 'textarea', rows: 3 },
        { name: 'url', type: 'text' },
      ],
    },
    {
      id: 'scope',
      fields: [
        { name: 'instruments', type: 'checkboxes', options: INSTRUMENTS, codelist: 'instrument' },
        { name: 'funds', type: 'checkboxes', options: FUNDS, codelist: 'fund' },
        { name: 'policyFields', type: 'checkboxes', options: POLICY_FIELDS, codelist: 'policyField' },
      ],
    },
    { id: 'sources', fields: [{ name: 'source', type: 'source' }] },
  ],
}

/** The three inputs of a `source` field (a guidance entry's source: address, confidence, day read). */
const SOURCE_PARTS = ['url', 'confidence', 'readOn'] as const

export function fieldsOf(form: CurationKind | 'proposals'): FieldDef[] {
  return FORMS[form].flatMap((section) => section.fields)
}

// ---- record → form values --------------------------------------------------------------------

interface FactLike {
  text: string
  confidence: string
  sources: string[]
}

/** The form values showing a record (lists one item per line). */
export function recordToRaw(form: CurationKind | 'proposals', record: Record<string, unknown>): RawForm {
  const raw: RawForm = new Map()
  for (const field of fieldsOf(form)) {
    const value = record[field.name]
    switch (field.type) {
      case 'checkboxes':
        raw.set(field.name, Array.isArray(value) ? value.map(String) : [])
        break
      case 'lines':
        raw.set(field.name, Array.isArray(value) ? value.map(String).join('\n') : '')
        break
      case 'codes':
        raw.set(field.name, Array.isArray(value) ? value.map(String).join(', ') : '')
        break
      case 'sources':
        raw.set(
          field.name,
          Array.isArray(value)
            ? (value as { url: string; label: string | null }[])
                .map((s) => (s.label ? `${s.url} ${s.label}` : s.url))
                .join('\n')
            : '',
        )
        break
      case 'money': {
        const money = value as { value: number; currency: string } | null | undefined
        raw.set('amountValue', money ? String(money.value) : '')
        raw.set('amountCurrency', money ? money.currency : '')
        break
      }
      case 'source': {
        const source = (value ?? {}) as Record<string, unknown>
        for (const part of SOURCE_PARTS)
          raw.set(`${field.name}.${part}`, typeof source[part] === 'string' ? (source[part] as string) : '')
        break
      }
      case 'facts':
        ;((value as FactLike[] | undefined) ?? []).forEach((fact, i) => {
          raw.set(`${field.name}.${i}.text`, fact.text)
          raw.set(`${field.name}.${i}.confidence`, fact.confidence)
          raw.set(`${field.name}.${i}.sources`, fact.sources.join('\n'))
        })
        break
      default:
        raw.set(field.name, value === null || value === undefined ? '' : String(value))
    }
  }
  return raw
}

/** The posted values of the form's own inputs (anything else in the body is ignored here and reported by the caller). */
export function bodyToRaw(form: CurationKind | 'proposals', body: unknown): RawForm {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const raw: RawForm = new Map()
  const text = (value: unknown) =>
    typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : ''
  for (const field of fieldsOf(form)) {
    if (field.type === 'checkboxes') {
      const value = source[field.name]
      raw.set(
        field.name,
        (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String).slice(0, MAX_ROWS),
      )
    } else if (field.type === 'money') {
      raw.set('amountValue', text(source.amountValue))
      raw.set('amountCurrency', text(source.amountCurrency))
    } else if (field.type === 'source') {
      for (const part of SOURCE_PARTS) raw.set(`${field.name}.${part}`, text(source[`${field.name}.${part}`]))
    } else if (field.type === 'facts') {
      for (const row of factRowsPosted(field.name, source))
        for (const part of ['text', 'confidence', 'sources'])
          raw.set(`${field.name}.${row}.${part}`, text(source[`${field.name}.${row}.${part}`]))
    } else {
      raw.set(field.name, text(source[field.name]))
    }
  }
  return raw
}

/** The names a form of this kind posts (for rejecting unknown ones). */
export function isFormInput(form: CurationKind | 'proposals', name: string): boolean {
  return fieldsOf(form).some((field) => {
    if (field.type === 'money') return name === 'amountValue' || name === 'amountCurrency'
    if (field.type === 'source') return SOURCE_PARTS.some((part) => name === `${field.name}.${part}`)
    if (field.type === 'facts') return new RegExp(`^${field.name}\\.\\d{1,3}\\.(text|confidence|sources)$`).test(name)
    return name === field.name
  })
}

function factRowsPosted(name: string, body: Record<string, unknown>): number[] {
  const rows = new Set<number>()
  const pattern = new RegExp(`^${name}\\.(\\d{1,3})\\.(text|confidence|sources)$`)
  for (const key of Object.keys(body)) {
    const match = pattern.exec(key)
    if (match) rows.add(Number(match[1]))
  }
  return [...rows].sort((a, b) => a - b).slice(0, MAX_ROWS)
}

function rawRows(name: string, raw: RawForm): number[] {
  const rows = new Set<number>()
  const prefix = `${name}.`
  for (const key of raw.keys()) if (key.startsWith(prefix)) rows.add(Number(key.slice(prefix.length).split('.')[0]))
  return [...rows].filter((n) => Number.isInteger(n)).sort((a, b) => a - b)
}

// ---- form values → record candidate ------------------------------------------------------------

const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, MAX_ROWS)

export interface Candidate {
  value: Record<string, unknown>
  /** Facts: index in the record → row number of the form (blank rows are left out of the record). */
  factRows: Map<string, number[]>
}

/** Turns form values into the object the kind's zod schema checks; it is the schema that judges them. */
export function rawToCandidate(form: CurationKind | 'proposals', raw: RawForm): Candidate {
  const value: Record<string, unknown> = {}
  const factRows = new Map<string, number[]>()
  const str = (name: string) => {
    const v = raw.get(name)
    return typeof v === 'string' ? v : ''
  }
  for (const field of fieldsOf(form)) {
    const text = str(field.name).trim()
    switch (field.type) {
      case 'text':
      case 'textarea':
        value[field.name] = field.optional && text === '' ? null : text
        break
      case 'select':
        value[field.name] = text === '' ? (field.optional ? null : undefined) : text
        break
      case 'integer':
        value[field.name] = text === '' ? null : /^-?\d{1,9}$/.test(text) ? Number(text) : text
        break
      case 'checkboxes': {
        const chosen = raw.get(field.name)
        value[field.name] = Array.isArray(chosen) ? [...new Set(chosen)] : []
        break
      }
      case 'lines':
        value[field.name] = lines(str(field.name))
        break
      case 'codes':
        value[field.name] = [
          ...new Set(
            str(field.name)
              .split(/[\s,;]+/)
              .map((code) => code.trim().toUpperCase())
              .filter((code) => code !== ''),
          ),
        ].slice(0, MAX_ROWS)
        break
      case 'sources':
        value[field.name] = lines(str(field.name)).map((line) => {
          const [url = '', ...rest] = line.split(/\s+/)
          const labelText = rest.join(' ').trim()
          return { url, label: labelText === '' ? null : labelText }
        })
        break
      case 'money': {
        const amount = str('amountValue').trim()
        const currency = str('amountCurrency').trim().toUpperCase()
        if (amount === '' && currency === '') value.amount = null
        else {
          const digits = amount.replace(/[\s,\u00a0\u202f]/g, '')
          value.amount = {
            value: /^\d+(\.\d+)?$/.test(digits) ? Number(digits) : amount === '' ? undefined : amount,
            currency,
          }
        }
        break
      }
      case 'source':
        value[field.name] = Object.fromEntries(
          SOURCE_PARTS.map((part) => [part, str(`${field.name}.${part}`).trim() || undefined]),
        )
        break
      case 'facts': {
        const facts: FactLike[] = []
        const rows: number[] = []
        for (const row of rawRows(field.name, raw)) {
          const textValue = str(`${field.name}.${row}.text`).trim()
          const sources = lines(str(`${field.name}.${row}.sources`))
          if (textValue === '' && sources.length === 0) continue
          facts.push({
            text: textValue,
            confidence: str(`${field.name}.${row}.confidence`).trim() || (undefined as unknown as string),
            sources,
          })
          rows.push(row)
        }
        value[field.name] = facts
        factRows.set(field.name, rows)
        break
      }
    }
  }
  return { value, factRows }
}

// ---- errors ------------------------------------------------------------------------------------

/** Plain-language messages for zod's generic issues (schemas' own messages, such as a source's, win). */
export function friendlyIssue(issue: z.core.$ZodRawIssue): string | undefined {
  const origin = (issue as { origin?: string }).origin
  const minimum = Number((issue as { minimum?: unknown }).minimum)
  const maximum = Number((issue as { maximum?: unknown }).maximum)
  switch (issue.code) {
    case 'too_small':
      if (origin === 'array' || origin === 'set')
        return minimum <= 1
          ? t('curation.errors.chooseAtLeastOne')
          : t('curation.errors.atLeastItems', { min: minimum })
      if (origin === 'string')
        return minimum <= 1 || issue.input === ''
          ? t('curation.errors.required')
          : t('curation.errors.tooShort', { min: minimum })
      return t('curation.errors.numberMin', { min: minimum })
    case 'too_big':
      if (origin === 'string') return t('curation.errors.tooLong', { max: maximum })
      if (origin === 'array') return t('curation.errors.tooMany', { max: maximum })
      return t('curation.errors.numberMax', { max: maximum })
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return t('curation.errors.required')
      if ((issue as { expected?: string }).expected === 'number' || (issue as { expected?: string }).expected === 'int')
        return t('curation.errors.wholeNumber')
      return t('curation.errors.invalid')
    case 'invalid_value':
      return t('curation.errors.chooseOption')
    case 'invalid_format':
      return t('curation.errors.format')
    case 'unrecognized_keys':
      return t('curation.errors.unknownField')
    default:
      return undefined
  }
}

/** The input id a schema error belongs to, and its key in the per-field messages. */
export function inputOf(
  form: CurationKind | 'proposals',
  path: readonly PropertyKey[],
  factRows: Map<string, number[]>,
): string {
  const [head, index, part] = path.map(String)
  if (head === undefined) return ''
  const field = fieldsOf(form).find((f) => f.name === head)
  if (!field) return head
  if (field.type === 'money') return part === undefined && index === 'currency' ? 'amountCurrency' : 'amountValue'
  if (field.type === 'source')
    return `${head}.${index !== undefined && (SOURCE_PARTS as readonly string[]).includes(index) ? index : 'url'}`
  if (field.type === 'facts' && index !== undefined) {
    const row = factRows.get(head)?.[Number(index)] ?? Number(index)
    return `${head}.${row}.${part === 'text' || part === 'confidence' ? part : 'sources'}`
  }
  return head
}

/** An HTML id for an input name (`definition.0.text` → `definition-0-text`; a checkbox group → its first box). */
export function inputId(form: CurationKind | 'proposals', name: string): string {
  const field = fieldsOf(form).find((f) => f.name === name)
  if (field?.type === 'checkboxes') return `${name}-${field.options![0]}`
  return name.replace(/\./g, '-')
}

/** Schema errors as messages per input (one per input) for the fields and the error summary. */
export function errorsByInput(
  form: CurationKind | 'proposals',
  error: z.ZodError,
  factRows: Map<string, number[]>,
): Map<string, string> {
  const messages = new Map<string, string>()
  for (const issue of error.issues) {
    const name = inputOf(form, issue.path, factRows)
    const field = fieldsOf(form).find((f) => f.name === issue.path[0])
    const prefix =
      field &&
      (field.type === 'lines' || field.type === 'sources' || field.type === 'codes') &&
      typeof issue.path[1] === 'number'
        ? `${t('curation.lineN', { n: issue.path[1] + 1 })}: `
        : ''
    if (!messages.has(name))
      messages.set(
        name,
        field ? namedMessage(form, field, name, `${prefix}${issue.message}`) : `${prefix}${issue.message}`,
      )
  }
  return messages
}

/** The label of the input an error belongs to, as the form shows it (a fact's part: its own label). */
function inputLabel(form: CurationKind | 'proposals', field: FieldDef, input: string): string {
  if (field.type === 'facts' && input.includes('.')) {
    const [, row, part] = input.split('.')
    const partLabel =
      part === 'confidence'
        ? t('curation.factConfidence')
        : part === 'sources'
          ? t('curation.factSources')
          : t('curation.factText')
    return t('curation.errors.factInput', { field: fieldLabel(form, field.name), n: Number(row) + 1, part: partLabel })
  }
  if (field.type === 'money') return fieldLabel(form, input)
  return fieldLabel(form, field.name)
}

/**
 * Every message names its field, as in the error summary it stands alone ("Fill in “Title”", not
 * "Fill this in"); "choose" only where there is something to choose.
 */
function namedMessage(form: CurationKind | 'proposals', field: FieldDef, input: string, message: string): string {
  const label = inputLabel(form, field, input)
  const choosing =
    field.type === 'checkboxes' || field.type === 'select' || (field.type === 'facts' && input.endsWith('.confidence'))
  if (message === t('curation.errors.required'))
    return choosing
      ? t('curation.errors.chooseNamed', { field: label })
      : t('curation.errors.requiredNamed', { field: label })
  if (message === t('curation.errors.chooseAtLeastOne'))
    return choosing
      ? t('curation.errors.chooseAtLeastOneNamed', { field: label })
      : field.type === 'facts'
        ? t('curation.errors.giveAtLeastOneFact', { field: label })
        : t('curation.errors.giveAtLeastOneNamed', { field: label })
  if (message === t('curation.errors.chooseOption'))
    return choosing
      ? t('curation.errors.chooseOptionNamed', { field: label })
      : t('curation.errors.invalidNamed', { field: label })
  return message.toLowerCase().includes(label.toLowerCase())
    ? message
    : t('curation.errors.named', { field: label, message })
}

// ---- labels and readable values ------------------------------------------------------------------

export function fieldLabel(kind: CurationKind | 'proposals', field: string): string {
  const own = `curation.fields.${kind === 'proposals' ? 'investments' : kind}.${field}`
  if (hasMessage(own)) return tDynamic(own)
  if (hasMessage(`curation.fields.common.${field}`)) return tDynamic(`curation.fields.common.${field}`)
  return field
}

export function fieldHint(kind: CurationKind | 'proposals', field: string): string | undefined {
  for (const key of [
    `curation.hints.${kind}.${field}`,
    `curation.hints.${kind === 'proposals' ? 'investments' : kind}.${field}`,
    `curation.hints.common.${field}`,
  ])
    if (hasMessage(key)) return tDynamic(key)
  return undefined
}

export function optionLabel(field: FieldDef, value: string): string {
  if (field.codelist) return label(field.codelist, value)
  if (field.labelPrefix && hasMessage(`${field.labelPrefix}.${value}`)) return tDynamic(`${field.labelPrefix}.${value}`)
  return value
}

/** A stored value as words, for the history and the "changed since" list. */
export function displayValue(kind: CurationKind, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return t('curation.empty')
  if (typeof value === 'boolean') return value ? t('curation.yes') : t('curation.no')
  const def = fieldsOf(kind).find((f) => f.name === field)
  if (def?.type === 'money') {
    const money = value as { value: number; currency: string }
    return formatMoney(money.value, money.currency)
  }
  if (def?.type === 'source') {
    const source = value as { url: string; confidence: string; readOn: string }
    return `${source.url} [${source.confidence}] (${source.readOn})`
  }
  if (def?.type === 'facts')
    return (value as FactLike[])
      .map((fact) => `${fact.text} [${fact.confidence}] (${fact.sources.join(', ')})`)
      .join('\n')
  if (def?.type === 'sources')
    return (value as { url: string; label: string | null }[])
      .map((s) => (s.label ? `${s.url} (${s.label})` : s.url))
      .join('\n')
  if (Array.isArray(value))
    return value.map((item) => (def && typeof item === 'string' ? optionLabel(def, item) : String(item))).join(', ')
  if (def && typeof value === 'string' && (def.codelist || def.labelPrefix)) return optionLabel(def, value)
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** For list fields: what was added and removed (a clearer diff than two long lists). */
export function listDelta(before: unknown, after: unknown): { added: string[]; removed: string[] } | null {
  const asKeys = (v: unknown) =>
    Array.isArray(v)
      ? v.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
      : v === null || v === undefined
        ? []
        : null
  const a = asKeys(before)
  const b = asKeys(after)
  if (a === null || b === null) return null
  return { added: b.filter((x) => !a.includes(x)), removed: a.filter((x) => !b.includes(x)) }
}
