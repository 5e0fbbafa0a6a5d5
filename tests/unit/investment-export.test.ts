import { describe, expect, it } from 'vitest'
import { csvCell } from '../../src/investments/investment-export.js'
import { toQueryString, InvestmentQuery } from '../../src/investments/investment-query.js'

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(12.5)).toBe('12.5')
  })
  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('+1')).toBe("'+1")
  })
})

describe('shareable query strings', () => {
  it('round-trip a query, leaving defaults out', () => {
    const query = InvestmentQuery.parse({ q: 'housing', policyField: ['housing', 'reception'], country: 'de', page: '2' })
    const text = toQueryString(query)
    expect(text).toBe('?q=housing&policyField=housing&policyField=reception&country=DE&page=2')
    expect(InvestmentQuery.parse(Object.fromEntries(groupParams(new URLSearchParams(text))))).toEqual(query)
  })
})

function groupParams(params: URLSearchParams): [string, string | string[]][] {
  const out = new Map<string, string[]>()
  for (const [k, v] of params) out.set(k, [...(out.get(k) ?? []), v])
  return [...out].map(([k, v]) => [k, v.length === 1 ? v[0]! : v])
}
