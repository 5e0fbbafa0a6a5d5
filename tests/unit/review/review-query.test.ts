import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allQuestions } from '../../../src/questionnaires/definition.js'
import { readQuestionnaireFiles } from '../../../src/questionnaires/questionnaire-files.js'
import { filterQueryString, ReviewFilters, THEME_QUESTIONS } from '../../../src/review/review-query.js'
import { matchesFilters, type ResponseView } from '../../../src/review/response-views.js'
import { numberStats } from '../../../src/review/review-service.js'
import { barChart } from '../../../src/review/review-presenters.js'
import { SEED_DIR_PATH } from '../../../src/seed/seed-dir.js'

const definitions = readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires'))

describe('the demand/supply themes', () => {
  // Changed (issue #18): each theme lists the ids of every version; each version has one of them.
  it('name a question of the right kind in every questionnaire version', () => {
    const expected = { policyField: 'policyField', targetGroup: 'targetGroup', instrument: 'instrument' } as const
    const first = (ids: readonly string[], questions: Map<string, unknown>) =>
      ids.find((id) => questions.has(id)) ?? ids[0]!
    for (const definition of definitions) {
      const questions = new Map(allQuestions(definition).map((q) => [q.id, q]))
      for (const [theme, codelist] of Object.entries(expected)) {
        const question = questions.get(
          first(THEME_QUESTIONS[theme as keyof typeof expected][definition.respondentType], questions),
        )
        expect(question, `${definition.respondentType} ${theme}`).toBeDefined()
        expect(question!.type).toBe('multiple_choice')
        expect('codelist' in question! ? question.codelist : undefined).toBe(codelist)
      }
      expect(
        questions.get(first(THEME_QUESTIONS.size[definition.respondentType], questions))?.type,
        `${definition.respondentType} size`,
      ).toBe('amount')
    }
  })
})

describe('review filters', () => {
  it('take repeated and comma-separated values, and any number of answer filters', () => {
    const filters = ReviewFilters.parse({
      country: ['IT', 'FR,DE'],
      answer: ['pilot_interest:yes', 'policy_fields:housing', 'policy_fields:education'],
      includeDemo: 'true',
    })
    expect(filters.country).toEqual(['IT', 'FR', 'DE'])
    expect(filters.includeDemo).toBe(true)
    const city = view({ country: 'FR', a: { pilot_interest: true, policy_fields: ['education', 'jobs'] } })
    expect(matchesFilters(city, filters)).toBe(true)
    expect(matchesFilters({ ...city, demo: true }, filters)).toBe(true)
    expect(matchesFilters({ ...city, country: 'ES' }, filters)).toBe(false)
    expect(matchesFilters({ ...city, a: { ...city.a, pilot_interest: false } }, filters)).toBe(false)
    expect(matchesFilters({ ...city, a: { pilot_interest: 'yes', policy_fields: 'housing' } }, filters)).toBe(true)
    expect(matchesFilters({ ...city, a: { pilot_interest: true } }, filters)).toBe(false)
    expect(filterQueryString(filters)).toBe(
      'country=IT&country=FR&country=DE&answer=pilot_interest%3Ayes&answer=policy_fields%3Ahousing&answer=policy_fields%3Aeducation&includeDemo=true',
    )
  })

  it('leave out demo and synthetic data and unshared drafts by default', () => {
    const none = ReviewFilters.parse({})
    expect(matchesFilters(view({}), none)).toBe(true)
    expect(matchesFilters(view({ demo: true }), none)).toBe(false)
    expect(matchesFilters(view({ synthetic: true }), none)).toBe(false)
    expect(matchesFilters(view({ status: 'draft', visible: false }), none)).toBe(false)
    expect(matchesFilters(view({ demo: true, synthetic: true }), ReviewFilters.parse({ includeDemo: 'true' }))).toBe(
      true,
    )
    expect(matchesFilters(view({ status: 'in_review' }), ReviewFilters.parse({ status: 'new' }))).toBe(false)
    expect(matchesFilters(view({ status: 'submitted' }), ReviewFilters.parse({ status: 'new' }))).toBe(true)
  })

  it('reject operators, unknown statuses and malformed answer filters', () => {
    expect(ReviewFilters.safeParse({ status: 'submitted' }).success).toBe(false)
    expect(ReviewFilters.safeParse({ answer: 'a.b:$gt' }).success).toBe(false)
    expect(ReviewFilters.safeParse({ country: 'it' }).success).toBe(false)
  })
})

describe('number statistics', () => {
  it('count, min, median, mean and max from value counts', () => {
    expect(
      numberStats([
        { x: 10, n: 1 },
        { x: 2, n: 2 },
        { x: 7, n: 1 },
      ]),
    ).toEqual({ n: 4, min: 2, max: 10, mean: 21 / 4, median: 4.5, sum: 21 })
    expect(numberStats([])).toBeUndefined()
  })
})

describe('bar charts', () => {
  it('carry every value in words and a table, not only in bar lengths', () => {
    const chart = barChart(
      'c',
      'Responses by type',
      [
        { value: 'city', label: 'City', count: 3 },
        { value: 'fi', label: 'Intermediary', count: 1 },
      ],
      4,
      'Based on all 4 responses.',
    )
    expect(chart.desc).toBe('Horizontal bar chart: City 3; Intermediary 1.')
    expect(chart.summary).toBe('City leads with 3 of 4 (75%).')
    expect(chart.rows).toEqual([
      { label: 'City', count: 3, share: '75%' },
      { label: 'Intermediary', count: 1, share: '25%' },
    ])
    expect(chart.bars[0]!.width).toBeGreaterThan(chart.bars[1]!.width)
  })
})

function view(fields: Partial<ResponseView>): ResponseView {
  return {
    id: 'r1',
    version: 1,
    respondentType: 'city',
    definitionVersion: 1,
    status: 'submitted',
    statusChangedAt: '2026-01-01T00:00:00.000Z',
    submittedAt: '2026-01-01T00:00:00.000Z',
    visible: true,
    demo: false,
    synthetic: false,
    organisationId: 'o1',
    country: 'IT',
    organisation: 'Comune',
    a: {},
    valuesShown: 'submitted',
    draftChanged: [],
    submitted: undefined,
    ...fields,
  }
}
