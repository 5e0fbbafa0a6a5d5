import { csvDocument, type CsvValue } from '../shared/csv.js'
import { answerText, type AnswerValue } from '../questionnaires/answers.js'
import { allQuestions, DIMENSIONS, type Question, type QuestionnaireDefinition } from '../questionnaires/definition.js'
import type { ReviewService } from './review-service.js'

type Rows = Awaited<ReturnType<ReviewService['exportRows']>>

const FIXED = ['id', 'organisation', 'respondent_type', 'country', 'status', 'questionnaire_version', 'submitted_at'] as const
const READINESS = ['readiness_overall', ...DIMENSIONS.map((d) => `readiness_${d}`)] as const

/** The questions of every definition in the rows, in questionnaire order, each id once. */
function questionColumns(rows: Rows): Question[] {
  const seen = new Map<string, Question>()
  const definitions = new Map<string, QuestionnaireDefinition>()
  for (const row of rows) definitions.set(`${row.definition.respondentType}@${row.definition.version}`, row.definition)
  for (const definition of definitions.values()) for (const q of allQuestions(definition)) if (!seen.has(q.id)) seen.set(q.id, q)
  return [...seen.values()]
}

const code = (value: unknown): string => (value === undefined || value === null ? '' : Array.isArray(value) ? value.join(';') : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value))

/** One row per response, one column per question with its codes and one with its labels. */
export function reviewCsv(rows: Rows): string {
  const questions = questionColumns(rows)
  const header = [...FIXED, ...READINESS, ...questions.flatMap((q) => [q.id, `${q.id}_label`])]
  const lines = rows.map(({ item, definition, answers }) => {
    const own = new Map(allQuestions(definition).map((q) => [q.id, q]))
    const cells: CsvValue[] = [item.id, item.organisation, item.respondentType, item.country, item.status, item.definitionVersion, item.submittedAt]
    cells.push(item.readiness?.overall ?? null, ...DIMENSIONS.map((d) => item.readiness?.dimensions[d] ?? null))
    for (const q of questions) {
      const value = answers[q.id] as AnswerValue | undefined
      const question = own.get(q.id)
      cells.push(code(value), question && value !== undefined ? answerText(question, value) : '')
    }
    return cells
  })
  return csvDocument(header, lines)
}

export function reviewJson(rows: Rows) {
  return {
    total: rows.length,
    items: rows.map(({ item, definition, answers }) => ({
      ...item,
      answers: Object.fromEntries(
        allQuestions(definition)
          .filter((q) => answers[q.id] !== undefined)
          .map((q) => [q.id, { value: answers[q.id] as AnswerValue, label: answerText(q, answers[q.id] as AnswerValue) }]),
      ),
    })),
  }
}
