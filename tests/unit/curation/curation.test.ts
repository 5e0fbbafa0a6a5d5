import { describe, expect, it } from 'vitest'
import {
  bodyToRaw,
  errorsByInput,
  friendlyIssue,
  rawToCandidate,
  recordToRaw,
} from '../../../src/curation/curation-forms.js'
import { InstrumentRecord, InvestmentRecord } from '../../../src/curation/curation-schemas.js'
import { slugify } from '../../../src/curation/curation-service.js'
import { dataQualityReport } from '../../../src/curation/data-quality.js'
import { diffFields } from '../../../src/curation/history-repository.js'
import { COMPLETENESS_FIELDS, completenessOf } from '../../../src/investments/completeness.js'
import type { Investment } from '../../../src/investments/investment.js'

function build(overrides: Partial<Investment> = {}): Investment {
  return {
    title: 'A case',
    summary: 'A case described in enough words.',
    results: 'It worked.',
    relevance: 'migrants_refugees',
    countries: ['DE'],
    geography: 'Berlin',
    policyFields: ['housing'],
    targetGroups: ['refugees'],
    targetGroupText: null,
    instruments: ['loan'],
    instrumentText: null,
    funds: ['ceb'],
    stage: 'completed',
    statusText: null,
    yearStart: 2016,
    yearEnd: 2018,
    yearsText: null,
    amount: { value: 1_000_000, currency: 'EUR' },
    amountSource: 'https://example.org/a',
    amountText: null,
    financiers: ['CEB'],
    outcomePayer: null,
    sources: [{ url: 'https://example.org/a', label: null }],
    indigoId: null,
    confidence: 'V',
    confidenceText: null,
    notes: null,
    lastVerified: null,
    id: 'a-case',
    origin: 'seed',
    originRef: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    retired: false,
    ...overrides,
  }
}

describe('completeness by priority (INDIGO)', () => {
  it('a record with every applicable field scores 100 and misses nothing', () => {
    expect(completenessOf(build())).toEqual({ score: 100, priority1Complete: true, missing: [] })
  })

  it('weighs a missing field by its priority: 3, 2, 1', () => {
    const full = COMPLETENESS_FIELDS.filter((f) => f.applies(build())).reduce((sum, f) => sum + (4 - f.priority), 0)
    expect(completenessOf(build({ results: null })).score).toBe(Math.floor(((full - 1) / full) * 100))
    expect(completenessOf(build({ yearEnd: null })).score).toBe(Math.floor(((full - 2) / full) * 100))
    expect(completenessOf(build({ stage: null })).score).toBe(Math.floor(((full - 3) / full) * 100))
    expect(completenessOf(build({ stage: null })).priority1Complete).toBe(false)
    expect(completenessOf(build({ results: null })).priority1Complete).toBe(true)
  })

  it('lists what is missing most important first', () => {
    const result = completenessOf(
      build({ results: null, funds: [], countries: [], amount: null, amountSource: undefined }),
    )
    expect(result.missing).toEqual([
      { field: 'countries', priority: 1 },
      { field: 'amount', priority: 1 },
      { field: 'funds', priority: 2 },
      { field: 'results', priority: 3 },
    ])
  })

  it('only asks for what concerns the record: an amount’s source, an outcomes contract’s payer', () => {
    expect(completenessOf(build({ amount: null, amountSource: undefined })).missing.map((m) => m.field)).toEqual([
      'amount',
    ])
    expect(completenessOf(build({ amountSource: undefined })).missing.map((m) => m.field)).toEqual(['amountSource'])
    expect(completenessOf(build({ instruments: ['social-outcomes-contract'] })).missing.map((m) => m.field)).toEqual([
      'outcomePayer',
    ])
  })

  it('the report counts missing fields per field and sorts the least complete first', () => {
    const report = dataQualityReport(
      [
        build({ id: 'x', title: 'X' }),
        build({ id: 'y', title: 'Y', stage: null, results: null }),
        build({ id: 'z', title: 'Z', lastVerified: '2025-12-01' }),
      ],
      { now: new Date('2026-02-01T00:00:00Z') },
    )
    expect(report.total).toBe(3)
    expect(report.priority1Complete).toBe(2)
    expect(report.neverVerified).toBe(2)
    expect(report.verifiedLastYear).toBe(1)
    expect(report.fields.find((f) => f.field === 'stage')).toEqual({
      field: 'stage',
      priority: 1,
      applicable: 3,
      missing: 1,
    })
    expect(report.fields.find((f) => f.field === 'outcomePayer')!.applicable).toBe(0)
    expect(report.leastComplete[0]!.id).toBe('y')
  })
})

describe('field-level diff', () => {
  it('lists changed top-level fields with before and after; key order and undefined do not count', () => {
    expect(
      diffFields(
        { a: 1, b: { x: 1, y: 2 }, c: ['p'], d: undefined },
        { a: 2, b: { y: 2, x: 1 }, c: ['p', 'q'], d: null },
      ),
    ).toEqual([
      { field: 'a', before: 1, after: 2 },
      { field: 'c', before: ['p'], after: ['p', 'q'] },
    ])
  })

  it('for a new record lists only filled-in fields', () => {
    expect(diffFields(null, { title: 'T', notes: null, funds: [], countries: ['DE'] })).toEqual([
      { field: 'title', before: null, after: 'T' },
      { field: 'countries', before: null, after: ['DE'] },
    ])
  })
})

describe('forms', () => {
  it('round-trips an investment through the form values', () => {
    const {
      id: _i,
      origin: _o,
      originRef: _r,
      version: _v,
      createdAt: _c,
      updatedAt: _u,
      retired: _x,
      lastVerified: _l,
      ...content
    } = build({
      sources: [
        { url: 'https://example.org/a', label: 'Report 2020' },
        { url: 'https://example.org/b', label: null },
      ],
    })
    const raw = recordToRaw('investments', content)
    const parsed = InvestmentRecord.parse(rawToCandidate('investments', raw).value)
    expect(parsed).toEqual({ ...content, amountSource: 'https://example.org/a' })
  })

  it('reads lists one per line, codes separated by commas, amounts with thousands separators', () => {
    const raw = bodyToRaw('investments', {
      countries: 'de, at;fr',
      financiers: 'A\n\n B \r\nC',
      amountValue: '1,250,000',
      amountCurrency: 'eur',
      sources: 'https://x.org/a  The label',
      policyFields: 'housing',
    })
    const { value } = rawToCandidate('investments', raw)
    expect(value).toMatchObject({
      countries: ['DE', 'AT', 'FR'],
      financiers: ['A', 'B', 'C'],
      amount: { value: 1_250_000, currency: 'EUR' },
      sources: [{ url: 'https://x.org/a', label: 'The label' }],
      policyFields: ['housing'],
    })
  })

  it('maps schema errors to the inputs: a fact’s row skips blank rows, an amount to its parts', () => {
    const raw = bodyToRaw('instruments', {
      'definition.0.text': '',
      'definition.0.sources': '',
      'definition.1.text': 'Says something',
      'definition.1.confidence': 'V',
      'definition.1.sources': '',
    })
    const candidate = rawToCandidate('instruments', raw)
    expect(candidate.value.definition).toHaveLength(1)
    const result = InstrumentRecord.safeParse({ ...candidate.value, slug: 'loan' }, { error: friendlyIssue })
    expect(result.success).toBe(false)
    const errors = errorsByInput('instruments', result.error!, candidate.factRows)
    // Each message names its input: it stands alone in the error summary.
    expect(errors.get('definition.1.sources')).toBe(
      'Sources of fact 2 in “What it is”: Every fact needs at least one source',
    )
    expect(errors.get('name')).toBe('Fill in “Name”')
    expect(errors.get('revolving')).toBe('Choose one of the options for “Revolving”')
    expect(errors.get('providers')).toBe('Add at least one fact to “Who provides it”')

    const money = rawToCandidate(
      'investments',
      bodyToRaw('investments', { amountValue: 'lots', amountCurrency: 'euro' }),
    )
    const moneyResult = InvestmentRecord.safeParse(money.value, { error: friendlyIssue })
    const moneyErrors = errorsByInput('investments', moneyResult.error!, money.factRows)
    expect(moneyErrors.get('amountValue')).toBe('Amount: Use a number, for example 2019')
    expect(moneyErrors.get('amountCurrency')).toMatch(/three-letter/)
    expect(moneyErrors.get('amountSource')).toMatch(/every figure needs a source/)
  })

  it('makes ids from titles', () => {
    expect(slugify('Koto-SIB (Kotouttamisen SIB / Integration SIB)')).toBe('koto-sib-kotouttamisen-sib-integration-sib')
    expect(slugify('Réfugiés à Zürich')).toBe('refugies-a-zurich')
    expect(slugify('€')).toBe('case-new')
    expect(slugify('x'.repeat(100))).toHaveLength(60)
  })

  it('cuts a long title’s id between words, never inside one', () => {
    const title = 'Social impact bond for the labour market integration of refugees and asylum seekers in Finland'
    const id = slugify(title)
    expect(id).toBe('social-impact-bond-for-the-labour-market-integration-of')
    expect(id.length).toBeLessThanOrEqual(60)
    for (const word of id.split('-')) expect(title.toLowerCase().split(/\W+/)).toContain(word)
    // A word ending exactly at the limit is kept whole.
    expect(slugify(`${'a'.repeat(57)} bb c`)).toBe(`${'a'.repeat(57)}-bb`)
  })
})
