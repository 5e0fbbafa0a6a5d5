import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { FUNDS, INSTRUMENTS } from '../../../src/shared/codelists.js'
import { placeholdersIn } from '../../../src/matching/format.js'
import { NeedsProfile } from '../../../src/matching/needs-profile.js'
import { ADVISORY_ROUTES, AdvisoryRoute } from '../../../src/matching/rules/advisory-rules.js'
import { COMBINATION_RULES, CombinationRule } from '../../../src/matching/rules/combination-rules.js'
import { holds } from '../../../src/matching/rules/conditions.js'
import { FUND_RULES } from '../../../src/matching/rules/fund-rules.js'
import { INSTRUMENT_RULES } from '../../../src/matching/rules/instrument-rules.js'
import { FundRuleSet, InstrumentRuleSet, type RuleSet } from '../../../src/matching/rules/rule-schema.js'
import { profileInput } from './arbitraries.js'

const ALL_SETS: RuleSet[] = [...INSTRUMENT_RULES, ...FUND_RULES]
const allRules = ALL_SETS.flatMap((set) => [...set.exclusions, ...set.criteria])

describe('matcher rules as data', () => {
  it('has one rule set for each of the 8 instruments and 9 funds', () => {
    expect(INSTRUMENT_RULES.map((set) => set.slug).sort()).toEqual([...INSTRUMENTS].sort())
    expect(FUND_RULES.map((set) => set.slug).sort()).toEqual([...FUNDS].sort())
  })

  it('passes its own schemas (the same check runs when the modules load)', () => {
    expect(() => z.array(InstrumentRuleSet).parse(INSTRUMENT_RULES)).not.toThrow()
    expect(() => z.array(FundRuleSet).parse(FUND_RULES)).not.toThrow()
    expect(() => z.array(CombinationRule).parse(COMBINATION_RULES)).not.toThrow()
    expect(() => z.array(AdvisoryRoute).parse(ADVISORY_ROUTES)).not.toThrow()
  })

  it('gives every rule a unique id prefixed with its option', () => {
    const ids = allRules.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const set of ALL_SETS) {
      for (const rule of [...set.exclusions, ...set.criteria]) expect(rule.id.startsWith(`${set.slug}.`)).toBe(true)
    }
  })

  it('cites at least one source for every rule, combination and advisory route', () => {
    for (const rule of allRules) expect(rule.basis.sources.length).toBeGreaterThan(0)
    for (const rule of COMBINATION_RULES) expect(rule.basis.sources.length).toBeGreaterThan(0)
    for (const route of ADVISORY_ROUTES) expect(route.basis.sources.length).toBeGreaterThan(0)
  })

  it('gives every penalty and exclusion a gap, and uses only known placeholders', () => {
    for (const set of ALL_SETS) {
      for (const rule of set.exclusions) expect(rule.text.gap.length).toBeGreaterThan(0)
      for (const rule of set.criteria) if (rule.effect === '-') expect(rule.text.gap?.length).toBeGreaterThan(0)
    }
    for (const rule of allRules) {
      const used = [...placeholdersIn(rule.text.reason), ...placeholdersIn(rule.text.gap ?? '')]
      for (const name of used) expect(['investmentSize', 'ticketSize']).toContain(name)
    }
  })

  it('covers each kind of criterion the brief asks for somewhere', () => {
    const criteria = new Set(allRules.map((rule) => rule.criterion))
    for (const criterion of [
      'policy_field',
      'respondent_type',
      'access',
      'revenue',
      'borrowing_capacity',
      'outcomes',
      'size',
      'ticket_size',
      'partners',
      'cofinancing',
      'expertise',
    ]) {
      expect(criteria).toContain(criterion)
    }
  })

  it('fires at most one rule per criterion for any profile, so a score never exceeds its scale', () => {
    fc.assert(
      fc.property(profileInput, (input) => {
        const profile = NeedsProfile.parse(input)
        for (const set of ALL_SETS) {
          const fired = set.criteria.filter((rule) => holds(rule.when, profile)).map((rule) => rule.criterion)
          expect(new Set(fired).size).toBe(fired.length)
        }
      }),
      { numRuns: 300 },
    )
  })
})
