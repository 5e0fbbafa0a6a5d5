import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { describe, expect, it } from 'vitest'
import { brusselsIso, formatDateTime } from '../../../src/i18n/format.js'
import { sourceMessages, translate } from '../../../src/i18n/i18n.js'

/** Arguments a message prints as a plain number beside a noun: those must go through a plural (issue 12). */
const COUNTS = /^(count|total|of|cells|countries)$/
/** Counts printed without a noun that changes with them ("Step 2 of 5", "Show all 12", "(7)"). */
const NO_NOUN = new Set([
  'investments.showingRange',
  'investments.moreOptions',
  'match.progress',
  'match.stepTitle',
  'match.rulesPage.countries',
  'questionnaire.progress',
  'questionnaire.sectionCounts',
  'review.charts.item',
  'review.charts.summaryTop',
  'review.charts.more',
  'review.demandSupply.gaps',
  'review.questions.texts',
  'languages.coverage',
  // A filter option and its count in brackets, as facet lists show them: no noun to agree with.
  'review.filters.option',
])

function plainArguments(elements: MessageFormatElement[], into: string[] = []): string[] {
  for (const element of elements) {
    if (element.type === TYPE.argument || element.type === TYPE.number) into.push(element.value)
    if (element.type === TYPE.plural || element.type === TYPE.select)
      for (const option of Object.values(element.options)) plainArguments(option.value, into)
  }
  return into
}

describe('plurals through the message catalogue', () => {
  it('every English message that counts something uses an ICU plural', () => {
    const bare = [...sourceMessages()]
      .filter(([key]) => !NO_NOUN.has(key) && !key.startsWith('content.'))
      .filter(([, message]) => plainArguments(parse(message, { ignoreTag: true })).some((name) => COUNTS.test(name)))
      .map(([key, message]) => `${key}: ${message}`)
    expect(bare).toEqual([])
  })

  it('says "1 response", "1 city" and "See the case" for one, and the plural for others', () => {
    expect(translate('en', 'review.totalLine', { total: 1 })).toBe('1 response matches the filters.')
    expect(translate('en', 'review.totalLine', { total: 12 })).toBe('12 responses match the filters.')
    expect(translate('en', 'review.demandSupply.cities', { count: 1 })).toBe('1 city')
    expect(translate('en', 'review.demandSupply.cities', { count: 3 })).toBe('3 cities')
    expect(translate('en', 'catalogue.casesAll', { count: 1 })).toBe('See the case')
    expect(translate('en', 'home.statsInvestments', { count: 1, countries: 1 })).toBe(
      '1 real investment from 1 country',
    )
    expect(translate('en', 'questionnaire.autosave.invalid', { count: 1 })).toMatch(
      /^1 answer on this page needs correcting/,
    )
  })
})

describe('one time convention', () => {
  it('pages show Brussels time, labelled, in summer and in winter', () => {
    expect(formatDateTime('2026-05-03T12:05:00Z')).toBe('3 May 2026 at 14:05 Brussels time')
    expect(formatDateTime('2026-12-01T23:30:00Z')).toBe('2 December 2026 at 00:30 Brussels time')
  })

  it('exports give Brussels time with its offset, the same instant as the UTC stamp', () => {
    expect(brusselsIso('2026-05-03T12:05:00.000Z')).toBe('2026-05-03T14:05:00+02:00')
    expect(brusselsIso('2026-01-03T23:30:00.000Z')).toBe('2026-01-04T00:30:00+01:00')
    for (const stamp of [
      '2026-03-29T00:59:59.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-10-25T00:59:59.000Z',
      '2026-10-25T01:00:00.000Z',
    ]) {
      expect(Date.parse(brusselsIso(stamp))).toBe(Date.parse(stamp))
    }
  })
})
