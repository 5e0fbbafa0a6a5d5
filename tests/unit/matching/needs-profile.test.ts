import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { EXAMPLE_NEEDS_PROFILE, NeedsProfile } from '../../../src/matching/needs-profile.js'

const valid = EXAMPLE_NEEDS_PROFILE

function fieldErrors(input: unknown): Record<string, string[]> {
  const result = NeedsProfile.safeParse(input)
  if (result.success) throw new Error('expected the profile to be rejected')
  const fields: Record<string, string[]> = {}
  for (const issue of result.error.issues) {
    const path = issue.path.join('.')
    fields[path] = [...(fields[path] ?? []), issue.message]
  }
  return fields
}

describe('NeedsProfile', () => {
  it('accepts the DESIGN §5 example unchanged', () => {
    expect(NeedsProfile.parse(valid)).toEqual(valid)
  })

  it('removes duplicates and puts lists in codelist order', () => {
    const parsed = NeedsProfile.parse({
      ...valid,
      policyFields: ['reception', 'housing', 'reception', 'employment'],
      targetGroups: ['migrant_women', 'refugees', 'refugees'],
      partners: ['ngos', 'national_promotional_bank', 'ngos'],
    })
    expect(parsed.policyFields).toEqual(['employment', 'housing', 'reception'])
    expect(parsed.targetGroups).toEqual(['refugees', 'migrant_women'])
    expect(parsed.partners).toEqual(['national_promotional_bank', 'ngos'])
  })

  it('accepts empty target groups and partners, and null amounts', () => {
    const parsed = NeedsProfile.parse({
      ...valid,
      targetGroups: [],
      partners: [],
      investmentSizeEur: null,
      ticketSizeEur: 5_000,
    })
    expect(parsed).toMatchObject({ targetGroups: [], partners: [], investmentSizeEur: null, ticketSizeEur: 5_000 })
    expect(parsed.spendingType).toBeUndefined()
  })

  it.each([
    ['no policy field', { policyFields: [] }, 'policyFields', 'Choose at least one policy field'],
    [
      'an unknown policy field',
      { policyFields: ['transport'] },
      'policyFields.0',
      'Choose policy fields from the list',
    ],
    [
      'a lower-case country',
      { country: 'de' },
      'country',
      'Choose the country of the project: a two-letter ISO 3166-1 code such as DE',
    ],
    [
      'an unknown country',
      { country: 'XX' },
      'country',
      'Choose the country of the project: a two-letter ISO 3166-1 code such as DE',
    ],
    [
      'a negative investment size',
      { investmentSizeEur: -1 },
      'investmentSizeEur',
      'Enter an amount above zero, or leave it empty if you do not know it',
    ],
    [
      'an investment of EUR 0',
      { investmentSizeEur: 0 },
      'investmentSizeEur',
      'Enter an amount above zero, or leave it empty if you do not know it',
    ],
    [
      'an investment of EUR 100 billion',
      { investmentSizeEur: 100_000_000_000 },
      'investmentSizeEur',
      'Enter an amount of EUR 50 billion or less: check for extra zeros',
    ],
    [
      'a ticket larger than the investment',
      { ticketSizeEur: 50_000_000 },
      'ticketSizeEur',
      'The size of each loan or investment cannot be larger than the whole project',
    ],
    [
      'an unknown spending type',
      { spendingType: 'roads' },
      'spendingType',
      'Choose what the money pays for: buildings and equipment, services and programmes, or both',
    ],
    [
      'a size given as text',
      { investmentSizeEur: '40000000' },
      'investmentSizeEur',
      'Enter the amount in euros as a number, or leave it empty',
    ],
    [
      'an unknown revenue model',
      { revenueModel: 'taxes' },
      'revenueModel',
      'Choose how the project could pay back: none, public savings, user fees or market revenue',
    ],
    [
      'an unknown respondent type',
      { respondentType: 'region' },
      'respondentType',
      'Choose who you answer for: city, Member State, financial intermediary or service provider',
    ],
    [
      'yes/no given as text',
      { outcomesMeasurable: 'yes' },
      'outcomesMeasurable',
      'Answer yes or no: can the results be measured?',
    ],
    ['an unknown partner', { partners: ['bank'] }, 'partners.0', 'Choose partners from the list'],
  ])('rejects %s with a message on the field', (_name, change, path, message) => {
    expect(fieldErrors({ ...valid, ...change })[path]).toEqual([message])
  })

  it('rejects unknown keys', () => {
    expect(fieldErrors({ ...valid, budget: 1 })['']).toEqual(['Remove the fields this form does not know: budget'])
  })

  it('reports every missing field at once', () => {
    const fields = fieldErrors({ country: 'DE' })
    expect(Object.keys(fields).sort()).toEqual([
      'borrowingCapacity',
      'cofinancingAvailable',
      'financialExpertise',
      'investmentSizeEur',
      'outcomesMeasurable',
      'partners',
      'policyFields',
      'respondentType',
      'revenueModel',
      'targetGroups',
      'ticketSizeEur',
    ])
  })

  it('works with z.flattenError for the API error shape', () => {
    const result = NeedsProfile.safeParse({ ...valid, policyFields: [] })
    expect(result.success).toBe(false)
    if (!result.success)
      expect(z.flattenError(result.error).fieldErrors).toEqual({ policyFields: ['Choose at least one policy field'] })
  })
})
