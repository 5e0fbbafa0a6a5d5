import { CASE_INSTRUMENTS, FUNDS, POLICY_FIELDS, STAGES, TARGET_GROUPS } from '../shared/codelists.js'
import type { Investment } from '../investments/investment.js'

/** Small deterministic PRNG (mulberry32): the same seed gives the same data set. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

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
  'DK',
  'PL',
  'CZ',
  'GR',
  'PT',
  'IE',
  'LT',
  'RO',
  'BG',
  'HU',
  'SK',
]
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'EUR', 'GBP', 'CHF', 'SEK', 'DKK']

/**
 * Synthetic investments for benchmarks only (origin "synthetic", never mixed with real data).
 * Text is drawn from `vocabulary` (the real seed texts) so the index sees realistic word frequencies.
 */
export function syntheticInvestments(count: number, vocabulary: string[], seed = 42): Investment[] {
  const random = createRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const some = <T>(list: readonly T[], max: number): T[] => {
    const n = 1 + Math.floor(random() * max)
    return [...new Set(Array.from({ length: n }, () => pick(list)))]
  }
  const words = (n: number) => Array.from({ length: n }, () => pick(vocabulary)).join(' ')
  const now = '2026-01-01T00:00:00.000Z'
  const items: Investment[] = []
  for (let i = 0; i < count; i++) {
    const yearStart = 2005 + Math.floor(random() * 21)
    const hasAmount = random() < 0.8
    items.push({
      id: `syn-${String(i).padStart(7, '0')}`,
      title: `${words(4)} ${i}`,
      summary: words(40),
      results: null,
      relevance: 'migrants_refugees',
      countries: some(COUNTRIES, 2),
      geography: words(2),
      policyFields: some(POLICY_FIELDS, 3),
      targetGroups: some(TARGET_GROUPS, 2),
      targetGroupText: null,
      instruments: some(CASE_INSTRUMENTS, 2),
      instrumentText: null,
      funds: some(FUNDS, 2),
      stage: pick(STAGES),
      statusText: null,
      yearStart,
      yearEnd: random() < 0.5 ? yearStart + Math.floor(random() * 6) : null,
      yearsText: null,
      amount: hasAmount ? { value: Math.round(10 ** (4 + random() * 5)), currency: pick(CURRENCIES) } : null,
      amountText: null,
      financiers: [words(3)],
      outcomePayer: null,
      sources: [{ url: 'https://example.org/synthetic', label: 'Synthetic record' }],
      indigoId: null,
      confidence: 'U',
      confidenceText: 'Synthetic record for benchmarks',
      notes: null,
      lastVerified: null,
      origin: 'synthetic',
      originRef: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      retired: false,
    })
  }
  return items
}

/** Words of the real seed texts (lower-case, 3+ letters), to build synthetic text from. */
export function vocabularyOf(texts: string[]): string[] {
  const words = new Set<string>()
  for (const text of texts)
    for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) if (word.length >= 3) words.add(word)
  return [...words].sort()
}
