import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { matchProfile } from '../../../src/matching/match.js'
import type { MatchResult } from '../../../src/matching/match-result.js'
import { EXAMPLE_NEEDS_PROFILE, NeedsProfile } from '../../../src/matching/needs-profile.js'
import type { Answers } from '../../../src/questionnaires/answers.js'
import { readQuestionnaireFiles } from '../../../src/questionnaires/questionnaire-files.js'
import { toNeedsProfile } from '../../../src/questionnaires/to-needs-profile.js'
import { SEED_DIR_PATH } from '../../../src/seed/seed-dir.js'
import type { RespondentType } from '../../../src/shared/codelists.js'
import { COMPLETE_ANSWERS } from '../../helpers/questionnaires.js'
import { loadCatalogue } from './catalogue.js'

const catalogue = loadCatalogue()
const definitions = new Map(
  readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires')).map((d) => [d.respondentType, d]),
)

function profileOf(type: RespondentType, changes: Answers, country = 'PT'): NeedsProfile {
  const result = toNeedsProfile(definitions.get(type)!, { ...COMPLETE_ANSWERS[type], ...changes }, { country })
  if (!result.ok) throw new Error(`profile incomplete: ${result.missing.join(', ')}`)
  return result.profile
}
const option = (result: MatchResult, slug: string) =>
  [...result.instruments, ...result.funds].find((item) => item.slug === slug)!
const texts = (result: MatchResult, slug: string) => option(result, slug).reasons.map((reason) => reason.text)

describe('issue #18 defect 1: "not sure" is unknown, not "no"', () => {
  it('a city that is not sure about borrowing, repayment and co-financing gets unknown values', () => {
    const profile = profileOf('city', {
      borrowing_room: 'not_sure',
      repayment_source: 'not_sure',
      cofinancing: 'not_sure',
    })
    expect(profile).toMatchObject({
      borrowingCapacity: 'unknown',
      revenueModel: 'unknown',
      cofinancingAvailable: 'unknown',
    })
  })

  it('the loan is not blocked; the city is asked to check with its finance department', () => {
    const result = matchProfile(
      profileOf('city', { borrowing_room: 'not_sure', repayment_source: 'not_sure', cofinancing: 'not_sure' }),
      catalogue,
    )
    const loan = option(result, 'loan')
    expect(loan.fit).not.toBe('not_suitable')
    expect(texts(result, 'loan')).not.toContain('You cannot take on new debt, so you cannot borrow.')
    expect(loan.gaps.some((gap) => gap.includes('finance department'))).toBe(true)
    expect(option(result, 'amif').gaps.some((gap) => gap.includes('finance department'))).toBe(true)
    // "No" still blocks.
    expect(option(matchProfile(profileOf('city', { borrowing_room: 'none' }), catalogue), 'loan').fit).toBe(
      'not_suitable',
    )
  })

  it('a Member State and an intermediary that are not sure get unknown, not none', () => {
    expect(profileOf('member_state', { repayment_source: 'not_sure' }).revenueModel).toBe('unknown')
    expect(profileOf('financial_intermediary', { capital_available: 'not_sure' }).borrowingCapacity).toBe('unknown')
  })

  it('old profiles (co-financing true/false) stay valid, and "unknown" is accepted by the API contract', () => {
    expect(NeedsProfile.safeParse(EXAMPLE_NEEDS_PROFILE).success).toBe(true)
    expect(
      NeedsProfile.safeParse({
        ...EXAMPLE_NEEDS_PROFILE,
        cofinancingAvailable: 'unknown',
        borrowingCapacity: 'unknown',
        revenueModel: 'unknown',
      }).success,
    ).toBe(true)
    expect(NeedsProfile.safeParse({ ...EXAMPLE_NEEDS_PROFILE, cofinancingAvailable: 'maybe' }).success).toBe(false)
  })
})

describe('issue #18 defect 2: each respondent type has its own profile semantics', () => {
  it('a promotional bank unsure of (or without) its capital is not told it cannot borrow; a credit line is its remedy', () => {
    for (const capital of ['not_sure', 'none']) {
      const result = matchProfile(
        profileOf('financial_intermediary', { institution_kind: 'promotional_bank', capital_available: capital }),
        catalogue,
      )
      expect(option(result, 'loan').fit, capital).not.toBe('not_suitable')
      expect(
        texts(result, 'loan').some((text) => text.includes('credit line')),
        capital,
      ).toBe(true)
      expect(
        texts(result, 'ceb').some((text) => text.includes('credit line')),
        capital,
      ).toBe(true)
    }
  })

  it("a ministry's answer on lending to cities is not its own borrowing room", () => {
    expect(profileOf('member_state', { lending_capacity: 'none' }).borrowingCapacity).toBe('unknown')
    expect(
      option(matchProfile(profileOf('member_state', { lending_capacity: 'none' }), catalogue), 'loan').fit,
    ).not.toBe('not_suitable')
  })

  it('a programme budget and a portfolio are not "your project": no project size, no size verdict', () => {
    const ministry = profileOf('member_state', { integration_budget: 300_000_000 })
    const bank = profileOf('financial_intermediary', { portfolio_available: 200_000_000 })
    expect(ministry.investmentSizeEur).toBeNull()
    expect(bank.investmentSizeEur).toBeNull()
    for (const profile of [ministry, bank]) {
      const all = matchProfile(profile, catalogue)
      const sizeTexts = [...all.instruments, ...all.funds].flatMap((item) =>
        item.reasons.filter((reason) => reason.criterion === 'size').map((reason) => reason.text),
      )
      expect(sizeTexts.filter((text) => text.includes('EUR 5 million'))).toEqual([])
    }
  })

  it('an intermediary\'s "It varies" is its own value and scores like income, not lower', () => {
    const varies = profileOf('financial_intermediary', { repayment_sources_accepted: 'not_sure' })
    const market = profileOf('financial_intermediary', { repayment_sources_accepted: 'market' })
    expect(varies.revenueModel).toBe('varies')
    expect(option(matchProfile(varies, catalogue), 'loan').score).toBe(
      option(matchProfile(market, catalogue), 'loan').score,
    )
  })
})
