import { csvDocument } from '../shared/csv.js'
import type { Investment } from './investment.js'

const COLUMNS: [string, (i: Investment) => string | number | null][] = [
  ['id', (i) => i.id],
  ['title', (i) => i.title],
  ['countries', (i) => i.countries.join(';')],
  ['geography', (i) => i.geography],
  ['policy_fields', (i) => i.policyFields.join(';')],
  ['target_groups', (i) => i.targetGroups.join(';')],
  ['instruments', (i) => i.instruments.join(';')],
  ['funds', (i) => i.funds.join(';')],
  ['stage', (i) => i.stage],
  ['year_start', (i) => i.yearStart],
  ['year_end', (i) => i.yearEnd],
  ['amount', (i) => i.amount?.value ?? null],
  ['currency', (i) => i.amount?.currency ?? null],
  ['amount_source', (i) => i.amountSource ?? null],
  ['amount_note', (i) => i.amountText],
  ['financiers', (i) => i.financiers.join(';')],
  ['outcome_payer', (i) => i.outcomePayer],
  ['confidence', (i) => i.confidence],
  ['indigo_id', (i) => i.indigoId],
  ['last_verified', (i) => i.lastVerified],
  ['sources', (i) => i.sources.map((s) => s.url).join(' ')],
  ['summary', (i) => i.summary],
]

/** RFC 4180 CSV with a BOM (so spreadsheets read UTF-8), guarded against formula injection (src/shared/csv.ts). */
export function investmentsToCsv(investments: Investment[]): string {
  return csvDocument(
    COLUMNS.map(([name]) => name),
    investments.map((investment) => COLUMNS.map(([, get]) => get(investment))),
  )
}
