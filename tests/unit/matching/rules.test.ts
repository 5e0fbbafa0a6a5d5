import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasMessage, sourceMessages } from '../../../src/i18n/i18n.js'
import { NeedsProfile } from '../../../src/matching/needs-profile.js'
import { holds } from '../../../src/matching/rules/conditions.js'
import { EU_MEMBER_STATES } from '../../../src/matching/rules/eu-member-states.js'
import { loadMatcherRules, ruleTextKey } from '../../../src/matching/rules/matcher-rules.js'
import type { RuleSet } from '../../../src/matching/rules/rule-schema.js'
import { FUNDS, INSTRUMENTS } from '../../../src/shared/codelists.js'
import { profileInput } from './arbitraries.js'

const rules = loadMatcherRules()
const ALL_SETS: RuleSet[] = [...rules.instruments, ...rules.funds]
const allRules = ALL_SETS.flatMap((set) => [...set.exclusions, ...set.criteria])
const list = (id: string) => rules.eligibility.countryLists.find((item) => item.id === id)!.countries

describe('matcher rules as data (seed/matcher/*.json, seed/eligibility.json)', () => {
  it('has one rule set for each of the 8 instruments and 9 funds', () => {
    expect(rules.instruments.map((set) => set.slug).sort()).toEqual([...INSTRUMENTS].sort())
    expect(rules.funds.map((set) => set.slug).sort()).toEqual([...FUNDS].sort())
  })

  it('numbers about 190 rules, each with a unique id prefixed with its option', () => {
    const ids = allRules.map((rule) => rule.id)
    expect(ids.length).toBeGreaterThan(180)
    expect(new Set(ids).size).toBe(ids.length)
    for (const set of ALL_SETS)
      for (const rule of [...set.exclusions, ...set.criteria]) expect(rule.id.startsWith(`${set.slug}.`)).toBe(true)
  })

  it('keeps every text in the message catalogue, a gap for every penalty and exclusion, and only known placeholders', () => {
    for (const set of ALL_SETS) {
      for (const rule of set.exclusions) expect(hasMessage(ruleTextKey(rule.id, 'gap')), rule.id).toBe(true)
      for (const rule of set.criteria) {
        expect(hasMessage(ruleTextKey(rule.id, 'reason')), rule.id).toBe(true)
        if (rule.effect === '-') expect(hasMessage(ruleTextKey(rule.id, 'gap')), rule.id).toBe(true)
      }
    }
    const known = new Set(['investmentSize', 'ticketSize', 'country', 'inEu', 'name', 'score'])
    for (const [key, text] of sourceMessages()) {
      if (
        !key.startsWith('matcher.rules.') &&
        !key.startsWith('matcher.eligibility.') &&
        !key.startsWith('matcher.advisory.')
      )
        continue
      for (const [, name] of text.matchAll(/\{(\w+)[,}]/g)) expect(known, `${key}: {${name}}`).toContain(name)
    }
  })

  it('cites at least one source for every rule, combination, advisory route and eligibility fact', () => {
    for (const rule of allRules) expect(rule.basis.sources.length).toBeGreaterThan(0)
    for (const mix of rules.combinations) expect(mix.basis.sources.length).toBeGreaterThan(0)
    for (const route of rules.advisory) expect(route.basis.sources.length).toBeGreaterThan(0)
    for (const fact of [...rules.eligibility.rules, ...rules.eligibility.countryLists]) {
      expect(fact.sources.length).toBeGreaterThan(0)
      expect(fact.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
  })

  it('states the sourced country facts: EU-27 as in the codebase, Denmark outside AMIF, 43 CEB members without Austria or the UK', () => {
    expect([...list('eu27')].sort()).toEqual([...EU_MEMBER_STATES].sort())
    expect(list('amif-participants')).not.toContain('DK')
    expect(list('amif-participants')).toHaveLength(26)
    const ceb = list('ceb-members')
    expect(ceb).toHaveLength(43)
    for (const code of ['AT', 'GB', 'US']) expect(ceb).not.toContain(code)
    for (const code of ['DK', 'IE', 'PL', 'CH', 'NO', 'UA', 'XK', 'AD', 'VA']) expect(ceb).toContain(code)
  })

  it('has no rule for a facility that was never set up', () => {
    expect(allRules.map((rule) => rule.id)).not.toContain('blending.respondent-direct')
    for (const rule of allRules) {
      const text = sourceMessages().get(ruleTextKey(rule.id, 'reason')) ?? ''
      expect(text).not.toMatch(/Inclusion Blending Facility/)
    }
  })

  it('covers each kind of criterion somewhere', () => {
    const criteria = new Set(allRules.map((rule) => rule.criterion))
    for (const criterion of [
      'policy_field',
      'spending',
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
