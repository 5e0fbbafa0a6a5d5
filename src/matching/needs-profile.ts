import { z } from 'zod'
import { CountryCode, PARTNERS, POLICY_FIELDS, RESPONDENT_TYPES, TARGET_GROUPS } from '../shared/codelists.js'

export const REVENUE_MODELS = ['none', 'public_savings', 'user_fees', 'market_revenue'] as const
export const BORROWING_CAPACITIES = ['none', 'limited', 'available'] as const
export const FINANCIAL_EXPERTISE = ['none', 'basic', 'experienced'] as const

export const RevenueModel = z.enum(REVENUE_MODELS, {
  error: 'Choose how the project could pay back: none, public savings, user fees or market revenue',
})
export type RevenueModel = z.infer<typeof RevenueModel>
export const BorrowingCapacity = z.enum(BORROWING_CAPACITIES, { error: 'Choose whether you can borrow: none, limited or available' })
export type BorrowingCapacity = z.infer<typeof BorrowingCapacity>
export const FinancialExpertise = z.enum(FINANCIAL_EXPERTISE, {
  error: 'Choose your experience with financial instruments: none, basic or experienced',
})
export type FinancialExpertise = z.infer<typeof FinancialExpertise>

/** Removes duplicates and puts values in codelist order, so answer order never changes a result. */
function canonical<T extends string>(codelist: readonly T[]) {
  return (values: T[]): T[] => codelist.filter((value) => values.includes(value))
}

function codelistArray<T extends string>(codelist: readonly [T, ...T[]], itemError: string) {
  return z.array(z.enum(codelist, { error: itemError }), { error: 'Give a list of choices' }).max(100, 'Too many choices')
}

const euros = (what: string) =>
  z
    .number({ error: `Enter the ${what} in euros as a number, or leave it empty` })
    .nonnegative(`The ${what} cannot be negative`)
    .nullable()

/** The matcher's input (DESIGN §5 "Needs profile"). Unknown keys are rejected. */
export const NeedsProfile = z.strictObject(
  {
    respondentType: z.enum(RESPONDENT_TYPES, {
      error: 'Choose who you answer for: city, Member State, financial intermediary or service provider',
    }),
    country: CountryCode,
    policyFields: codelistArray(POLICY_FIELDS, 'Choose policy fields from the list')
      .min(1, 'Choose at least one policy field')
      .transform(canonical(POLICY_FIELDS)),
    targetGroups: codelistArray(TARGET_GROUPS, 'Choose target groups from the list').transform(canonical(TARGET_GROUPS)),
    investmentSizeEur: euros('investment size'),
    ticketSizeEur: euros('ticket size (the size of each loan or investment to final recipients)'),
    revenueModel: RevenueModel,
    outcomesMeasurable: z.boolean({ error: 'Answer yes or no: can the results be measured?' }),
    borrowingCapacity: BorrowingCapacity,
    financialExpertise: FinancialExpertise,
    partners: codelistArray(PARTNERS, 'Choose partners from the list').transform(canonical(PARTNERS)),
    cofinancingAvailable: z.boolean({ error: 'Answer yes or no: can you co-finance part of the cost?' }),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `Remove the fields this form does not know: ${issue.keys.join(', ')}` : undefined,
  },
)
export type NeedsProfile = z.output<typeof NeedsProfile>
export type NeedsProfileInput = z.input<typeof NeedsProfile>

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
  }
}
