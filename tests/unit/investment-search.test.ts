import { describe, expect, it } from 'vitest'
import type { Investment } from '../../src/investments/investment.js'
import { InvestmentQuery } from '../../src/investments/investment-query.js'
import { InvestmentSearch } from '../../src/investments/investment-search.js'

function build(overrides: Partial<Investment> & { id: string }): Investment {
  return {
    title: 'A case',
    summary: 'A case described in enough words.',
    results: null,
    relevance: 'migrants_refugees',
    countries: ['DE'],
    geography: 'Berlin',
    policyFields: ['housing'],
    targetGroups: ['refugees'],
    targetGroupText: null,
    instruments: ['loan'],
    instrumentText: null,
    funds: [],
    stage: 'completed',
    statusText: null,
    yearStart: 2016,
    yearEnd: 2018,
    yearsText: null,
    amount: { value: 1_000_000, currency: 'EUR' },
    amountText: null,
    financiers: [],
    outcomePayer: null,
    sources: [{ url: 'https://example.org/a', label: null }],
    indigoId: null,
    confidence: 'V',
    confidenceText: null,
    notes: null,
    lastVerified: null,
    origin: 'seed',
    originRef: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    retired: false,
    ...overrides,
  }
}

const q = (input: Record<string, unknown>) => InvestmentQuery.parse(input)

const records = [
  build({
    id: 'a',
    title: 'Social housing for refugees in Berlin',
    policyFields: ['housing'],
    instruments: ['loan'],
    countries: ['DE'],
  }),
  build({
    id: 'b',
    title: 'Microcredit for migrant entrepreneurs',
    policyFields: ['entrepreneurship'],
    instruments: ['microfinance', 'guarantee'],
    countries: ['IT'],
    amount: { value: 5_000_000, currency: 'EUR' },
  }),
  build({
    id: 'c',
    title: 'Employment impact bond',
    summary: 'Réfugiés find work through an outcomes contract.',
    policyFields: ['employment'],
    instruments: ['social-outcomes-contract'],
    countries: ['FI'],
    amount: { value: 3_000_000, currency: 'GBP' },
  }),
  build({
    id: 'd',
    title: 'Housing loan for reception centres',
    policyFields: ['housing', 'reception'],
    instruments: ['loan'],
    countries: ['IT'],
    yearStart: 2022,
    yearEnd: null,
  }),
  build({ id: 'e', title: 'Retired case', retired: true }),
]

describe('InvestmentSearch', () => {
  const search = new InvestmentSearch(records)

  it('leaves retired records out', () => {
    expect(search.size).toBe(4)
    expect(search.get('e')).toBeUndefined()
  })

  it('finds words with a typo and by prefix, and folds accents', () => {
    expect(
      search
        .search(q({ q: 'hosuing' }))
        .items.map((i) => i.id)
        .sort(),
    ).toEqual(['a', 'd'])
    expect(search.search(q({ q: 'microcr' })).items.map((i) => i.id)).toEqual(['b'])
    expect(search.search(q({ q: 'refugies' })).items.map((i) => i.id)).toContain('c')
  })

  it('requires every search word (AND), ignoring stop words', () => {
    expect(search.search(q({ q: 'housing for reception' })).items.map((i) => i.id)).toEqual(['d'])
  })

  it('searches country names and codelist labels', () => {
    expect(
      search
        .search(q({ q: 'Italy' }))
        .items.map((i) => i.id)
        .sort(),
    ).toEqual(['b', 'd'])
    expect(search.search(q({ q: 'guarantee' })).items.map((i) => i.id)).toEqual(['b'])
  })

  it('ORs values inside a facet and ANDs facets, with disjunctive counts', () => {
    const result = search.search(q({ policyField: ['housing', 'employment'], country: 'IT' }))
    expect(result.items.map((i) => i.id)).toEqual(['d'])
    expect(result.facets.policyField).toEqual({ housing: 1, entrepreneurship: 1, reception: 1 })
    expect(result.facets.country).toEqual({ DE: 1, IT: 1, FI: 1 })
  })

  it('compares amounts only when published in euro and reports what it left out', () => {
    const result = search.search(q({ minAmountEur: '2000000' }))
    expect(result.items.map((i) => i.id)).toEqual(['b'])
    expect(result.leftOutNonEuro).toBe(1)
  })

  it('keeps the index in step with writes', () => {
    const local = new InvestmentSearch(records)
    local.upsert(build({ id: 'f', title: 'Crowdfunding for a community kitchen', instruments: ['crowdfunding'] }))
    expect(local.search(q({ q: 'kitchen' })).total).toBe(1)
    local.upsert(build({ id: 'f', title: 'Crowdfunding for a community garden', instruments: ['crowdfunding'] }))
    expect(local.search(q({ q: 'kitchen' })).total).toBe(0)
    expect(local.search(q({ q: 'garden' })).total).toBe(1)
    local.remove('f')
    expect(local.search(q({ q: 'garden' })).total).toBe(0)
    local.upsert(build({ id: 'a', title: 'Social housing for refugees in Berlin', retired: true }))
    expect(local.get('a')).toBeUndefined()
  })

  it('suggests a correction for a word that matches nothing', () => {
    expect(search.suggest('microcredt')).toBe('microcredit')
    expect(search.suggest('housing')).toBeNull()
  })

  it('relates cases sharing policy fields and instruments', () => {
    expect(search.related('a').map((i) => i.id)).toEqual(['d'])
  })

  it('pages and sorts deterministically', () => {
    const byYear = search.search(q({ sort: 'year', pageSize: '2' }))
    expect(byYear.items.map((i) => i.id)).toEqual(['d', 'c'])
    expect(byYear.total).toBe(4)
    const page2 = search.search(q({ sort: 'year', pageSize: '2', page: '2' }))
    expect(page2.items).toHaveLength(2)
    const byAmount = search.search(q({ sort: 'amount' }))
    expect(byAmount.items.map((i) => i.id)).toEqual(['b', 'd', 'a', 'c'])
  })
})
