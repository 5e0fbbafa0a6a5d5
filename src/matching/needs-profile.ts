import { z } from 'zod'
import { t } from '../i18n/i18n.js'
import { PARTNERS, POLICY_FIELDS, RESPONDENT_TYPES, TARGET_GROUPS } from '../shared/codelists.js'
import { knownCountryCode } from '../shared/countries.js'

/** `unknown` is an honest "not sure" (issue #18): it never blocks an option; the matcher asks to check. */
/** `varies`: repaid from several sources (a lender's clients); scored as earning income. */
export const REVENUE_MODELS = ['none', 'public_savings', 'user_fees', 'market_revenue', 'varies', 'unknown'] as const
export const BORROWING_CAPACITIES = ['none', 'limited', 'available', 'unknown'] as const
/** Co-financing: yes, no, or not known yet (old profiles carry only true/false). */
export const COFINANCING_UNKNOWN = 'unknown'
export const FINANCIAL_EXPERTISE = ['none', 'basic', 'experienced'] as const
/** What the money pays for (DESIGN §5); an old profile without it is treated as `both`. */
export const SPENDING_TYPES = ['buildings_equipment', 'services_programmes', 'both'] as const

export const RevenueModel = z.enum(REVENUE_MODELS, { error: () => t('match.profileErrors.revenueModel') })
export type RevenueModel = z.infer<typeof RevenueModel>
export const BorrowingCapacity = z.enum(BORROWING_CAPACITIES, {
  error: () => t('match.profileErrors.borrowingCapacity'),
})
export type BorrowingCapacity = z.infer<typeof BorrowingCapacity>
export const FinancialExpertise = z.enum(FINANCIAL_EXPERTISE, {
  error: () => t('match.profileErrors.financialExpertise'),
})
export type FinancialExpertise = z.infer<typeof FinancialExpertise>
export const SpendingType = z.enum(SPENDING_TYPES, { error: () => t('match.profileErrors.spendingType') })
export type SpendingType = z.infer<typeof SpendingType>
export const Cofinancing = z.union([z.boolean(), z.literal(COFINANCING_UNKNOWN)], {
  error: () => t('match.profileErrors.cofinancingAvailable'),
})
export type Cofinancing = z.infer<typeof Cofinancing>

/** Amounts above this are taken for a typing error (EUR 50 billion: more than any known programme). */
export const MAX_AMOUNT_EUR = 50_000_000_000

/** Removes duplicates and puts values in codelist order, so answer order never changes a result. */
function canonical<T extends string>(codelist: readonly T[]) {
  return (values: T[]): T[] => codelist.filter((value) => values.includes(value))
}

function codelistArray<T extends string>(codelist: readonly [T, ...T[]], itemError: () => string) {
  return z
    .array(z.enum(codelist, { error: itemError }), { error: () => t('match.profileErrors.list') })
    .max(100, { error: () => t('match.profileErrors.tooMany') })
}

/** A positive amount in euros, at most MAX_AMOUNT_EUR, or null when not known. */
export const EuroAmount = z
  .number({ error: () => t('match.profileErrors.amount') })
  .positive({ error: () => t('match.profileErrors.amountPositive') })
  .max(MAX_AMOUNT_EUR, { error: () => t('match.profileErrors.amountTooLarge') })
  .nullable()

/** The matcher's input (DESIGN §5 "Needs profile"). Unknown keys are rejected. */
export const NeedsProfile = z
  .strictObject(
    {
      respondentType: z.enum(RESPONDENT_TYPES, { error: () => t('match.profileErrors.respondentType') }),
      country: knownCountryCode(() => t('match.profileErrors.country')),
      policyFields: codelistArray(POLICY_FIELDS, () => t('match.profileErrors.policyField'))
        .min(1, { error: () => t('match.profileErrors.policyFields') })
        .transform(canonical(POLICY_FIELDS)),
      targetGroups: codelistArray(TARGET_GROUPS, () => t('match.profileErrors.targetGroup')).transform(
        canonical(TARGET_GROUPS),
      ),
      investmentSizeEur: EuroAmount,
      ticketSizeEur: EuroAmount,
      revenueModel: RevenueModel,
      outcomesMeasurable: z.boolean({ error: () => t('match.profileErrors.outcomesMeasurable') }),
      borrowingCapacity: BorrowingCapacity,
      financialExpertise: FinancialExpertise,
      partners: codelistArray(PARTNERS, () => t('match.profileErrors.partner')).transform(canonical(PARTNERS)),
      cofinancingAvailable: Cofinancing,
      spendingType: SpendingType.optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? t('match.profileErrors.unknownKeys', { names: issue.keys.join(', ') })
          : undefined,
    },
  )
  .refine(
    (profile) =>
      profile.ticketSizeEur === null ||
      profile.investmentSizeEur === null ||
      profile.ticketSizeEur <= profile.investmentSizeEur,
    {
      error: () => t('match.profileErrors.ticketAboveInvestment'),
      path: ['ticketSizeEur'],
    },
  )
export type NeedsProfile = z.output<typeof NeedsProfile>
export type NeedsProfileInput = z.input<typeof NeedsProfile>

/** What the money pays for, `both` when the profile does not say (old profiles stay valid). */
export const spendingTypeOf = (profile: Pick<NeedsProfile, 'spendingType'>): SpendingType =>
  profile.spendingType ?? 'both'

/** The example of DESIGN §5: a German city's refugee housing with rents to repay, a promotional bank at hand. */
export const EXAMPLE_NEEDS_PROFILE = {
  respondentType: 'city',
  country: 'DE',
  policyFields: ['housing'],
  targetGroups: ['refugees'],
  investmentSizeEur: 40_000_000,
  ticketSizeEur: null,
  revenueModel: 'user_fees',
  outcomesMeasurable: false,
  borrowingCapacity: 'available',
  financialExpertise: 'experienced',
  partners: ['national_promotional_bank'],
  cofinancingAvailable: true,
} as const satisfies NeedsProfileInput

/** Same canonical form as parsing gives (fixed key order too), for profiles built in code. */
export function normaliseProfile(profile: NeedsProfile): NeedsProfile {
  return {
    respondentType: profile.respondentType,
    country: profile.country,
    policyFields: canonical(POLICY_FIELDS)(profile.policyFields),
    targetGroups: canonical(TARGET_GROUPS)(profile.targetGroups),
    investmentSizeEur: profile.investmentSizeEur,
    ticketSizeEur: profile.ticketSizeEur,
    revenueModel: profile.revenueModel,
    outcomesMeasurable: profile.outcomesMeasurable,
    borrowingCapacity: profile.borrowingCapacity,
    financialExpertise: profile.financialExpertise,
    partners: canonical(PARTNERS)(profile.partners),
    cofinancingAvailable: profile.cofinancingAvailable,
    ...(profile.spendingType === undefined ? {} : { spendingType: profile.spendingType }),
  }
}
