import fc from 'fast-check'
import { PARTNERS, POLICY_FIELDS, RESPONDENT_TYPES, TARGET_GROUPS } from '../../../src/shared/codelists.js'
import {
  BORROWING_CAPACITIES,
  FINANCIAL_EXPERTISE,
  REVENUE_MODELS,
  SPENDING_TYPES,
  type NeedsProfileInput,
} from '../../../src/matching/needs-profile.js'

/** Amounts around the thresholds the rules use, plus any valid amount at all (above zero, at most EUR 50 billion). */
const amount = fc.option(
  fc.oneof(
    fc.constantFrom(
      1,
      20_000,
      25_000,
      50_000,
      51_000,
      200_000,
      1_000_000,
      2_000_000,
      5_000_000,
      15_000_000,
      50_000_000,
    ),
    fc.integer({ min: 1, max: 5_000_000_000 }),
    fc.double({ min: 0.01, max: 5e10, noNaN: true, noDefaultInfinity: true }),
  ),
  { nil: null },
)

/** Valid needs-profile input, with duplicates and any order in the lists (parsing cleans them). */
export const profileInput: fc.Arbitrary<NeedsProfileInput> = fc
  .record(
    {
      respondentType: fc.constantFrom(...RESPONDENT_TYPES),
      country: fc.constantFrom(
        'DE',
        'FR',
        'IT',
        'PL',
        'GR',
        'NL',
        'FI',
        'BE',
        'ES',
        'CZ',
        'LT',
        'CH',
        'GB',
        'MD',
        'TR',
        'DK',
        'AT',
        'IE',
        'US',
        'UA',
        'NO',
      ),
      policyFields: fc.array(fc.constantFrom(...POLICY_FIELDS), { minLength: 1, maxLength: 10 }),
      targetGroups: fc.array(fc.constantFrom(...TARGET_GROUPS), { maxLength: 10 }),
      investmentSizeEur: amount,
      ticketSizeEur: amount,
      revenueModel: fc.constantFrom(...REVENUE_MODELS),
      outcomesMeasurable: fc.boolean(),
      borrowingCapacity: fc.constantFrom(...BORROWING_CAPACITIES),
      financialExpertise: fc.constantFrom(...FINANCIAL_EXPERTISE),
      partners: fc.array(fc.constantFrom(...PARTNERS), { maxLength: 12 }),
      cofinancingAvailable: fc.constantFrom(true, false, 'unknown' as const),
      spendingType: fc.constantFrom(...SPENDING_TYPES),
    },
    {
      requiredKeys: [
        'respondentType',
        'country',
        'policyFields',
        'targetGroups',
        'investmentSizeEur',
        'ticketSizeEur',
        'revenueModel',
        'outcomesMeasurable',
        'borrowingCapacity',
        'financialExpertise',
        'partners',
        'cofinancingAvailable',
      ],
    },
  )
  // A ticket is never larger than the whole investment (the profile refuses that).
  .map((input) =>
    input.ticketSizeEur != null && input.investmentSizeEur != null && input.ticketSizeEur > input.investmentSizeEur
      ? { ...input, ticketSizeEur: input.investmentSizeEur }
      : input,
  )

/** Sort keys for a reproducible shuffle driven by fast-check. */
export const shuffleKeys = fc.array(fc.integer(), { minLength: 64, maxLength: 64 })

export function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, index) => ({ item, key: keys[index % keys.length] ?? 0, index }))
    .sort((a, b) => (a.key !== b.key ? a.key - b.key : b.index - a.index))
    .map(({ item }) => item)
}
