import type { Partner } from '../shared/codelists.js'
import type { NeedsProfile } from './needs-profile.js'

export interface Readiness {
  overall: number
  dimensions: {
    knowledge: number
    capacity: number
    partnerships: number
    pipeline: number
    data: number
  }
}

/** Partners that bring money (lend, guarantee, invest) and partners that deliver services. */
const FINANCING_PARTNERS: readonly Partner[] = [
  'national_promotional_bank',
  'commercial_bank',
  'microfinance_institution',
  'impact_investors',
  'foundations',
  'crowdfunding_platform',
]
const DELIVERY_PARTNERS: readonly Partner[] = ['social_enterprises', 'ngos', 'housing_association']

const EXPERTISE_POINTS = { none: 0, basic: 50, experienced: 100 } as const
// "Not sure" (unknown) earns nothing but blocks nothing.
const BORROWING_POINTS = { none: 0, limited: 50, available: 100, unknown: 0 } as const
const REVENUE_POINTS = {
  none: 0,
  public_savings: 40,
  user_fees: 60,
  market_revenue: 60,
  varies: 60,
  unknown: 0,
} as const

const count = (partners: readonly Partner[], kinds: readonly Partner[]) =>
  partners.filter((p) => kinds.includes(p)).length

/**
 * Readiness per dimension, 0-100, after the obstacles Action 6 names (knowledge gaps, little
 * expertise on financial instruments, weak capacity and cooperation):
 * - knowledge: experience with financial instruments — none 0, basic 50, experienced 100.
 * - capacity: 60% borrowing room (none 0, limited 50, available 100) + 40% co-financing (yes 100).
 * - partnerships: 20 per financing partner (max 60) + 20 per delivery partner (max 40).
 * - pipeline: 40 when the investment or ticket size is known + how it pays back
 *   (user fees or market revenue 60, public savings 40, none 0).
 * - data: 70 when outcomes can be measured + 30 when target groups are named.
 * - overall: the rounded mean of the five.
 */
export function assessReadiness(profile: NeedsProfile): Readiness {
  const knowledge = EXPERTISE_POINTS[profile.financialExpertise]
  const capacity = Math.round(
    0.6 * BORROWING_POINTS[profile.borrowingCapacity] + (profile.cofinancingAvailable === true ? 40 : 0),
  )
  const partnerships =
    Math.min(60, 20 * count(profile.partners, FINANCING_PARTNERS)) +
    Math.min(40, 20 * count(profile.partners, DELIVERY_PARTNERS))
  const sizeKnown = profile.investmentSizeEur !== null || profile.ticketSizeEur !== null
  const pipeline = (sizeKnown ? 40 : 0) + REVENUE_POINTS[profile.revenueModel]
  const data = (profile.outcomesMeasurable ? 70 : 0) + (profile.targetGroups.length > 0 ? 30 : 0)
  const overall = Math.round((knowledge + capacity + partnerships + pipeline + data) / 5)
  return { overall, dimensions: { knowledge, capacity, partnerships, pipeline, data } }
}
