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
import { EXAMPLE_NEEDS_PROFILE, NeedsProfile } from '../../../src/matching/needs-profile.js'
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
  ])('reads the amount %j as %j', (text, value) => {
    expect(amountOf(text)).toEqual({ answers: { investmentSizeEur: value }, errors: {} })
  })

  it.each(['2.5', '2,5', '-100', 'two million', '1e6', '12,34,567', '2.500,00'])(
    'rejects the amount %j with a plain message',
    (text) => {
      expect(amountOf(text).errors.investmentSizeEur).toMatch(/^Enter the amount in whole euros/)
    },
  )

  it('rejects absurd amounts, zero and a ticket larger than the project, with the same messages as the API', () => {
    expect(amountOf('9'.repeat(13)).errors.investmentSizeEur).toBe(
      'Enter an amount of EUR 50 billion or less: check for extra zeros',
    )
    expect(amountOf('10000000000').errors.investmentSizeEur).toBeUndefined()
    expect(amountOf('50000000001').errors.investmentSizeEur).toMatch(/EUR 50 billion or less/)
    expect(amountOf('0').errors.investmentSizeEur).toBe(
      'Enter an amount above zero, or leave it empty if you do not know it',
    )
    const both = checkAnswers({ investmentSizeEur: ['100000'], ticketSizeEur: ['200000'] }, [
      'investmentSizeEur',
      'ticketSizeEur',
    ])
    expect(both.errors).toEqual({
      ticketSizeEur: 'The size of each loan or investment cannot be larger than the whole project',
    })
    const api = NeedsProfile.safeParse({ ...EXAMPLE_NEEDS_PROFILE, investmentSizeEur: 100_000, ticketSizeEur: 200_000 })
    expect(api.success ? [] : api.error.issues.map((issue) => issue.message)).toEqual([both.errors.ticketSizeEur])
  })

  it('refuses a country code that is not a known ISO 3166-1 code', () => {
    expect(checkAnswers({ country: ['XX'] }, ['country']).errors.country).toBe('Choose the country of the project')
    expect(checkAnswers({ country: ['dk'] }, ['country']).answers.country).toBe('DK')
  })

  it('leaves the spending type out when it is not answered (the result then assumes both)', () => {
    expect(checkAnswers({}, ['spendingType'])).toEqual({ answers: {}, errors: {} })
    expect(checkAnswers({ spendingType: ['buildings_equipment'] }, ['spendingType']).answers).toEqual({
      spendingType: 'buildings_equipment',
    })
    expect(checkAnswers({ spendingType: ['roads'] }, ['spendingType']).errors.spendingType).toBeDefined()
  })

  it('reads lists repeated or comma-separated, and one answer for a single question', () => {
    const raw = readRawAnswers(
      MatchQuery.parse({ policyFields: ['housing', 'education,employment'], partners: '', country: ['DE', 'FR'] }),
    )
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
    for (const step of ['0', '6', 'two', '1.5', ['1', '2']])
      expect(MatchQuery.safeParse({ step }).success, String(step)).toBe(false)
    expect(MatchQuery.parse({ step: '5' }).step).toBe(5)
  })

  it('round-trips any valid profile through the query string', () => {
    fc.assert(
      fc.property(profileInput, (input) => {
        const profile = NeedsProfile.parse(input)
        const amounts = { investmentSizeEur: profile.investmentSizeEur, ticketSizeEur: profile.ticketSizeEur }
        // The form takes whole euros; the API also takes cents.
        const whole = {
          ...profile,
          investmentSizeEur: amounts.investmentSizeEur === null ? null : Math.round(amounts.investmentSizeEur),
          ticketSizeEur: amounts.ticketSizeEur === null ? null : Math.round(amounts.ticketSizeEur),
        }
        if (whole.investmentSizeEur === 0 || whole.ticketSizeEur === 0) return
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
