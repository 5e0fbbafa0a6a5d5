import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MatchQuery,
  answersQuery,
  answersToRaw,
  checkAnswers,
  profileFromAnswers,
  readRawAnswers,
  stepOf,
} from '../../../src/matching/match-form.js'
import { NeedsProfile } from '../../../src/matching/needs-profile.js'
import { profileInput } from './arbitraries.js'

const amountOf = (text: string) => checkAnswers({ investmentSizeEur: [text] }, ['investmentSizeEur'])

describe('the wizard form model', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['2500000', 2_500_000],
    ['2 500 000', 2_500_000],
    ['2\u00a0500\u00a0000', 2_500_000],
    ['2,500,000', 2_500_000],
    ['2.500.000', 2_500_000],
    ["2'500'000", 2_500_000],
    ['EUR 40000', 40_000],
    ['€15000', 15_000],
    ['0', 0],
  ])('reads the amount %j as %j', (text, value) => {
    expect(amountOf(text)).toEqual({ answers: { investmentSizeEur: value }, errors: {} })
  })

  it.each(['2.5', '2,5', '-100', 'two million', '1e6', '12,34,567', '2.500,00'])('rejects the amount %j with a plain message', (text) => {
    expect(amountOf(text).errors.investmentSizeEur).toMatch(/^Enter the amount in whole euros/)
  })

  it('rejects absurd amounts', () => {
    expect(amountOf('9'.repeat(16)).errors.investmentSizeEur).toMatch(/under EUR 1,000 billion/)
  })

  it('reads lists repeated or comma-separated, and one answer for a single question', () => {
    const raw = readRawAnswers(MatchQuery.parse({ policyFields: ['housing', 'education,employment'], partners: '', country: ['DE', 'FR'] }))
    expect(raw.policyFields).toEqual(['housing', 'education', 'employment'])
    expect(raw.partners).toEqual([])
    const { answers, errors } = checkAnswers(raw, ['policyFields', 'partners', 'country'])
    expect(answers).toEqual({ policyFields: ['housing', 'education', 'employment'], partners: [] })
    expect(errors).toEqual({ country: 'Give one answer only' })
  })

  it('names every missing answer', () => {
    const { errors } = profileFromAnswers({})
    expect(Object.keys(errors ?? {})).toEqual([
      'respondentType',
      'country',
      'policyFields',
      'revenueModel',
      'outcomesMeasurable',
      'borrowingCapacity',
      'financialExpertise',
      'cofinancingAvailable',
    ])
  })

  it('rejects unknown parameters and bad step numbers', () => {
    expect(MatchQuery.safeParse({ mayor: 'yes' }).success).toBe(false)
    for (const step of ['0', '6', 'two', '1.5', ['1', '2']]) expect(MatchQuery.safeParse({ step }).success, String(step)).toBe(false)
    expect(MatchQuery.parse({ step: '5' }).step).toBe(5)
  })

  it('round-trips any valid profile through the query string', () => {
    fc.assert(
      fc.property(profileInput, (input) => {
        const profile = NeedsProfile.parse(input)
        const amounts = { investmentSizeEur: profile.investmentSizeEur, ticketSizeEur: profile.ticketSizeEur }
        // The form takes whole euros; the API also takes cents.
        const whole = { ...profile, investmentSizeEur: amounts.investmentSizeEur === null ? null : Math.round(amounts.investmentSizeEur), ticketSizeEur: amounts.ticketSizeEur === null ? null : Math.round(amounts.ticketSizeEur) }
        if ((whole.investmentSizeEur ?? 0) > 1e12 || (whole.ticketSizeEur ?? 0) > 1e12) return
        const query = answersQuery(answersToRaw(whole))
        const parsed = MatchQuery.parse(Object.fromEntries(groupParams(new URLSearchParams(query.slice(1)))))
        expect(profileFromAnswers(readRawAnswers(parsed)).profile).toEqual(whole)
      }),
      { numRuns: 200 },
    )
  })

  it('knows which step asks each question', () => {
    expect(stepOf('respondentType')).toBe(1)
    expect(stepOf('targetGroups')).toBe(2)
    expect(stepOf('outcomesMeasurable')).toBe(3)
    expect(stepOf('cofinancingAvailable')).toBe(4)
    expect(stepOf('partners')).toBe(5)
  })
})

/** URLSearchParams → the shape Express gives (a repeated name becomes an array). */
function groupParams(params: URLSearchParams): [string, string | string[]][] {
  const grouped = new Map<string, string[]>()
  for (const [name, value] of params) grouped.set(name, [...(grouped.get(name) ?? []), value])
  return [...grouped].map(([name, values]) => [name, values.length === 1 ? values[0]! : values])
}
