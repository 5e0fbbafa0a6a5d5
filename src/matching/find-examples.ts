import { t, tDynamic } from '../i18n/i18n.js'
import { countryName } from '../i18n/format.js'
import { CASE_INSTRUMENTS, FUNDS, POLICY_FIELDS, TARGET_GROUPS } from '../shared/codelists.js'
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
  { from: 100_000_000, label: 'from100m' },
  { from: 10_000_000, label: 'from10m' },
  { from: 1_000_000, label: 'from1m' },
  { from: 100_000, label: 'from100k' },
  { from: 0, label: 'under100k' },
] as const

/** Index of the band (the last one when no bound matches, as for NaN). */
function sizeBandIndex(eur: number): number {
  const index = SIZE_BANDS.findIndex((band) => eur >= band.from)
  return index === -1 ? SIZE_BANDS.length - 1 : index
}

function sizeBand(eur: number): string {
  return tDynamic(`matcher.examples.band.${SIZE_BANDS[sizeBandIndex(eur)]?.label ?? 'under100k'}`)
}

const INSTRUMENT_POINTS = [4, 3, 2] as const

interface Candidate {
  investment: MatchInvestment
  points: number
  /** True for a case that names no migrant or refugee target group (shown only to fill up the list). */
  noTargetGroup?: boolean
}

/**
 * Points: shared policy field 3 (+1 per further shared field); uses your 1st/2nd/3rd instrument
 * 4/3/2; uses one of your top three funds 2; shared target group 2; same country 2; same EUR size
 * band 1. A case must share a policy field or a top instrument. Ties go to the smaller id.
 * `scan()` computes the same points from the index below; this function also writes the `why`.
 */
function assess(
  profile: NeedsProfile,
  investment: MatchInvestment,
  instruments: TopOption[],
  funds: TopOption[],
  why: string[] | null = null,
): number {
  let points = 0

  let sharedFields = 0
  for (const field of profile.policyFields) if (investment.policyFields.includes(field)) sharedFields++
  let rank = -1
  const used: readonly string[] = investment.instruments
  for (let i = 0; i < instruments.length; i++) {
    if (used.includes(instruments[i]!.slug)) {
      rank = i
      break
    }
  }
  if (sharedFields === 0 && rank === -1) return 0

  if (sharedFields > 0) {
    points += 2 + sharedFields
    if (why !== null) {
      const fields = profile.policyFields.filter((field) => investment.policyFields.includes(field))
      why.push(t('matcher.examples.sameField', { fields: listInWords(fields.map(policyFieldInSentence)) }))
    }
  }
  const instrument = instruments[rank]
  if (instrument !== undefined) {
    points += INSTRUMENT_POINTS[rank] ?? 0
    why?.push(t('matcher.examples.usesInstrument', { name: instrument.name, rank }))
  }
  const involved: readonly string[] = investment.funds
  for (const fund of funds) {
    if (involved.includes(fund.slug)) {
      points += 2
      why?.push(t('matcher.examples.involvesFund', { name: fund.name }))
      break
    }
  }
  let sharesGroup = false
  for (const group of profile.targetGroups) {
    if (investment.targetGroups.includes(group)) {
      sharesGroup = true
      break
    }
  }
  if (sharesGroup) {
    points += 2
    if (why !== null) {
      const groups = profile.targetGroups.filter((group) => investment.targetGroups.includes(group))
      why.push(t('matcher.examples.reaches', { groups: listInWords(groups.map(targetGroupInSentence)) }))
    }
  }
  if (investment.countries.includes(profile.country)) {
    points += 2
    why?.push(t('matcher.examples.inCountry', { country: countryName(profile.country) }))
  }
  const amount = investment.amount
  if (profile.investmentSizeEur !== null && amount !== null && amount.currency === 'EUR') {
    const band = sizeBand(profile.investmentSizeEur)
    if (band === sizeBand(amount.value)) {
      points += 1
      why?.push(t('matcher.examples.similarSize', { band }))
    }
  }
  return points
}

function sentence(parts: string[]): string {
  const text = parts.join('; ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

const beats = (points: number, id: string, other: Candidate): boolean =>
  points !== other.points ? points > other.points : id < other.investment.id

const before = (a: Candidate, b: Candidate): boolean => beats(a.points, a.investment.id, b)

/** Bit per codelist value, so membership tests over many cases are integer operations. */
function bits(codelist: readonly string[]): Map<string, number> {
  return new Map(codelist.map((value, index) => [value, 1 << index]))
}
const FIELD_BITS = bits(POLICY_FIELDS)
const GROUP_BITS = bits(TARGET_GROUPS)
const INSTRUMENT_BITS = bits(CASE_INSTRUMENTS)
const FUND_BITS = bits(FUNDS)

function maskOf(values: readonly string[], codelist: Map<string, number>): number {
  let mask = 0
  for (const value of values) mask |= codelist.get(value) ?? 0
  return mask
}

function bitCount(mask: number): number {
  let count = 0
  for (let rest = mask; rest !== 0; rest &= rest - 1) count++
  return count
}

/** The published cases as bit masks, built once per investments array (see `indexFor`). */
interface ExampleIndex {
  items: MatchInvestment[]
  fields: Uint16Array
  groups: Uint16Array
  instruments: Uint16Array
  funds: Uint16Array
  /** Size band of a EUR amount, -1 without one. */
  band: Int8Array
  byCountry: Map<string, number[]>
}

function buildIndex(investments: readonly MatchInvestment[]): ExampleIndex {
  const items = investments.filter((investment) => investment.retired !== true)
  const index: ExampleIndex = {
    items,
    fields: new Uint16Array(items.length),
    groups: new Uint16Array(items.length),
    instruments: new Uint16Array(items.length),
    funds: new Uint16Array(items.length),
    band: new Int8Array(items.length),
    byCountry: new Map(),
  }
  items.forEach((investment, k) => {
    index.fields[k] = maskOf(investment.policyFields, FIELD_BITS)
    index.groups[k] = maskOf(investment.targetGroups, GROUP_BITS)
    index.instruments[k] = maskOf(investment.instruments, INSTRUMENT_BITS)
    index.funds[k] = maskOf(investment.funds, FUND_BITS)
    const amount = investment.amount
    index.band[k] = amount !== null && amount.currency === 'EUR' ? sizeBandIndex(amount.value) : -1
    for (const country of new Set(investment.countries)) {
      const members = index.byCountry.get(country)
      if (members === undefined) index.byCountry.set(country, [k])
      else members.push(k)
    }
  })
  return index
}

/**
 * Memoised per investments array: callers pass the same (read-only) array while the repository is
 * unchanged, so the index is built once and each match scans integers (DESIGN §7: ≤ 5 ms per
 * profile at 10,000 cases). A new array (after any change) gets a new index.
 */
const indexes = new WeakMap<readonly MatchInvestment[], ExampleIndex>()
function indexFor(investments: readonly MatchInvestment[]): ExampleIndex {
  let index = indexes.get(investments)
  if (index === undefined) {
    index = buildIndex(investments)
    indexes.set(investments, index)
  }
  return index
}

/** Keeps `best` as the top MAX_EXAMPLES candidates, best first. */
function keep(best: Candidate[], candidate: Candidate): void {
  const last = best[best.length - 1]
  if (best.length === MAX_EXAMPLES && last !== undefined && !before(candidate, last)) return
  const at = best.findIndex((other) => before(candidate, other))
  if (at === -1) best.push(candidate)
  else {
    best.splice(at, 0, candidate)
    if (best.length > MAX_EXAMPLES) best.pop()
  }
}

/**
 * The best cases by `assess` points (same points, from the masks), best first. Cases that name a
 * migrant or refugee target group come first; a case without one only fills places left empty.
 */
function scan(
  profile: NeedsProfile,
  index: ExampleIndex,
  topInstruments: TopOption[],
  topFunds: TopOption[],
): Candidate[] {
  const fieldMask = maskOf(profile.policyFields, FIELD_BITS)
  const groupMask = maskOf(profile.targetGroups, GROUP_BITS)
  const fundMask = maskOf(
    topFunds.map((option) => option.slug),
    FUND_BITS,
  )
  const instrumentBits = topInstruments.map((option) => INSTRUMENT_BITS.get(option.slug) ?? 0)
  const profileBand = profile.investmentSizeEur === null ? -2 : sizeBandIndex(profile.investmentSizeEur)
  const inCountry = new Uint8Array(index.items.length)
  for (const k of index.byCountry.get(profile.country) ?? []) inCountry[k] = 1

  const best: Candidate[] = []
  const others: Candidate[] = []
  for (let k = 0; k < index.items.length; k++) {
    const shared = bitCount(index.fields[k]! & fieldMask)
    const used = index.instruments[k]!
    let rank = -1
    for (let i = 0; i < instrumentBits.length; i++) {
      if ((used & instrumentBits[i]!) !== 0) {
        rank = i
        break
      }
    }
    if (shared === 0 && rank === -1) continue
    let points = shared > 0 ? 2 + shared : 0
    if (rank !== -1) points += INSTRUMENT_POINTS[rank] ?? 0
    if ((index.funds[k]! & fundMask) !== 0) points += 2
    if ((index.groups[k]! & groupMask) !== 0) points += 2
    if (inCountry[k] === 1) points += 2
    if (index.band[k] === profileBand) points += 1

    const investment = index.items[k]!
    if (index.groups[k] === 0) keep(others, { investment, points, noTargetGroup: true })
    else keep(best, { investment, points })
  }
  return [...best, ...others.slice(0, MAX_EXAMPLES - best.length)]
}

export function findExamples(
  profile: NeedsProfile,
  investments: readonly MatchInvestment[],
  topInstruments: TopOption[],
  topFunds: TopOption[],
): Example[] {
  // Keep only the best few while scanning: a full sort would cost more on a large repository.
  return scan(profile, indexFor(investments), topInstruments, topFunds).map(({ investment, noTargetGroup }) => {
    const why: string[] = []
    assess(profile, investment, topInstruments, topFunds, why)
    if (noTargetGroup === true) why.push(t('matcher.examples.noTargetGroup'))
    return { id: investment.id, title: investment.title, why: sentence(why) }
  })
}
