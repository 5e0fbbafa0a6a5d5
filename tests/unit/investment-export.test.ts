import { describe, expect, it } from 'vitest'
import { toQueryString, InvestmentQuery } from '../../src/investments/investment-query.js'

describe('shareable query strings', () => {
  it('round-trip a query, leaving defaults out', () => {
    const query = InvestmentQuery.parse({
      q: 'housing',
      policyField: ['housing', 'reception'],
      country: 'de',
      page: '2',
    })
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
