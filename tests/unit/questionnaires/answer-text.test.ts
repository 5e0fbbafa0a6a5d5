import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { answerText } from '../../../src/questionnaires/answers.js'
import { allQuestions } from '../../../src/questionnaires/definition.js'
import { readQuestionnaireFiles } from '../../../src/questionnaires/questionnaire-files.js'
import { SEED_DIR_PATH } from '../../../src/seed/seed-dir.js'

describe('answerText', () => {
  it('shows a calendar year as the year (the review showed "2,029 year")', () => {
    const files = readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires'))
    const city = files.find((d) => d.respondentType === 'city' && d.version === 2)
    const question = allQuestions(city!).find((q) => q.id === 'financing_year')!
    expect(answerText(question, 2029)).toBe('2029')
  })
})
