/**
 * How spreadsheet programs read a CSV line: with quotes honoured (RFC 4180) or split naively, on
 * `,` or on `;` (Excel in DE/FR/IT/ES/NL settings). Used to check that no cell starts a formula.
 */
export type Reading = { separator: ',' | ';'; quotes: boolean }
export const READINGS: Reading[] = [
  { separator: ',', quotes: true },
  { separator: ';', quotes: true },
  { separator: ',', quotes: false },
  { separator: ';', quotes: false },
]

const FORMULA_START = /^[=+\-@\t\r]/

/** The cells of a whole document under one reading (quoted line breaks stay inside their cell). */
export function cellsOf(csv: string, { separator, quotes }: Reading): string[] {
  const text = csv.replace(/^\uFEFF/, '')
  if (!quotes) return text.split(/\r\n/).flatMap((line) => line.split(separator))
  const cells: string[] = []
  let i = 0
  while (i <= text.length) {
    let cell = ''
    if (text[i] === '"') {
      i += 1
      for (;;) {
        if (i >= text.length) break
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"'
          i += 2
        } else if (text[i] === '"') {
          i += 1
          break
        } else cell += text[i++]
      }
      // Anything after the closing quote up to the separator belongs to the cell, as spreadsheets read it.
      while (i < text.length && text[i] !== separator && !text.startsWith('\r\n', i)) cell += text[i++]
    } else {
      while (i < text.length && text[i] !== separator && !text.startsWith('\r\n', i)) cell += text[i++]
    }
    cells.push(cell)
    if (text.startsWith('\r\n', i)) i += 2
    else i += 1
  }
  return cells
}

/** Cells a spreadsheet would run as a formula, under every reading. */
export function formulaCells(csv: string): { reading: Reading; cell: string }[] {
  return READINGS.flatMap((reading) =>
    cellsOf(csv, reading)
      .filter((cell) => FORMULA_START.test(cell))
      .map((cell) => ({ reading, cell })),
  )
}
