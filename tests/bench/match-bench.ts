import { performance } from 'node:perf_hooks'
import { matchProfile } from '../../src/matching/match.js'
import type { MatchCatalogue } from '../../src/matching/match-result.js'
import {
  BORROWING_CAPACITIES,
  FINANCIAL_EXPERTISE,
  NeedsProfile,
  REVENUE_MODELS,
  SPENDING_TYPES,
} from '../../src/matching/needs-profile.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { PARTNERS, POLICY_FIELDS, RESPONDENT_TYPES, TARGET_GROUPS } from '../../src/shared/codelists.js'
import { createRandom, syntheticInvestments, vocabularyOf } from '../../src/synthetic/synthetic-investments.js'

const PROFILES = Number(process.env.BENCH_MATCH_PROFILES ?? 2_000)
const SYNTHETIC = Number(process.env.BENCH_MATCH_INVESTMENTS ?? 10_000)
const TARGET_MS = 5
const COUNTRIES = [
  'DE',
  'FR',
  'IT',
  'ES',
  'NL',
  'BE',
  'AT',
  'SE',
  'FI',
  'PL',
  'GR',
  'PT',
  'CZ',
  'LT',
  'CH',
  'GB',
  'MD',
  'TR',
  'UA',
]

/** Random valid needs profiles from a fixed seed (the same set on every run). */
export function randomProfiles(count: number, seed = 7): NeedsProfile[] {
  const random = createRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const some = <T>(list: readonly T[], min: number, max: number): T[] => [
    ...new Set(Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick(list))),
  ]
  const amount = () => (random() < 0.25 ? null : Math.round(10 ** (3 + random() * 6)))
  return Array.from({ length: count }, (_, i) => {
    const respondentType = pick(RESPONDENT_TYPES)
    const country = pick(COUNTRIES)
    const policyFields = some(POLICY_FIELDS, 1, 3)
    const targetGroups = some(TARGET_GROUPS, 0, 3)
    const investmentSizeEur = amount()
    const ticket = random() < 0.6 ? null : amount()
    return NeedsProfile.parse({
      respondentType,
      country,
      policyFields,
      targetGroups,
      investmentSizeEur,
      // A ticket is never larger than the project (the profile refuses that); same random draws as before.
      ticketSizeEur:
        ticket !== null && investmentSizeEur !== null && ticket > investmentSizeEur ? investmentSizeEur : ticket,
      revenueModel: pick(REVENUE_MODELS),
      outcomesMeasurable: random() < 0.5,
      borrowingCapacity: pick(BORROWING_CAPACITIES),
      financialExpertise: pick(FINANCIAL_EXPERTISE),
      partners: some(PARTNERS, 0, 4),
      cofinancingAvailable: random() < 0.5,
      // Every fourth profile leaves it out (treated as "both"); no random draw, so the set stays the same.
      ...(i % 4 === 3 ? {} : { spendingType: SPENDING_TYPES[i % 3] }),
    })
  })
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

function time(profiles: NeedsProfile[], catalogue: MatchCatalogue) {
  for (const profile of profiles.slice(0, 200)) matchProfile(profile, catalogue) // warm-up
  const times: number[] = []
  const start = performance.now()
  for (const profile of profiles) {
    const t0 = performance.now()
    matchProfile(profile, catalogue)
    times.push(performance.now() - t0)
  }
  const totalMs = performance.now() - start
  times.sort((a, b) => a - b)
  return {
    perSecond: (profiles.length / totalMs) * 1000,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1]!,
  }
}

const ms = (value: number) => (value >= 10 ? value.toFixed(1) : value.toFixed(3))

/** Matcher throughput and time per profile (DESIGN §7: ≤ 5 ms per profile), as a markdown section. */
export async function matcherBenchmark(): Promise<string> {
  const seed = readSeedFiles(SEED_DIR_PATH)
  const profiles = randomProfiles(PROFILES)
  const base = { instruments: seed.instruments, funds: seed.funds }
  const vocabulary = vocabularyOf(seed.investments.flatMap((i) => [i.title, i.summary, i.notes ?? '']))
  const rows = [
    {
      label: `seed catalogue (${seed.investments.length} real investments)`,
      catalogue: { ...base, investments: seed.investments },
    },
    {
      label: `${SYNTHETIC.toLocaleString('en')} synthetic investments`,
      catalogue: { ...base, investments: syntheticInvestments(SYNTHETIC, vocabulary) },
    },
  ].map(({ label, catalogue }) => {
    // The first match on a new investments array builds the similar-case index (find-examples.ts).
    const first = performance.now()
    matchProfile(profiles[0]!, { ...catalogue, investments: [...catalogue.investments] })
    const firstMs = performance.now() - first
    const r = time(profiles, catalogue)
    const verdict = r.p95 <= TARGET_MS ? 'yes' : 'NO'
    return `| ${label} | ${Math.round(r.perSecond).toLocaleString('en')} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} | ${ms(firstMs)} | ${verdict} |`
  })
  return [
    `## Matcher (${PROFILES.toLocaleString('en')} random valid needs profiles, in process, ms per profile)`,
    '',
    '| investments searched for similar cases | matches per second | p50 | p95 | max | first match after a change (index build) | p95 ≤ 5 ms |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n')
}
