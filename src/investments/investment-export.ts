import { countryName } from '../i18n/format.js'
import { label } from '../i18n/i18n.js'
import { csvDocument } from '../shared/csv.js'
import type { Investment } from './investment.js'

type Column = [string, (i: Investment) => string | number | null]

/** Codes stay as they were (scripts read them); each coded column gets a `_label` column beside it, in the request's language. */
const coded = (name: string, list: string, codes: (i: Investment) => readonly string[]): Column[] => [
  [name, (i) => codes(i).join(';')],
  [
    `${name}_label`,
    (i) =>
      codes(i)
        .map((code) => (list === 'country' ? countryName(code) : label(list, code)))
        .join('; '),
  ],
]

const COLUMNS: Column[] = [
  ['id', (i) => i.id],
  ['title', (i) => i.title],
  ...coded('countries', 'country', (i) => i.countries),
  ['geography', (i) => i.geography],
  ...coded('policy_fields', 'policyField', (i) => i.policyFields),
  ...coded('target_groups', 'targetGroup', (i) => i.targetGroups),
  ...coded('instruments', 'instrument', (i) => i.instruments),
  ...coded('funds', 'fund', (i) => i.funds),
  ['stage', (i) => i.stage],
  ['stage_label', (i) => (i.stage ? label('stage', i.stage) : null)],
  ['year_start', (i) => i.yearStart],
  ['year_end', (i) => i.yearEnd],
  ['amount', (i) => i.amount?.value ?? null],
  ['currency', (i) => i.amount?.currency ?? null],
  ['amount_source', (i) => i.amountSource ?? null],
  ['amount_note', (i) => i.amountText],
  ['financiers', (i) => i.financiers.join(';')],
  ['outcome_payer', (i) => i.outcomePayer],
  ['confidence', (i) => i.confidence],
  ['confidence_label', (i) => label('confidence', i.confidence)],
  ['indigo_id', (i) => i.indigoId],
  ['last_verified', (i) => i.lastVerified],
  ['sources', (i) => i.sources.map((s) => s.url).join(' ')],
  ['summary', (i) => i.summary],
]

/**
 * RFC 4180 CSV with a BOM (so spreadsheets read UTF-8), guarded against formula injection (src/shared/csv.ts).
 * The last column, `record_url`, is each case's page on this site (`origin` is e.g. "https://fi.example").
 */
export function investmentsToCsv(investments: Investment[], origin = ''): string {
  return csvDocument(
    [...COLUMNS.map(([name]) => name), 'record_url'],
    investments.map((investment) => [
      ...COLUMNS.map(([, get]) => get(investment)),
      `${origin}/investments/${encodeURIComponent(investment.id)}`,
    ]),
  )
}
