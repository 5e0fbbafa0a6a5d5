import { listInWords, policyFieldInSentence, targetGroupInSentence } from './labels.js'
import type { MatchInvestment } from './match-result.js'
import type { NeedsProfile } from './needs-profile.js'

export interface Example {
  id: string
  title: string
  why: string
}

export interface TopOption {
  slug: string
  name: string
}

export const MAX_EXAMPLES = 5

/** Amount bands in EUR (lower bound inclusive); amounts in other currencies are never converted. */
const SIZE_BANDS = [
  { from: 100_000_000, label: 'EUR 100 million or more' },
  { from: 10_000_000, label: 'EUR 10 million to 100 million' },
  { from: 1_000_000, label: 'EUR 1 million to 10 million' },
  { from: 100_000, label: 'EUR 100,000 to 1 million' },
  { from: 0, label: 'under EUR 100,000' },
] as const

function sizeBand(eur: number): string {
  for (const band of SIZE_BANDS) if (eur >= band.from) return band.label
  return SIZE_BANDS[SIZE_BANDS.length - 1]?.label ?? ''
}

const INSTRUMENT_POINTS = [4, 3, 2] as const
const RANK_WORDS = ['top', 'second', 'third'] as const

interface Candidate {
  investment: MatchInvestment
  points: number
}

/**
 * Points: shared policy field 3 (+1 per further shared field); uses your 1st/2nd/3rd instrument
 * 4/3/2; uses one of your top three funds 2; shared target group 2; same country 2; same EUR size
 * band 1. A case must share a policy field or a top instrument. Ties go to the smaller id.
 */
function assess(
  profile: NeedsProfile,
  investment: MatchInvestment,
  instruments: TopOption[],
  funds: TopOption[],
  why: string[] | null = null,
): number {
  let points = 0

  const fields = profile.policyFields.filter((field) => investment.policyFields.includes(field))
  if (fields.length > 0) {
    points += 2 + fields.length
    why?.push(`same field: ${listInWords(fields.map(policyFieldInSentence))}`)
  }
  const rank = instruments.findIndex((option) => investment.instruments.some((used) => used === option.slug))
  const instrument = instruments[rank]
  if (instrument !== undefined) {
    points += INSTRUMENT_POINTS[rank] ?? 0
    why?.push(`uses ${instrument.name}, your ${RANK_WORDS[rank] ?? 'next'} instrument`)
  }
  const fund = funds.find((option) => investment.funds.some((used) => used === option.slug))
  if (fund !== undefined) {
    points += 2
    why?.push(`involves ${fund.name}`)
  }
  const groups = profile.targetGroups.filter((group) => investment.targetGroups.includes(group))
  if (groups.length > 0) {
    points += 2
    why?.push(`reaches ${listInWords(groups.map(targetGroupInSentence))}`)
  }
  if (investment.countries.includes(profile.country)) {
    points += 2
    why?.push(`in your country (${profile.country})`)
  }
  const amount = investment.amount
  if (profile.investmentSizeEur !== null && amount !== null && amount.currency === 'EUR') {
    const band = sizeBand(profile.investmentSizeEur)
    if (band === sizeBand(amount.value)) {
      points += 1
      why?.push(`similar size (${band})`)
    }
  }
  const eligible = fields.length > 0 || instrument !== undefined
  return eligible ? points : 0
}

function sentence(parts: string[]): string {
  const text = parts.join('; ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

const before = (a: Candidate, b: Candidate): boolean =>
  a.points !== b.points ? a.points > b.points : a.investment.id < b.investment.id

export function findExamples(
  profile: NeedsProfile,
  investments: readonly MatchInvestment[],
  topInstruments: TopOption[],
  topFunds: TopOption[],
): Example[] {
  // Keep only the best few while scanning: a full sort would cost more on a large repository.
  const best: Candidate[] = []
  for (const investment of investments) {
    if (investment.retired === true) continue
    const points = assess(profile, investment, topInstruments, topFunds)
    if (points === 0) continue
    const candidate = { investment, points }
    const at = best.findIndex((other) => before(candidate, other))
    if (at === -1) {
      if (best.length < MAX_EXAMPLES) best.push(candidate)
    } else {
      best.splice(at, 0, candidate)
      if (best.length > MAX_EXAMPLES) best.pop()
    }
  }
  return best.map(({ investment }) => {
    const why: string[] = []
    assess(profile, investment, topInstruments, topFunds, why)
    return { id: investment.id, title: investment.title, why: sentence(why) }
  })
}
