/**
 * CSV for spreadsheets (RFC 4180, UTF-8 with a BOM), safe against formula injection in every
 * export: investments, the review's responses and a response's own answers (ADR 033).
 *
 * A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
 * formula. Excel in German, French, Italian, Spanish or Dutch settings splits a line on `;`, and
 * some importers split on `,` whatever the quotes say, so `Mayor;=10*10` becomes the cells
 * `Mayor` and `=10*10`. Such a value gets a `'` before the dangerous character (at the start, and
 * after every `;` or `,` that precedes one) and is always quoted, so whichever separator a
 * program uses, no cell it reads starts a formula.
 */

const TRIGGER = /[=+\-@\t\r]/
const AT_START = /^[=+\-@\t\r]/
const AFTER_SEPARATOR = /([;,])(?=[=+\-@\t\r])/g
const NEEDS_QUOTES = /[",;\r\n]/

export type CsvValue = string | number | null | undefined

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  // Numbers are written by the app itself (amounts, years): never a formula.
  if (typeof value === 'number') return String(value)
  let text = value
  let neutralised = false
  if (AT_START.test(text)) {
    text = `'${text}`
    neutralised = true
  }
  if (TRIGGER.test(text) && /[;,]/.test(text)) {
    const guarded = text.replace(AFTER_SEPARATOR, "$1'")
    neutralised ||= guarded !== text
    text = guarded
  }
  return neutralised || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A whole CSV document: one header row, then the rows; BOM first, CRLF line ends. */
export function csvDocument(header: readonly CsvValue[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvCell).join(',')]
  for (const row of rows) lines.push(row.map(csvCell).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
