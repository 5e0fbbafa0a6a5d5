/**
 * A small RFC 4180 CSV reader: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF
 * line ends; a UTF-8 byte-order mark is dropped. Returns the header and one object per record, keyed
 * by header name, with the 1-based line where the record starts (for reports).
 */
export interface CsvRecord {
  line: number
  values: Record<string, string>
}

export interface CsvTable {
  header: string[]
  records: CsvRecord[]
}

export class CsvError extends Error {}

export function parseCsv(text: string): CsvTable {
  const rows = tokenize(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  const first = rows.shift()
  if (!first) return { header: [], records: [] }
  const header = first.fields.map((name) => name.trim())
  const records: CsvRecord[] = []
  for (const row of rows) {
    if (row.fields.length === 1 && row.fields[0] === '') continue // blank line
    const values: Record<string, string> = {}
    header.forEach((name, i) => {
      values[name] = row.fields[i] ?? ''
    })
    records.push({ line: row.line, values })
  }
  return { header, records }
}

function tokenize(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  let i = 0
  const endField = () => {
    fields.push(field)
    field = ''
  }
  const endRow = () => {
    endField()
    rows.push({ line: rowLine, fields })
    fields = []
  }
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      if (ch === '\n') line++
      field += ch
      i++
      continue
    }
    if (ch === '"' && field === '') {
      quoted = true
      i++
    } else if (ch === ',') {
      endField()
      i++
    } else if (ch === '\r' || ch === '\n') {
      endRow()
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      rowLine = line
    } else {
      field += ch
      i++
    }
  }
  if (quoted) throw new CsvError(`A quoted field opened on line ${rowLine} is never closed`)
  if (field !== '' || fields.length > 0) endRow()
  return rows
}
