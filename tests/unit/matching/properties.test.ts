import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FUNDS, INSTRUMENTS } from '../../../src/shared/codelists.js'
import { matchProfile } from '../../../src/matching/match.js'
import { MatchResult } from '../../../src/matching/match-result.js'
import { NeedsProfile } from '../../../src/matching/needs-profile.js'
import { BLOCKED_MAX_SCORE, FIT_THRESHOLDS } from '../../../src/matching/score.js'
import { loadCatalogue } from './catalogue.js'
import { profileInput, shuffled, shuffleKeys } from './arbitraries.js'

const catalogue = loadCatalogue()
const RUNS = { numRuns: 200 }

function fitOf(result: MatchResult, slug: string) {
  return [...result.instruments, ...result.funds].find((option) => option.slug === slug)?.fit
}

describe('matchProfile properties over random valid profiles', () => {
  it('returns the DESIGN §5 shape with integer scores from 0 to 100', () => {
    fc.assert(
      fc.property(profileInput, (input) => {
        const result = matchProfile(NeedsProfile.parse(input), catalogue)
        expect(() => MatchResult.parse(result)).not.toThrow()
        for (const option of [...result.instruments, ...result.funds]) {
          expect(Number.isInteger(option.score)).toBe(true)
          expect(option.score).toBeGreaterThanOrEqual(0)
          expect(option.score).toBeLessThanOrEqual(100)
        }
      }),
      RUNS,
    )
  })

  // Changed (issue #11): sorted by fit label first (not suitable always last), then score, then the
  // rule files' order (codelist order) instead of the slug.
  it('lists every instrument and fund exactly once, sorted by fit, then score, then codelist order', () => {
    fc.assert(
      fc.property(profileInput, (input) => {
        const result = matchProfile(NeedsProfile.parse(input), catalogue)
        expect(result.instruments.map((i) => i.slug).sort()).toEqual([...INSTRUMENTS].sort())
        expect(result.funds.map((f) => f.slug).sort()).toEqual([...FUNDS].sort())
        for (const list of [result.instruments, result.funds]) {
          for (let index = 1; index < list.length; index++) {
            const before = list[index - 1]
            const after = list[index]
            if (before === undefined || after === undefined) continue
            const rank = { strong: 3, possible: 2, weak: 1, not_suitable: 0 }
            const codes: readonly string[] = list === result.instruments ? INSTRUMENTS : FUNDS
            const inOrder =
              rank[before.fit] > rank[after.fit] ||
              (before.fit === after.fit &&
                (before.score > after.score ||
                  (before.score === after.score && codes.indexOf(before.slug) < codes.indexOf(after.slug))))
            expect(inOrder).toBe(true)
          }
        }
      }),
      RUNS,
    )
  })

  it('derives fit from score by the documented thresholds, and blocks only with a block reason', () => {
    fc.assert(
      fc.property(profileInput, (input) => {
        const result = matchProfile(NeedsProfile.parse(input), catalogue)
        for (const option of [...result.instruments, ...result.funds]) {
          const blocked = option.reasons.some((reason) => reason.effect === 'block')
          if (blocked) {
            expect(option.fit).toBe('not_suitable')
            expect(option.score).toBeLessThanOrEqual(BLOCKED_MAX_SCORE)
          } else {
            const expected =
              option.score >= FIT_THRESHOLDS.strong
                ? 'strong'
                : option.score >= FIT_THRESHOLDS.possible
                  ? 'possible'
                  : 'weak'
            expect(option.fit).toBe(expected)
          }
        }
      }),
      RUNS,
    )
  })

  it('gives the same JSON when lists in the profile and catalogue are shuffled or repeated', () => {
    fc.assert(
      fc.property(profileInput, shuffleKeys, (input, keys) => {
        const reference = JSON.stringify(matchProfile(NeedsProfile.parse(input), catalogue))
        const reordered = NeedsProfile.parse({
          ...input,
          policyFields: shuffled([...input.policyFields, ...input.policyFields], keys),
          targetGroups: shuffled(input.targetGroups, keys),
          partners: shuffled(input.partners, keys),
        })
        const reorderedCatalogue = {
          instruments: shuffled(catalogue.instruments, keys),
          funds: shuffled(catalogue.funds, keys),
          investments: shuffled(catalogue.investments, keys),
        }
        expect(JSON.stringify(matchProfile(reordered, reorderedCatalogue))).toBe(reference)
        // A profile built in code, skipping the parser, is normalised the same way.
        const unparsed = {
          ...NeedsProfile.parse(input),
          partners: shuffled(NeedsProfile.parse(input).partners, keys).reverse(),
        }
        expect(JSON.stringify(matchProfile(unparsed, catalogue))).toBe(reference)
      }),
      RUNS,
    )
  })

  it('is deterministic: two calls give identical JSON', () => {
    fc.assert(
      fc.property(profileInput, (input) => {
        const profile = NeedsProfile.parse(input)
        expect(JSON.stringify(matchProfile(profile, catalogue))).toBe(JSON.stringify(matchProfile(profile, catalogue)))
      }),
      RUNS,
    )
  })

  it('keeps the must-not rules for every profile', () => {
    fc.assert(
      fc.property(profileInput, (input) => {
        const profile = NeedsProfile.parse(input)
        const result = matchProfile(profile, catalogue)
        // Changed (issue #11): no revenue rules out a strong loan only for lenders and service providers;
        // a public borrower with room to borrow repays from its budget.
        const publicBorrower =
          (profile.respondentType === 'city' || profile.respondentType === 'member_state') &&
          profile.borrowingCapacity !== 'none'
        if (profile.revenueModel === 'none' && !publicBorrower) expect(fitOf(result, 'loan')).not.toBe('strong')
        if (publicBorrower && profile.revenueModel !== 'unknown') {
          const loan = result.instruments.find((option) => option.slug === 'loan')!
          const revenue = loan.reasons.filter((reason) => reason.criterion === 'revenue')
          expect(revenue.every((reason) => reason.effect === '+')).toBe(true)
        }
        // The same footing: blending and a grant combination are never above the loan inside them.
        const loanScore = result.instruments.find((option) => option.slug === 'loan')!.score
        if (fitOf(result, 'loan') !== 'not_suitable')
          expect(result.instruments.find((option) => option.slug === 'blending')!.score).toBeLessThanOrEqual(loanScore)
        else expect(['weak', 'not_suitable']).toContain(fitOf(result, 'blending'))
        // Changed (issue #18): a lender without capital is not told it cannot borrow (a credit line is its remedy).
        if (profile.borrowingCapacity === 'none' && profile.respondentType !== 'financial_intermediary') {
          expect(fitOf(result, 'loan')).toBe('not_suitable')
          expect(fitOf(result, 'blending')).not.toBe('strong')
        }
        // Eligibility is applied before scoring: an EU fund outside the EU is never above not suitable.
        if (['GB', 'US', 'CH', 'NO', 'UA', 'MD', 'TR'].includes(profile.country)) {
          for (const slug of ['amif', 'esf-plus', 'erdf', 'emfaf']) expect(fitOf(result, slug)).toBe('not_suitable')
        }
        if (profile.country === 'DK') expect(fitOf(result, 'amif')).toBe('not_suitable')
        if (profile.country === 'AT' || profile.country === 'GB' || profile.country === 'US')
          expect(fitOf(result, 'ceb')).toBe('not_suitable')
        if (profile.investmentSizeEur !== null && profile.investmentSizeEur < 2_000_000) {
          expect(fitOf(result, 'ceb')).not.toBe('strong')
          expect(fitOf(result, 'eib')).not.toBe('strong')
        }
        if (profile.partners.length === 0) {
          expect(fitOf(result, 'crowdfunding')).not.toBe('strong')
          // A financial intermediary can be the microlender itself.
          if (profile.respondentType !== 'financial_intermediary')
            expect(fitOf(result, 'microfinance')).not.toBe('strong')
        }
        // Issue #18: "not sure" never blocks; it lowers the option and asks to check with the finance department.
        const unsure = [
          ...(profile.borrowingCapacity === 'unknown' ? ['borrowing_capacity'] : []),
          ...(profile.revenueModel === 'unknown' ? ['revenue'] : []),
          ...(profile.cofinancingAvailable === 'unknown' ? ['cofinancing'] : []),
        ]
        for (const item of [...result.instruments, ...result.funds]) {
          expect(
            item.reasons.filter((reason) => reason.effect === 'block' && unsure.includes(reason.criterion)),
          ).toEqual([])
        }
        if (!profile.outcomesMeasurable) expect(fitOf(result, 'social-outcomes-contract')).toBe('not_suitable')
      }),
      { numRuns: 500 },
    )
  })

  it('offers combinations and advisory routes only from options that are not blocked', () => {
    fc.assert(
      fc.property(profileInput, (input) => {
        const result = matchProfile(NeedsProfile.parse(input), catalogue)
        expect(result.combinations.length).toBeLessThanOrEqual(3)
        for (const mix of result.combinations)
          for (const part of mix.parts) expect(fitOf(result, part.slug)).not.toBe('not_suitable')
        expect(result.advisory.length).toBeGreaterThan(0)
        expect(new Set(result.advisory.map((a) => a.name)).size).toBe(result.advisory.length)
        expect(new Set(result.examples.map((e) => e.id)).size).toBe(result.examples.length)
      }),
      RUNS,
    )
  })
})
