import { brusselsIso, exportTimeZones } from '../i18n/format.js'
import { csvDocument, type CsvValue } from '../shared/csv.js'
import { answerOf, answerText, visibleQuestionIds, type Answers } from './answers.js'
import type { ResponseContext } from './response-service.js'

/** A response's own answers as CSV or JSON (downloads for its authors, and for DG HOME where it may see them). */

export function downloadName(context: ResponseContext, format: 'csv' | 'json'): string {
  const slug = context.organisation.name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 60)
  return `answers-${slug || 'organisation'}-${context.record.respondentType}-v${context.record.definitionVersion}.${format}`
}

/** One row per question shown, in questionnaire order: section, question id and text, answer in words, raw value. */
export function responseCsv(context: ResponseContext, answers: Answers): string {
  const { definition } = context
  const visible = visibleQuestionIds(definition, answers)
  const rows: CsvValue[][] = []
  for (const section of definition.sections) {
    for (const question of section.questions) {
      if (!visible.has(question.id)) continue
      const value = answerOf(answers, question.id)
      const raw = value === undefined ? '' : Array.isArray(value) ? value.join(';') : String(value)
      rows.push([section.title, question.id, question.label, answerText(question, value), raw])
    }
  }
  return csvDocument(['section', 'question_id', 'question', 'answer', 'value'], rows)
}

export function responseDownloadJson(context: ResponseContext, answers: Answers) {
  const { record, definition, organisation } = context
  const visible = visibleQuestionIds(definition, answers)
  return {
    response: {
      id: record.id,
      organisation: organisation.name,
      country: organisation.country,
      respondentType: record.respondentType,
      questionnaire: definition.title,
      questionnaireVersion: definition.version,
      status: record.status,
      version: record.version,
      updatedAt: record.updatedAt,
      submittedAt: record.submission?.at ?? null,
      timeZones: exportTimeZones(['updatedAt', 'submittedAt'], ['updatedAtBrussels', 'submittedAtBrussels']),
      updatedAtBrussels: brusselsIso(record.updatedAt),
      submittedAtBrussels: record.submission ? brusselsIso(record.submission.at) : null,
    },
    sections: definition.sections.map((section) => ({
      id: section.id,
      title: section.title,
      questions: section.questions
        .filter((q) => visible.has(q.id))
        .map((question) => {
          const value = answerOf(answers, question.id)
          return {
            id: question.id,
            question: question.label,
            value: value ?? null,
            answer: answerText(question, value),
          }
        }),
    })),
  }
}
