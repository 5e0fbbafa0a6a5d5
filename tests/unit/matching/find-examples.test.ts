import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findExamples, MAX_EXAMPLES, type TopOption } from '../../../src/matching/find-examples.js'
import { listInWords, policyFieldInSentence, targetGroupInSentence } from '../../../src/matching/labels.js'
import type { MatchInvestment } from '../../../src/matching/match-result.js'
import { NeedsProfile } from '../../../src/matching/needs-profile.js'
import { FUNDS, INSTRUMENTS } from '../../../src/shared/codelists.js'
import { syntheticInvestments } from '../../../src/synthetic/synthetic-investments.js'
import { profileInput } from './arbitraries.js'
import { loadCatalogue } from './catalogue.js'

/**
 * The straightforward scan the indexed version replaced (one pass over the cases, array look-ups),
 * kept here as the reference: the fast path must pick the same cases in the same order.
 */
function referenceExamples(
  profile: NeedsProfile,
  investments: readonly MatchInvestment[],
  instruments: TopOption[],
  funds: TopOption[],
) {
  const bands = [100_000_000, 10_000_000, 1_000_000, 100_000, 0]
  const band = (eur: number) => {
    const i = bands.findIndex((from) => eur >= from)
    return i === -1 ? bands.length - 1 : i
  }
  const points = (investment: MatchInvestment) => {
    let total = 0
    const fields = profile.policyFields.filter((field) => investment.policyFields.includes(field))
    if (fields.length > 0) total += 2 + fields.length
    const rank = instruments.findIndex((option) => investment.instruments.some((used) => used === option.slug))
    if (rank !== -1) total += [4, 3, 2][rank] ?? 0
    if (funds.some((option) => investment.funds.some((used) => used === option.slug))) total += 2
    if (profile.targetGroups.some((group) => investment.targetGroups.includes(group))) total += 2
    if (investment.countries.includes(profile.country)) total += 2
    const amount = investment.amount
    if (
      profile.investmentSizeEur !== null &&
      amount !== null &&
      amount.currency === 'EUR' &&
      band(profile.investmentSizeEur) === band(amount.value)
    )
      total += 1
    return fields.length > 0 || rank !== -1 ? total : 0
  }
  const ranked = investments
    .filter((investment) => investment.retired !== true)
    .map((investment) => ({ investment, points: points(investment) }))
    .filter((candidate) => candidate.points > 0)
    .sort((a, b) => (a.points !== b.points ? b.points - a.points : a.investment.id < b.investment.id ? -1 : 1))
  // Cases that reach migrants or refugees first; a case without a target group only fills empty places.
  const reaching = ranked.filter((candidate) => candidate.investment.targetGroups.length > 0)
  const others = ranked.filter((candidate) => candidate.investment.targetGroups.length === 0)
  return [...reaching, ...others].slice(0, MAX_EXAMPLES).map((candidate) => candidate.investment.id)
}

const catalogue = loadCatalogue()
const names = new Map<string, string>(
  [...catalogue.instruments, ...catalogue.funds].map((option) => [option.slug, option.name]),
)
const option = (slug: string): TopOption => ({ slug, name: names.get(slug) ?? slug })
const tops = <T extends string>(values: readonly T[]) =>
  fc.uniqueArray(fc.constantFrom(...values), { maxLength: 3 }).map((slugs) => slugs.map(option))

const synthetic: MatchInvestment[] = syntheticInvestments(
  3_000,
  ['housing', 'refugees', 'loan', 'city', 'training'],
  11,
).map((investment, i) => ({
  ...investment,
  retired: i % 17 === 0,
  countries: i % 23 === 0 ? [...investment.countries, ...investment.countries] : investment.countries,
}))

describe('findExamples', () => {
  it.each([
    ['the seed repository', catalogue.investments],
    ['3,000 synthetic cases (some retired, some with repeated countries)', synthetic],
  ])('picks the same cases in the same order as the plain scan, over %s', (_name, investments) => {
    fc.assert(
      fc.property(profileInput, tops(INSTRUMENTS), tops(FUNDS), (input, instruments, funds) => {
        const profile = NeedsProfile.parse(input)
        const found = findExamples(profile, investments, instruments, funds)
        expect(found.map((example) => example.id)).toEqual(referenceExamples(profile, investments, instruments, funds))
        for (const example of found) expect(example.why).toMatch(/^[A-Z].*\.$/)
      }),
      { numRuns: 150 },
    )
  })

  it('explains each pick with the shared traits', () => {
    const profile = NeedsProfile.parse({
      respondentType: 'city',
      country: 'FI',
      policyFields: ['employment'],
      targetGroups: ['refugees'],
      investmentSizeEur: 14_000_000,
      ticketSizeEur: null,
      revenueModel: 'public_savings',
      outcomesMeasurable: true,
      borrowingCapacity: 'limited',
      financialExpertise: 'basic',
      partners: [],
      cofinancingAvailable: true,
    })
    const [first] = findExamples(profile, catalogue.investments, [option('social-outcomes-contract')], [option('eif')])
    expect(first?.id).toBe('c01-koto-sib')
    expect(first?.why).toContain(`field: ${listInWords([policyFieldInSentence('employment')])}`)
    expect(first?.why).toContain(`reaches ${targetGroupInSentence('refugees')}`)
    expect(first?.why).toContain('in your country (Finland)')
  })

  it('prefers cases that reach migrants or refugees, and says so when it shows one that does not', () => {
    const profile = NeedsProfile.parse({
      respondentType: 'city',
      country: 'FR',
      policyFields: ['employment'],
      targetGroups: ['migrant_women'],
      investmentSizeEur: 2_000_000,
      ticketSizeEur: null,
      revenueModel: 'public_savings',
      outcomesMeasurable: true,
      borrowingCapacity: 'limited',
      financialExpertise: 'basic',
      partners: [],
      cofinancingAvailable: true,
    })
    // Imported impact bonds in France with no migrant target group, closer on every other point.
    const offTopic: MatchInvestment[] = Array.from({ length: 6 }, (_, i) => ({
      id: `zz-fr-sib-${i}`,
      title: `French impact bond ${i}`,
      countries: ['FR'],
      policyFields: ['employment'],
      targetGroups: [],
      instruments: ['social-outcomes-contract'],
      funds: [],
      amount: { value: 2_000_000, currency: 'EUR' },
    }))
    const found = findExamples(
      profile,
      [...offTopic, ...catalogue.investments],
      [option('social-outcomes-contract')],
      [],
    )
    const offTopicShown = found.filter((example) => example.id.startsWith('zz-fr-sib'))
    expect(found.length).toBe(MAX_EXAMPLES)
    expect(offTopicShown).toEqual([])
    // With nothing closer in the repository, an off-topic case fills the list and its "why" says so.
    const alone = findExamples(profile, offTopic.slice(0, 2), [option('social-outcomes-contract')], [])
    expect(alone.map((example) => example.id)).toEqual(['zz-fr-sib-0', 'zz-fr-sib-1'])
    for (const example of alone) expect(example.why).toContain('names no migrant or refugee target group')
  })

  it('sees a changed repository: a new array is indexed anew', () => {
    const profile = NeedsProfile.parse({
      ...fc.sample(profileInput, { numRuns: 1, seed: 3 })[0],
      policyFields: ['housing'],
    })
    const before = findExamples(profile, synthetic, [], [])
    const withoutFirst = synthetic.filter((investment) => investment.id !== before[0]?.id)
    const after = findExamples(profile, withoutFirst, [], [])
    expect(after.map((e) => e.id)).not.toContain(before[0]?.id)
    expect(after.map((e) => e.id)).toEqual(referenceExamples(profile, withoutFirst, [], []))
  })
})
