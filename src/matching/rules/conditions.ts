import { z } from 'zod'
import { CountryCode, Partner, PolicyField, RespondentType, TargetGroup } from '../../shared/codelists.js'
import {
  BorrowingCapacity,
  Cofinancing,
  FinancialExpertise,
  RevenueModel,
  SpendingType,
  spendingTypeOf,
  type NeedsProfile,
} from '../needs-profile.js'

/** An amount range on a profile field; it never matches when the amount is unknown (null). */
const Range = z
  .strictObject({
    gte: z.number().nonnegative().optional(),
    gt: z.number().nonnegative().optional(),
    lte: z.number().nonnegative().optional(),
    lt: z.number().nonnegative().optional(),
  })
  .refine((r) => Object.keys(r).length > 0, 'A range needs at least one bound')
type Range = z.infer<typeof Range>

/** A test on a needs profile. Rules, combinations and advisory routes are written with these. */
export type Condition =
  | { kind: 'always' }
  | { kind: 'respondentType'; in: RespondentType[] }
  | { kind: 'policyField'; any: PolicyField[] }
  | { kind: 'targetGroup'; any: TargetGroup[] }
  | { kind: 'partner'; any: Partner[] }
  | { kind: 'noPartners' }
  | { kind: 'revenueModel'; in: RevenueModel[] }
  | { kind: 'spendingType'; in: SpendingType[] }
  | { kind: 'borrowingCapacity'; in: BorrowingCapacity[] }
  | { kind: 'financialExpertise'; in: FinancialExpertise[] }
  | { kind: 'outcomesMeasurable'; is: boolean }
  | { kind: 'cofinancingAvailable'; is: Cofinancing }
  | { kind: 'investmentSize'; range: Range }
  | { kind: 'ticketSize'; range: Range }
  | { kind: 'country'; in: string[] }
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] }
  | { kind: 'not'; of: Condition }

const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1)

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('always') }),
    z.strictObject({ kind: z.literal('respondentType'), in: nonEmpty(RespondentType) }),
    z.strictObject({ kind: z.literal('policyField'), any: nonEmpty(PolicyField) }),
    z.strictObject({ kind: z.literal('targetGroup'), any: nonEmpty(TargetGroup) }),
    z.strictObject({ kind: z.literal('partner'), any: nonEmpty(Partner) }),
    z.strictObject({ kind: z.literal('noPartners') }),
    z.strictObject({ kind: z.literal('revenueModel'), in: nonEmpty(RevenueModel) }),
    z.strictObject({ kind: z.literal('spendingType'), in: nonEmpty(SpendingType) }),
    z.strictObject({ kind: z.literal('borrowingCapacity'), in: nonEmpty(BorrowingCapacity) }),
    z.strictObject({ kind: z.literal('financialExpertise'), in: nonEmpty(FinancialExpertise) }),
    z.strictObject({ kind: z.literal('outcomesMeasurable'), is: z.boolean() }),
    z.strictObject({ kind: z.literal('cofinancingAvailable'), is: Cofinancing }),
    z.strictObject({ kind: z.literal('investmentSize'), range: Range }),
    z.strictObject({ kind: z.literal('ticketSize'), range: Range }),
    z.strictObject({ kind: z.literal('country'), in: nonEmpty(CountryCode) }),
    z.strictObject({ kind: z.literal('all'), of: nonEmpty(Condition) }),
    z.strictObject({ kind: z.literal('any'), of: nonEmpty(Condition) }),
    z.strictObject({ kind: z.literal('not'), of: Condition }),
  ]),
)

function inRange(value: number | null, range: Range): boolean {
  if (value === null) return false
  if (range.gte !== undefined && !(value >= range.gte)) return false
  if (range.gt !== undefined && !(value > range.gt)) return false
  if (range.lte !== undefined && !(value <= range.lte)) return false
  if (range.lt !== undefined && !(value < range.lt)) return false
  return true
}

const overlaps = <T>(have: readonly T[], wanted: readonly T[]): boolean => wanted.some((value) => have.includes(value))

export function holds(condition: Condition, profile: NeedsProfile): boolean {
  switch (condition.kind) {
    case 'always':
      return true
    case 'respondentType':
      return condition.in.includes(profile.respondentType)
    case 'policyField':
      return overlaps(profile.policyFields, condition.any)
    case 'targetGroup':
      return overlaps(profile.targetGroups, condition.any)
    case 'partner':
      return overlaps(profile.partners, condition.any)
    case 'noPartners':
      return profile.partners.length === 0
    case 'revenueModel':
      return condition.in.includes(profile.revenueModel)
    case 'spendingType':
      return condition.in.includes(spendingTypeOf(profile))
    case 'borrowingCapacity':
      return condition.in.includes(profile.borrowingCapacity)
    case 'financialExpertise':
      return condition.in.includes(profile.financialExpertise)
    case 'outcomesMeasurable':
      return profile.outcomesMeasurable === condition.is
    case 'cofinancingAvailable':
      return profile.cofinancingAvailable === condition.is
    case 'investmentSize':
      return inRange(profile.investmentSizeEur, condition.range)
    case 'ticketSize':
      return inRange(profile.ticketSizeEur, condition.range)
    case 'country':
      return condition.in.includes(profile.country)
    case 'all':
      return condition.of.every((part) => holds(part, profile))
    case 'any':
      return condition.of.some((part) => holds(part, profile))
    case 'not':
      return !holds(condition.of, profile)
  }
}
