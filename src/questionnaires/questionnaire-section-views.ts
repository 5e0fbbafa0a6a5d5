import type { Response } from 'express'
import { t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import {
  answerOf,
  answerToRaw,
  visibleQuestionIds,
  type AnswerValue,
  type Answers,
  type FormAnswer,
} from './answers.js'
import { allQuestions, type Question, type QuestionnaireDefinition } from './definition.js'
import {
  anchorOf,
  answerOrNone,
  lastSaved,
  progressText,
  questionUrl,
  questionView,
  sectionOf,
  sectionsProgress,
  sectionUrl,
  statusText,
  whenText,
  type QuestionNote,
  type QuestionState,
  type TermLink,
} from './questionnaire-views.js'
import { reconcile, type ResponseContext, type StaleVersionError } from './response-service.js'

export interface SectionOptions {
  posted?: Map<string, FormAnswer>
  errors?: Map<string, string>
  notes?: Map<string, QuestionNote>
  /** Answers that decide which questions show (stored ones merged with the form's). */
  answers?: Answers
  notice?: string | undefined
  conflict?: ReturnType<typeof conflictSummary>
  status?: number
}

/** One section of the questionnaire as a page (200, 400 with its errors, 409 with a conflict). */
export function renderSection(
  res: Response,
  termLink: TermLink,
  context: ResponseContext,
  n: number,
  options: SectionOptions = {},
) {
  const { record, definition } = context
  const section = definition.sections[n - 1]!
  const answers = options.answers ?? record.answers
  const visible = visibleQuestionIds(definition, answers)
  const questions = section.questions.map((question) => {
    const state: QuestionState = {
      raw: options.posted?.get(question.id)?.raw ?? answerToRaw(answerOf(answers, question.id)),
      error: options.errors?.get(question.id),
      hidden: !visible.has(question.id),
      note: options.notes?.get(question.id),
    }
    return questionView(question, state, termLink)
  })
  const errorList = sectionErrorList(section.questions, options.errors)
  const pageTitle = t('questionnaire.sectionTitle', {
    title: section.title,
    section: n,
    sections: definition.sections.length,
    questionnaire: definition.title,
  })
  sendPage(
    res,
    'pages/questionnaires/section',
    {
      title: errorList.length > 0 ? t('errors.titlePrefix', { title: pageTitle }) : pageTitle,
      heading: section.title,
      scripts: ['/assets/questionnaire.js'],
      intro: section.intro,
      questionnaireTitle: definition.title,
      progress: progressText(definition, record.answers, n),
      errorList,
      notice: options.notice,
      conflict: options.conflict,
      questions,
      ...sectionNavigation(context, n),
      autosave: autosaveTexts(section.questions.length),
    },
    options.status ?? 200,
  )
}

function sectionErrorList(questions: readonly Question[], errors: Map<string, string> | undefined) {
  return questions
    .filter((q) => errors?.has(q.id))
    .map((q) => ({
      text: t('questionnaire.errors.summaryItem', { message: errors!.get(q.id)!, label: q.label }),
      href: `#${anchorOf(q)}`,
    }))
}

/** The section page's form target, back and continue links, last saved and the list of sections. */
function sectionNavigation({ record, definition }: ResponseContext, n: number) {
  const saved = lastSaved(record)
  const isLast = n === definition.sections.length
  return {
    action: sectionUrl(record.id, n),
    responseId: record.id,
    version: record.version,
    backUrl: n > 1 ? sectionUrl(record.id, n - 1) : `/questionnaires/${record.respondentType}`,
    backText: n > 1 ? t('questionnaire.previousSection') : t('questionnaire.backToStart'),
    checkUrl: `/responses/${record.id}`,
    isLast,
    continueText: isLast ? t('questionnaire.saveAndCheck') : t('questionnaire.saveContinue'),
    lastSaved: saved ? t('questionnaire.lastSaved', { when: saved.when, name: saved.name }) : '',
    sections: sectionsProgress(definition, record.answers).map((s) => ({
      ...s,
      url: sectionUrl(record.id, s.number),
      current: s.number === n,
      statusText: t(`questionnaire.sectionStatus.${s.status}`),
      counts: t('questionnaire.sectionCounts', { answered: s.answered, total: s.total }),
    })),
  }
}

/** The texts views/assets/questionnaire.js shows while it autosaves. */
function autosaveTexts(questionCount: number) {
  return {
    saving: t('questionnaire.autosave.saving'),
    // The script fills in the Brussels clock time; the label comes from the one time convention.
    saved: t('questionnaire.autosave.saved', { time: t('format.brusselsTime', { time: '{time}' }) }),
    failed: t('questionnaire.autosave.failed'),
    // One text per possible count, so the script needs no plural rules of its own.
    invalidCounts: JSON.stringify(
      Array.from({ length: questionCount }, (_, i) => t('questionnaire.autosave.invalid', { count: i + 1 })),
    ),
    conflict: t('questionnaire.autosave.conflict'),
    merged: t('questionnaire.autosave.merged'),
    locked: t('questionnaire.autosave.locked'),
    signedOut: t('questionnaire.autosave.signedOut'),
    paused: t('questionnaire.autosave.paused'),
  }
}

/** 409 on a section: what others changed (theirs vs yours per question), with the writer's answers kept in the form. */
export function renderConflict(
  res: Response,
  termLink: TermLink,
  error: StaleVersionError,
  n: number,
  posted: Map<string, FormAnswer>,
  yours: Map<string, AnswerValue | null>,
  me: string,
) {
  const { record } = error.current
  const form = new Map(posted)
  const notes = conflictNotes(error, n, form, yours, me)
  const answers = mergeAnswers(
    record.answers,
    new Map([...form].filter(([, a]) => a.error === undefined).map(([id, a]) => [id, a.value ?? null])),
  )
  renderSection(res, termLink, error.current, n, {
    posted: form,
    notes,
    answers,
    conflict: conflictSummary(error, n, notes, me),
    status: 409,
  })
}

/** A note per question of the section another write changed; where theirs is taken, the form gets their value. */
function conflictNotes(
  error: StaleVersionError,
  n: number,
  form: Map<string, FormAnswer>,
  yours: Map<string, AnswerValue | null>,
  me: string,
): Map<string, QuestionNote> {
  const { definition } = error.current
  const inSection = new Set(definition.sections[n - 1]!.questions.map((q) => q.id))
  const byId = new Map(allQuestions(definition).map((q) => [q.id, q]))
  const notes = new Map<string, QuestionNote>()
  for (const change of error.changes) {
    const question = byId.get(change.questionId)
    if (!question || !inSection.has(change.questionId)) continue
    const kind = reconcile(change, yours.has(change.questionId) ? yours.get(change.questionId) : undefined)
    const who = {
      name: change.by ?? t('response.conflict.someone'),
      when: change.at ? whenText(change.at) : t('response.conflict.recently'),
    }
    // The other writer may be this very user, in another tab or window.
    const self = change.byId === me
    if (kind === 'theirs') {
      form.set(change.questionId, { raw: answerToRaw(change.theirs), value: change.theirs })
      notes.set(change.questionId, {
        conflict: false,
        text: self ? t('response.conflict.tookYours', who) : t('response.conflict.tookTheirs', who),
        theirs: '',
      })
    } else if (kind === 'conflict') {
      notes.set(change.questionId, {
        conflict: true,
        text: self ? t('response.conflict.changedByYou', who) : t('response.conflict.changedBy', who),
        theirs: answerOrNone(question, change.theirs),
        self,
      })
    }
  }
  return notes
}

function conflictSummary(error: StaleVersionError, n: number, notes: Map<string, QuestionNote>, me: string) {
  const { definition } = error.current
  const byId = new Map(allQuestions(definition).map((q) => [q.id, q]))
  const names = [
    ...new Set(
      error.changes
        .map((c) => (c.byId === me ? t('response.conflict.you') : c.by))
        .filter((name): name is string => name !== null),
    ),
  ]
  const onlyMe = error.changes.length > 0 && error.changes.every((c) => c.byId === me)
  const here = [...notes].filter(([, note]) => note.conflict).map(([id]) => byId.get(id)!)
  const updated = [...notes].filter(([, note]) => !note.conflict).map(([id]) => byId.get(id)!)
  return {
    title: onlyMe ? t('response.conflict.titleYou') : t('response.conflict.title'),
    lead: onlyMe
      ? t('response.conflict.leadYou')
      : t('response.conflict.lead', { names: names.length > 0 ? names.join(', ') : t('response.conflict.someone') }),
    conflicts: here.map((q) => ({ text: q.label, href: `#${anchorOf(q)}` })),
    updated: updated.map((q) => ({ text: q.label, href: `#${anchorOf(q)}` })),
    elsewhere: changedElsewhere(error, n, definition, byId),
  }
}

/** Changes in other sections, each linked to its question. */
function changedElsewhere(
  error: StaleVersionError,
  n: number,
  definition: QuestionnaireDefinition,
  byId: Map<string, Question>,
) {
  return error.changes
    .filter((c) => sectionOf(definition, c.questionId) !== n && byId.has(c.questionId))
    .map((c) => ({
      text: t('response.conflict.elsewhereItem', {
        label: byId.get(c.questionId)!.label,
        section: sectionOf(definition, c.questionId),
      }),
      url: questionUrl(error.current.record.id, definition, byId.get(c.questionId)!),
    }))
}

/** 409: the response was submitted and locked meanwhile; what the form held is shown so nothing is lost. */
export function renderLocked(res: Response, context: ResponseContext, unsaved: { label: string; raw: string }[]) {
  sendPage(
    res,
    'pages/questionnaires/locked',
    {
      title: t('response.locked.title'),
      text: t('response.locked.text', {
        when: whenText(context.record.statusChangedAt),
        status: statusText(context.record),
      }),
      unsaved,
      checkUrl: `/responses/${context.record.id}`,
    },
    409,
  )
}

export function mergeAnswers(answers: Answers, set: ReadonlyMap<string, AnswerValue | null>): Answers {
  const merged: Answers = { ...answers }
  for (const [id, value] of set) {
    if (value === null || (Array.isArray(value) && value.length === 0)) delete merged[id]
    else merged[id] = value
  }
  return merged
}
