import { describe, expect, it } from 'vitest'
import { csvCell, csvDocument } from '../../src/shared/csv.js'
import { cellsOf, formulaCells } from '../helpers/spreadsheet.js'

describe('CSV cells', () => {
  it('quote commas, semicolons, quotes and line breaks; leave plain text and numbers alone', () => {
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"')
    expect(csvCell('one; two')).toBe('"one; two"')
    expect(csvCell('Plain words')).toBe('Plain words')
    expect(csvCell(null)).toBe('')
    expect(csvCell(12.5)).toBe('12.5')
    expect(csvCell(-3)).toBe('-3')
  })

  it('neutralise and quote a cell that starts with =, +, -, @, a tab or a carriage return', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('+1')).toBe(`"'+1"`)
    expect(csvCell('-2+3')).toBe(`"'-2+3"`)
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`)
    expect(csvCell('\t=1')).toBe(`"'\t=1"`)
    expect(csvCell('\r=1')).toBe(`"'\r=1"`)
  })

  it('neutralise a formula hidden after a ; or , (Excel splits on ; in many European settings)', () => {
    expect(csvCell('Mayor;=10*10')).toBe(`"Mayor;'=10*10"`)
    expect(csvCell('Mayor,=10*10')).toBe(`"Mayor,'=10*10"`)
    expect(csvCell('a;+1,-2;@x')).toBe(`"a;'+1,'-2;'@x"`)
    // A separator followed by anything else needs no quote mark.
    expect(csvCell('Housing; employment')).toBe('"Housing; employment"')
  })

  it('no reading of a document (quotes honoured or not, split on , or ;) finds a cell that starts a formula', () => {
    const nasty = [
      'Mayor;=10*10',
      'Mayor,=10*10',
      '=cmd|"/c calc"!A1',
      '+1',
      '-1',
      '@A1',
      '\t=1',
      'x;\t=1',
      'x,\r=1',
      'say "hi";-2',
      'ok',
    ]
    const csv = csvDocument(
      ['id', 'text'],
      nasty.map((text, i) => [`r${i}`, text]),
    )
    expect(formulaCells(csv)).toEqual([])
    // Read back as RFC 4180 with ",", every value is intact apart from the guard marks.
    const cells = cellsOf(csv, { separator: ',', quotes: true })
    expect(cells.filter((_, i) => i % 2 === 1).slice(1)).toEqual(
      nasty.map((text) => text.replace(/^(?=[=+\-@\t\r])/, "'").replace(/([;,])(?=[=+\-@\t\r])/g, "$1'")),
    )
  })
})
