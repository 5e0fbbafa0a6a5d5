import { formatDate, formatDateTime } from '../i18n/format.js'
import { displayName, REGISTRATION_COUNTRIES } from '../accounts/account.js'
import { label, t } from '../i18n/i18n.js'
import { countryName, formatNumber } from '../http/view-helpers.js'
import { EU_MEMBER_STATES } from '../matching/rules/eu-member-states.js'
import {
  answerOf,
  answerText,
  answerToRaw,
  completeness,
  isAnswered,
  visibleQuestionIds,
  type Answers,
} from './answers.js'
import { allQuestions, DIMENSIONS, optionsOf, type Question, type QuestionnaireDefinition } from './definition.js'
import type { ReadinessProfile } from './readiness.js'
import type { ReadinessBands } from './definition.js'
import type { HistoryEntry, ResponseRecord } from './response.js'

/** View models for the questionnaire pages (views/pages/questionnaires, partials/questionnaire-*). */

export type TermLink = (slug: string) => { url: string; term: string } | null

/** "3 December 2026, 10:42 Brussels time", in the page's language. */
export function whenText(iso: string): string {
  return formatDateTime(iso)
}
export function dateText(iso: string): string {
  return formatDate(iso)
}

export const fieldId = (question: Question) => `q-${question.id}`

/** Where a link to the question lands: the input, or the first option of a group. */
export function anchorOf(question: Question): string {
  const first = optionsOf(question)[0]
  if (question.type === 'yes_no') return `${fieldId(question)}-yes`
  return first ? `${fieldId(question)}-${first.value}` : fieldId(question)
}

export function sectionOf(definition: QuestionnaireDefinition, questionId: string): number {
  return definition.sections.findIndex((s) => s.questions.some((q) => q.id === questionId)) + 1
}

export const sectionUrl = (responseId: string, n: number) => `/responses/${responseId}/sections/${n}`
export const questionUrl = (responseId: string, definition: QuestionnaireDefinition, question: Question) =>
  `${sectionUrl(responseId, sectionOf(definition, question.id))}#${anchorOf(question)}`

function countryGroups(chosen: string) {
  const byName = (codes: readonly string[]) =>
    codes
      .map((code) => ({ value: code, label: countryName(code), selected: code === chosen }))
      .sort((a, b) => a.label.localeCompare(b.label, 'en'))
  const eu: readonly string[] = EU_MEMBER_STATES
  const others = REGISTRATION_COUNTRIES.filter((code) => !eu.includes(code)) as string[]
  if (chosen && !eu.includes(chosen) && !others.includes(chosen)) others.push(chosen)
  return [
    { label: t('questionnaire.countryGroupEu'), options: byName(EU_MEMBER_STATES) },
    { label: t('questionnaire.countryGroupOther'), options: byName(others) },
  ]
}

export interface QuestionNote {
  conflict: boolean
  text: string
  theirs: string
  /** The other writer was this user, in another tab or window. */
  self?: boolean
}

export interface QuestionState {
  /** What the form shows: raw strings (what was typed) or the stored answer. */
  raw: string[]
  error?: string | undefined
  hidden: boolean
  note?: QuestionNote | undefined
}

/** One question for partials/questionnaire-question.hbs. */
export function questionView(question: Question, state: QuestionState, termLink: TermLink) {
  const id = fieldId(question)
  const hintId = question.hint ? `${id}-hint` : undefined
  const errorId = state.error ? `${id}-error` : undefined
  const noteId = state.note ? `${id}-note` : undefined
  const describedBy = [hintId, noteId, errorId].filter(Boolean).join(' ') || undefined
  const type = question.type
  const radios = type === 'single_choice' || type === 'yes_no' || type === 'scale'
  const options =
    type === 'yes_no'
      ? [
          { value: 'yes', label: t('questionnaire.answers.yes') },
          { value: 'no', label: t('questionnaire.answers.no') },
        ]
      : optionsOf(question).map((o) => ({
          value: o.value,
          label:
            type === 'scale' && (o.value === String(question.min) || o.value === String(question.max))
              ? t('questionnaire.scalePoint', {
                  value: o.value,
                  label: o.value === String(question.min) ? question.minLabel : question.maxLabel,
                })
              : o.label,
          hint: o.hint,
          exclusive: o.exclusive,
        }))
  const maxLength =
    type === 'short_text'
      ? (question.maxLength ?? 200)
      : type === 'long_text'
        ? (question.maxLength ?? 2000)
        : undefined
  return {
    id,
    name: question.id,
    type,
    label: question.label,
    hint: question.hint,
    hintId,
    errorId,
    noteId,
    describedBy,
    error: state.error,
    note: state.note,
    hidden: state.hidden,
    showIf: question.showIf ? JSON.stringify(question.showIf) : undefined,
    isRadios: radios,
    isScale: type === 'scale',
    isCheckboxes: type === 'multiple_choice',
    isChoice: radios || type === 'multiple_choice',
    isSelect: type === 'country',
    isNumber: type === 'number' || type === 'amount',
    isAmount: type === 'amount',
    isShortText: type === 'short_text',
    isLongText: type === 'long_text',
    inputType: radios ? 'radio' : 'checkbox',
    inputMode: type === 'number' && question.integer === false ? 'decimal' : 'numeric',
    unit: type === 'number' ? question.unit : type === 'amount' ? t('questionnaire.amountUnit') : undefined,
    maxLengthText: maxLength ? t('questionnaire.maxLength', { max: formatNumber(maxLength) }) : undefined,
    glossary: (question.glossary ?? []).map(termLink).filter((link) => link !== null),
    options: options.map((o) => ({
      ...o,
      id: `${id}-${o.value}`,
      hintId: 'hint' in o && o.hint ? `${id}-${o.value}-hint` : undefined,
      checked: state.raw.includes(o.value),
    })),
    hasOptionDivider: options.some((o) => 'exclusive' in o && o.exclusive),
    groups: type === 'country' ? countryGroups((state.raw[0] ?? '').trim().toUpperCase()) : [],
    value: state.raw[0] ?? '',
    anchor: anchorOf(question),
  }
}

export interface SectionProgress {
  number: number
  title: string
  total: number
  answered: number
  missing: number
  status: 'complete' | 'inProgress' | 'notStarted'
}

export function sectionsProgress(definition: QuestionnaireDefinition, answers: Answers): SectionProgress[] {
  const check = completeness(definition, answers)
  return definition.sections.map((section, index) => {
    const visible = section.questions.filter((q) => check.visible.has(q.id))
    const answered = visible.filter((q) => isAnswered(answerOf(answers, q.id))).length
    const missing = visible.filter((q) => check.problems.has(q.id)).length
    const status = missing === 0 && answered > 0 ? 'complete' : answered > 0 ? 'inProgress' : 'notStarted'
    return { number: index + 1, title: section.title, total: visible.length, answered, missing, status }
  })
}

/** The first section with a missing answer, else the first not started, else null (all done). */
export function resumeSection(definition: QuestionnaireDefinition, answers: Answers): number | null {
  const sections = sectionsProgress(definition, answers)
  return (
    sections.find((s) => s.status !== 'complete' && s.missing > 0)?.number ??
    sections.find((s) => s.status === 'notStarted')?.number ??
    null
  )
}

/** The progress line: the questions shown for these answers (a follow-up counts once it is shown), with a template the page script fills in as questions appear. */
export function progressText(definition: QuestionnaireDefinition, answers: Answers, section: number) {
  const check = completeness(definition, answers)
  return {
    text: t('questionnaire.progress', {
      section,
      sections: definition.sections.length,
      answered: check.answered,
      total: check.total,
    }),
    template: t('questionnaire.progress', {
      section,
      sections: definition.sections.length,
      answered: '{answered}',
      total: '{total}',
    }),
    answered: check.answered,
    total: check.total,
  }
}

/** Sections with their visible questions and answers, for the check page and the print view. */
export function answersSummary(
  definition: QuestionnaireDefinition,
  answers: Answers,
  responseId: string,
  problems: Map<string, string>,
  editable: boolean,
) {
  const visible = visibleQuestionIds(definition, answers)
  return definition.sections.map((section, index) => ({
    /** Not `number`: that name is a view helper. */
    position: index + 1,
    title: section.title,
    id: `section-${section.id}`,
    changeUrl: sectionUrl(responseId, index + 1),
    rows: section.questions
      .filter((q) => visible.has(q.id))
      .map((question) => {
        const value = answerOf(answers, question.id)
        const text = answerText(question, value)
        const problem = problems.get(question.id)
        return {
          id: `answer-${question.id}`,
          label: question.label,
          lines:
            question.type === 'multiple_choice' && Array.isArray(value)
              ? text.split('; ')
              : question.type === 'long_text'
                ? text.split(/\n+/)
                : [text],
          answered: text !== '',
          problem,
          notAnswered: problem
            ? t('questionnaire.answers.notAnsweredRequired')
            : t('questionnaire.answers.notAnswered'),
          changeUrl: editable ? questionUrl(responseId, definition, question) : undefined,
          changeText: text === '' ? t('questionnaire.answers.answer') : t('questionnaire.answers.change'),
        }
      }),
  }))
}

export function statusText(record: ResponseRecord): string {
  return t(`response.status.${record.status}`)
}

export function historyView(history: HistoryEntry[], limit = 6) {
  return history
    .slice(-limit)
    .reverse()
    .map((entry) => ({
      when: whenText(entry.at),
      datetime: entry.at,
      text:
        entry.action === 'saved'
          ? t('response.history.saved', { name: displayName(entry.userName), count: entry.changes.length })
          : t(`response.history.${entry.action}`, { name: displayName(entry.userName) }),
    }))
}

/** Last write: who and when (from the history). */
export function lastSaved(record: ResponseRecord) {
  const entry = record.history.at(-1)
  return entry ? { when: whenText(entry.at), datetime: entry.at, name: displayName(entry.userName) } : null
}

/** The readiness profile in words; the verdict from the definition's bands (readinessBands). */
export function readinessView(readiness: ReadinessProfile, bands: ReadinessBands) {
  const overall = readiness.overall
  const verdict = overall >= bands.high ? 'high' : overall >= bands.medium ? 'medium' : 'low'
  return {
    overall,
    overallText: t('response.readiness.overall', { score: overall }),
    verdict: t(`response.readiness.verdict.${verdict}`),
    capText: readiness.cap
      ? t('response.readiness.capped', { max: readiness.cap.maxOverall, reason: readiness.cap.reason })
      : null,
    dimensions: DIMENSIONS.map((dimension) => {
      const score = readiness.dimensions[dimension]
      return {
        key: dimension,
        name: t(`response.readiness.dimensions.${dimension}.name`),
        text: t(`response.readiness.dimensions.${dimension}.text`),
        score: score.score,
        scoreText: t('response.readiness.outOf100', { score: score.score }),
        raise: score.raise,
        top: score.raise.length === 0,
      }
    }),
  }
}

/** Text of one question's answer for the 409 explanation ("not answered" when empty). */
export function answerOrNone(question: Question, value: Parameters<typeof answerText>[1]): string {
  const text = answerText(question, value)
  return text === '' ? t('questionnaire.answers.notAnswered') : text
}

export function questionnaireTitle(definition: QuestionnaireDefinition): string {
  return definition.title
}

export function typeLabel(type: string): string {
  return label('respondentType', type)
}

export function questionsById(definition: QuestionnaireDefinition): Map<string, Question> {
  return new Map(allQuestions(definition).map((q) => [q.id, q]))
}

export { answerToRaw }
