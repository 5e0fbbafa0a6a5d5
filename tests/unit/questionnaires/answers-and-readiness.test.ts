import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  answerFromForm,
  completeness,
  parseAnswersPatch,
  parseNumberText,
  visibleAnswers,
  visibleQuestionIds,
} from '../../../src/questionnaires/answers.js'
import { allQuestions } from '../../../src/questionnaires/definition.js'
import { readQuestionnaireFiles } from '../../../src/questionnaires/questionnaire-files.js'
import { readinessProfile } from '../../../src/questionnaires/readiness.js'
import { appendHistory, changesSince, reconcile } from '../../../src/questionnaires/response-service.js'
import type { HistoryEntry, ResponseRecord } from '../../../src/questionnaires/response.js'
import { SEED_DIR_PATH } from '../../../src/seed/seed-dir.js'
import { CITY_ANSWERS_V1 as CITY_ANSWERS } from '../../helpers/questionnaires.js'

const city = readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires')).find((d) => d.respondentType === 'city')!
const q = (id: string) => allQuestions(city).find((question) => question.id === id)!

describe('answers', () => {
  it('API answers are checked per question type; unknown ids and wrong shapes are reported by question id', () => {
    const patch = parseAnswersPatch(city, {
      population: '250000',
      policy_fields: ['housing', 'parking'],
      has_planned_investment: 'yes',
      staff_time: 7,
      partners_present: ['none', 'ngos'],
      challenges: 'x'.repeat(2001),
      investment_total: 2.5,
      nope: 1,
      team_expertise: { $gt: '' },
      respondent_role: null,
      cofinancing: 'yes',
    })
    expect(patch.errors).toEqual({
      'answers.population': ['Enter a number using digits, for example 250000'],
      'answers.policy_fields': ['Choose options from the list'],
      'answers.has_planned_investment': ['Choose yes or no'],
      'answers.staff_time': ['Choose a number from 1 to 5'],
      'answers.partners_present': [
        '“None of these yet” cannot be combined with other options: untick one or the other',
      ],
      'answers.challenges': ['Your answer must be 2,000 characters or fewer'],
      'answers.investment_total': ['Enter the amount in whole euros, without cents'],
      'answers.nope': ['This question is not in version 1 of the questionnaire'],
      'answers.team_expertise': ['Choose one of the options'],
    })
    expect([...patch.set]).toEqual([
      ['respondent_role', null],
      ['cofinancing', 'yes'],
    ])
    expect(parseAnswersPatch(city, ['population']).errors).toEqual({
      answers: ['Send the answers as an object: question id → answer'],
    })
    expect(parseAnswersPatch(city, { __proto__: 1, constructor: 2 }).errors).toHaveProperty(['answers.constructor'])
  })

  it('form values are read the way people type them', () => {
    expect(parseNumberText('2 500 000')).toBe(2500000)
    expect(parseNumberText('2.500.000')).toBe(2500000)
    expect(parseNumberText('EUR 2,500,000')).toBe(2500000)
    expect(parseNumberText('12,5 %')).toBe(12.5)
    expect(answerFromForm(q('investment_total'), '40 000 000')).toEqual({ value: 40000000, raw: ['40 000 000'] })
    expect(answerFromForm(q('investment_total'), 'forty million')).toMatchObject({
      error: 'Enter the amount in euros using digits, for example 2500000',
    })
    expect(answerFromForm(q('has_planned_investment'), 'no')).toEqual({ value: false, raw: ['no'] })
    expect(answerFromForm(q('staff_time'), '4')).toEqual({ value: 4, raw: ['4'] })
    expect(answerFromForm(q('policy_fields'), ['housing', 'education'])).toEqual({
      value: ['housing', 'education'],
      raw: ['housing', 'education'],
    })
    expect(answerFromForm(q('policy_fields'), undefined)).toEqual({ value: [], raw: [] })
    expect(answerFromForm(q('challenges'), '   ')).toEqual({ value: null, raw: ['   '] })
    expect(answerFromForm(q('team_expertise'), ['basic', 'none'])).toMatchObject({ error: 'Give one answer only' })
  })

  it('follow-up questions show only when an earlier answer makes them relevant, and chains follow', () => {
    const none = visibleQuestionIds(city, {})
    expect(none.has('investment_total')).toBe(false)
    expect(none.has('microloans_ticket')).toBe(false)
    expect(none.has('partner_agreements')).toBe(false)
    const some = visibleQuestionIds(city, {
      has_planned_investment: true,
      policy_fields: ['entrepreneurship'],
      partners_present: ['none'],
    })
    expect(some.has('investment_total')).toBe(true)
    expect(some.has('microloans_ticket')).toBe(true)
    expect(some.has('partner_agreements')).toBe(false)
  })

  it('completeness lists missing required answers of shown questions only; hidden answers are dropped on submit', () => {
    const answers = { ...CITY_ANSWERS, has_planned_investment: false }
    expect([...completeness(city, answers).problems]).toEqual([])
    const kept = visibleAnswers(city, answers)
    expect(kept).not.toHaveProperty('investment_total')
    expect(kept).not.toHaveProperty('repayment_source')
    const missing = completeness(city, { has_planned_investment: true })
    expect(missing.problems.get('investment_description')).toBe('Enter your answer')
    expect(missing.problems.has('investment_total')).toBe(false) // optional
    expect(missing.problems.get('team_expertise')).toBe('Choose an answer')
  })
})

describe('readiness profile', () => {
  it('scores each dimension from the rules, with what would raise it', () => {
    const readiness = readinessProfile(city, CITY_ANSWERS)
    expect(readiness.overall).toBe(75)
    expect(Object.fromEntries(Object.entries(readiness.dimensions).map(([k, v]) => [k, v.score]))).toEqual({
      knowledge: 60,
      capacity: 57,
      partnerships: 77,
      pipeline: 95,
      data: 86,
    })
    // CITY_ANSWERS names a national promotional bank as a partner: the advice builds on it (issue 12).
    expect(readiness.dimensions.partnerships.raise).toEqual([
      'Beside your promotional bank, talk to other partners who lend or invest, such as a microfinance institution or impact investors, and to those who deliver services.',
    ])
    expect(readiness.dimensions.knowledge.raise).toHaveLength(3)
  })

  it('never tells a city that named a promotional bank as a partner to find one', () => {
    const withBank = readinessProfile(city, {
      ...CITY_ANSWERS,
      partners_present: ['national_promotional_bank'],
      bank_contact: false,
    })
    const advice = withBank.dimensions.partnerships.raise.join(' ')
    expect(advice).not.toMatch(/such as a national promotional bank|your national promotional bank about/)
    expect(advice).toContain('the promotional bank you already work with')
    const without = readinessProfile(city, { ...CITY_ANSWERS, partners_present: ['ngos'], bank_contact: false })
    expect(without.dimensions.partnerships.raise.join(' ')).toContain('such as a national promotional bank')
  })

  it('an empty response scores 0 everywhere and lists the steps; a top score lists none', () => {
    const empty = readinessProfile(city, {})
    expect(empty.overall).toBe(0)
    for (const dimension of Object.values(empty.dimensions)) expect(dimension.raise.length).toBeGreaterThan(0)
    const best = readinessProfile(city, {
      ...CITY_ANSWERS,
      partners_present: [
        'national_promotional_bank',
        'commercial_bank',
        'microfinance_institution',
        'ngos',
        'foundations',
      ],
    })
    expect(best.dimensions.partnerships).toMatchObject({ score: 100, raise: [] })
  })
})

describe('co-authoring history', () => {
  const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
    action: 'saved',
    fromVersion: 1,
    toVersion: 2,
    firstAt: '2026-01-01T10:00:00.000Z',
    at: '2026-01-01T10:00:00.000Z',
    userId: 'ana',
    userName: 'Ana',
    changes: [],
    ...over,
  })

  it('folds consecutive saves by one person, but never across someone else’s write', () => {
    const one = appendHistory([], entry({ changes: [{ questionId: 'population', from: null, to: 1 }] }))
    const two = appendHistory(
      one,
      entry({
        fromVersion: 2,
        toVersion: 3,
        at: '2026-01-01T10:05:00.000Z',
        changes: [{ questionId: 'population', from: 1, to: 2 }],
      }),
    )
    expect(two).toHaveLength(1)
    expect(two[0]).toMatchObject({
      fromVersion: 1,
      toVersion: 3,
      changes: [{ questionId: 'population', from: null, to: 2 }],
    })
    const other = appendHistory(two, entry({ fromVersion: 3, toVersion: 4, userId: 'bo', userName: 'Bo' }))
    expect(other).toHaveLength(2)
    const late = appendHistory(two, entry({ fromVersion: 3, toVersion: 4, at: '2026-01-01T11:00:00.000Z' }))
    expect(late).toHaveLength(2)
  })

  it('tells what others changed since a version, and merges three ways', () => {
    const record = {
      version: 4,
      answers: { population: 300000, cofinancing: 'no' },
      history: [
        entry({ action: 'created', fromVersion: 0, toVersion: 1 }),
        entry({
          fromVersion: 1,
          toVersion: 2,
          changes: [
            { questionId: 'population', from: null, to: 250000 },
            { questionId: 'cofinancing', from: null, to: 'yes' },
          ],
        }),
        entry({
          fromVersion: 2,
          toVersion: 4,
          userId: 'bo',
          userName: 'Bo',
          at: '2026-01-01T10:09:00.000Z',
          changes: [
            { questionId: 'population', from: 250000, to: 300000 },
            { questionId: 'cofinancing', from: 'yes', to: 'no' },
          ],
        }),
      ],
    } as unknown as ResponseRecord
    const changes = changesSince(record, 2, new Map())
    expect(changes).toEqual([
      { questionId: 'population', base: 250000, theirs: 300000, by: 'Bo', byId: 'bo', at: '2026-01-01T10:09:00.000Z' },
      { questionId: 'cofinancing', base: 'yes', theirs: 'no', by: 'Bo', byId: 'bo', at: '2026-01-01T10:09:00.000Z' },
    ])
    expect(reconcile(changes[0]!, 260000)).toBe('conflict')
    expect(reconcile(changes[0]!, 250000)).toBe('theirs')
    expect(reconcile(changes[0]!, 300000)).toBe('agree')
    expect(reconcile(changes[0]!, undefined)).toBe('theirs')
    // History trimmed past the version read: every differing answer sent counts as a conflict.
    const unknown = changesSince({ ...record, history: record.history.slice(2) }, 1, new Map([['population', 260000]]))
    expect(unknown.find((c) => c.questionId === 'population')).toMatchObject({ base: undefined, theirs: 300000 })
    expect(
      reconcile(
        unknown.find((c) => c.questionId === 'population')!,
        250000,
      ),
    ).toBe('conflict')
  })
})
