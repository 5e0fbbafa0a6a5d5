import type { Response } from 'express'
import type { User } from '../accounts/account.js'
import { t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import type { RespondentType } from '../shared/codelists.js'
import { completeness } from './answers.js'
import type { QuestionnaireDefinition } from './definition.js'
import {
  answersSummary,
  dateText,
  historyView,
  lastSaved,
  readinessView,
  resumeSection,
  sectionUrl,
  statusText,
  whenText,
} from './questionnaire-views.js'
import { readinessBands } from './readiness.js'
import { isLocked } from './response.js'
import type { ResponseContext, ResponseService } from './response-service.js'
import { visibilityText } from './visibility.js'

export type ErrorList = { text: string; href: string }[]

/** What the start page says to this visitor: another organisation type, an open response, or Start. */
export interface IntroState {
  otherType: { text: string; url: string; link: string } | null
  response: ReturnType<typeof openResponseView> | null
  canStart: boolean
}

/** The start page of a questionnaire: what it asks, how long it takes, and how to start or continue. */
export function introView(
  definition: QuestionnaireDefinition,
  type: RespondentType,
  user: User | undefined,
  state: IntroState,
  errorList: ErrorList,
) {
  const staff = user !== undefined && user.role !== 'respondent'
  return {
    title: errorList.length > 0 ? t('errors.titlePrefix', { title: definition.title }) : definition.title,
    errorList,
    definition,
    version: t('questionnaire.version', {
      version: definition.version,
      date: dateText(`${definition.publishedAt}T12:00:00Z`),
    }),
    meta: t('questionnaire.meta', { minutes: definition.estimatedMinutes, sections: definition.sections.length }),
    readinessCaps: (definition.readinessCaps ?? []).map((cap) => cap.reason),
    readinessBands: bandsText(definition, type),
    sections: definition.sections.map((section) => ({
      title: section.title,
      count: t('questionnaire.questionCount', { count: section.questions.length }),
      questions: section.questions.map((q) => ({ label: q.label, conditional: q.showIf !== undefined })),
    })),
    anonymous: !user,
    loginUrl: `/login?returnTo=${encodeURIComponent(`/questionnaires/${type}`)}`,
    registerUrl: `/register?returnTo=${encodeURIComponent(`/questionnaires/${type}`)}`,
    staff,
    staffNote: staff ? t('questionnaire.staffNote', { role: t(`account.roles.${user.role}`) }) : undefined,
    ...state,
    startUrl: `/questionnaires/${type}/start`,
  }
}

/** What the overall score's bands mean (the definition's readinessBands), and for cities what makes one ready for a pilot. */
function bandsText(definition: QuestionnaireDefinition, type: RespondentType) {
  const { medium, high } = readinessBands(definition)
  return {
    bands: t('questionnaire.readinessRules.bands', { medium, high, mediumTop: high - 1 }),
    pilot: type === 'city' ? t('questionnaire.readinessRules.pilot', { high }) : null,
  }
}

/** The start page's summary of the organisation's open response. */
export function openResponseView(context: ResponseContext) {
  const { record, definition } = context
  const check = completeness(definition, record.answers)
  const saved = lastSaved(record)
  const resume = resumeSection(definition, record.answers)
  return {
    status: statusText(record),
    progress: t('response.check.progress', { answered: check.answered, total: check.total }),
    lastSaved: saved ? t('questionnaire.lastSaved', { when: saved.when, name: saved.name }) : '',
    continueUrl: isLocked(record) ? undefined : sectionUrl(record.id, resume ?? 1),
    checkUrl: `/responses/${record.id}`,
    confirmationUrl: record.submission ? `/responses/${record.id}/confirmation` : undefined,
  }
}

export interface CheckOptions {
  errorList?: ErrorList
  consentError?: string
  notice?: string | undefined
  warning?: string | undefined
  status?: number
}

/** The check-your-answers page: status, progress, the answers, submit and consent, history. */
export function renderCheck(
  res: Response,
  service: ResponseService,
  context: ResponseContext,
  options: CheckOptions = {},
) {
  const { record, definition, organisation, role } = context
  const author = role === 'author'
  const answers = service.answersFor(context)
  const check = completeness(definition, answers)
  const editable = author && !isLocked(record)
  const heading = record.status === 'draft' && editable ? t('response.check.title') : t('response.check.titleSubmitted')
  const errorList = options.errorList ?? []
  sendPage(
    res,
    'pages/questionnaires/check',
    {
      title: errorList.length > 0 ? t('errors.titlePrefix', { title: heading }) : heading,
      heading,
      questionnaireTitle: definition.title,
      organisation: organisation.name,
      errorList,
      notice: options.notice,
      warning: options.warning,
      ...checkStatusView(context, check),
      sections: answersSummary(definition, answers, record.id, check.problems, editable),
      ...checkActionsView(context, editable, options.consentError),
      history: author ? historyView(record.history) : [],
      resumeUrl: editable ? sectionUrl(record.id, resumeSection(definition, answers) ?? 1) : undefined,
    },
    options.status ?? 200,
  )
}

/** Where the response stands: status, progress, last saved, what is missing, who sees what. */
function checkStatusView({ record, role }: ResponseContext, check: ReturnType<typeof completeness>) {
  const author = role === 'author'
  const locked = isLocked(record)
  const saved = lastSaved(record)
  return {
    statusText: statusText(record),
    progressText: t('response.check.progress', { answered: check.answered, total: check.total }),
    lastSaved: saved ? t('questionnaire.lastSaved', { when: saved.when, name: saved.name }) : '',
    missing: check.problems.size,
    missingText:
      check.problems.size > 0
        ? t('response.check.missing', { count: check.problems.size })
        : t('response.check.complete'),
    submittedView: record.submission
      ? t('response.check.submittedOn', { when: whenText(record.submission.at), name: record.submission.userName })
      : undefined,
    visibility: author ? visibilityText(record) : null,
    locked,
    lockedText: locked
      ? t('response.locked.text', { when: whenText(record.statusChangedAt), status: statusText(record) })
      : undefined,
    author,
    reviewerNote: author
      ? undefined
      : record.consentToViewDraft
        ? t('response.check.reviewerDraft')
        : t('response.check.reviewerSubmitted'),
  }
}

/** What can be done from the check page: submit, consent, and the links to the other views. */
function checkActionsView({ record }: ResponseContext, editable: boolean, consentError: string | undefined) {
  return {
    editable,
    canSubmit: editable && (record.status === 'draft' || record.changedSinceSubmission),
    submitButton: record.submission ? t('response.check.resubmitButton') : t('response.check.submitButton'),
    version: record.version,
    submitUrl: `/responses/${record.id}/submit`,
    consent: { url: `/responses/${record.id}/consent`, yes: record.consentToViewDraft, error: consentError },
    showConsent: editable,
    confirmationUrl: record.submission ? `/responses/${record.id}/confirmation` : undefined,
    ...responseLinks(record.id),
  }
}

/** The match, print and download links of a response. */
export function responseLinks(id: string) {
  return {
    matchUrl: `/responses/${id}/match`,
    printUrl: `/responses/${id}/print`,
    csvUrl: `/responses/${id}/download?format=csv`,
    jsonUrl: `/responses/${id}/download?format=json`,
  }
}

/** The matcher page's readiness block, fed by the questionnaire's readiness profile (with what would raise each score). */
export function matchReadiness(view: ReturnType<typeof readinessView>) {
  return {
    overallText: view.overallText,
    verdict: view.verdict,
    dimensions: view.dimensions.map((d) => ({
      name: d.name,
      score: d.score,
      text:
        d.raise.length > 0
          ? `${d.text} ${t('response.readiness.toRaise')} ${d.raise.join(' ')}`
          : `${d.text} ${t('response.readiness.nothingToRaise')}`,
    })),
  }
}
