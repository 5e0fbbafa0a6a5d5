import { describe, expect, it } from 'vitest'
import { CsvError, parseCsv } from '../../src/indigo/csv.js'

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and gives each record its first line', () => {
    const text = '\uFEFFID,Name,Notes\r\nA,"Smith, J","said ""hi""\nand left"\r\nB,Plain,\r\n'
    const table = parseCsv(text)
    expect(table.header).toEqual(['ID', 'Name', 'Notes'])
    expect(table.records).toEqual([
      { line: 2, values: { ID: 'A', Name: 'Smith, J', Notes: 'said "hi"\nand left' } },
      { line: 4, values: { ID: 'B', Name: 'Plain', Notes: '' } },
    ])
  })

  it('fills missing trailing fields with empty strings, skips blank lines and reads a last line without a line end', () => {
    const table = parseCsv('a,b,c\n1\n\n2,3,4')
    expect(table.records.map((r) => r.values)).toEqual([
      { a: '1', b: '', c: '' },
      { a: '2', b: '3', c: '4' },
    ])
  })

  it('rejects a quoted field that never closes', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(CsvError)
  })

  it('gives an empty table for an empty file', () => {
    expect(parseCsv('')).toEqual({ header: [], records: [] })
  })
})
