import type { Request, Response } from 'express'
import { z } from 'zod'
import { principalOf } from '../accounts/access.js'
import { ValidationError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { parse, parseQuery } from '../http/validate.js'
import { answersQuery, answersToRaw } from '../matching/match-form.js'
import { allFieldsView, matchResultView } from '../matching/match-presenters.js'
import { allQuestions, type Question } from './definition.js'
import { body, FormVersion, idOf, NoQuery, type QuestionnairePageDeps } from './questionnaire-page-deps.js'
import { matchReadiness, renderCheck, responseLinks } from './questionnaire-page-views.js'
import { renderLocked } from './questionnaire-section-views.js'
import { answersSummary, questionUrl, readinessView, statusText, whenText } from './questionnaire-views.js'
import { readinessBands } from './readiness.js'
import { isLocked } from './response.js'
import { downloadName, responseCsv, responseDownloadJson } from './response-export.js'
import {
  ProfileIncompleteError,
  ResponseLockedError,
  StaleVersionError,
  type ResponseContext,
  type ResponseService,
} from './response-service.js'

const CheckQuery = z.strictObject({
  saved: z.literal('1').optional(),
  consent: z.enum(['given', 'withdrawn']).optional(),
})
const DownloadQuery = z.strictObject({ format: z.enum(['csv', 'json']).default('json') })
const SubmitForm = z.strictObject({ _version: FormVersion })
const ConsentForm = z.strictObject({
  _version: FormVersion,
  consent: z.enum(['yes', 'no'], { error: () => t('response.consent.required') }).optional(),
})

/** GET /responses/:id: check your answers. */
export const showCheck =
  ({ service }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
    const context = await service.read(req.principal, idOf(req))
    const query = parseQuery(CheckQuery, req.query)
    const notice = query.saved
      ? t('response.notices.saved')
      : query.consent
        ? t(`response.consent.${query.consent}`)
        : undefined
    renderCheck(res, service, context, { notice })
  }

/** POST /responses/:id/submit */
export const submitResponse =
  ({ service }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const { _version } = parse(SubmitForm, body(req))
    try {
      await service.submit(principalOf(req), context.record.id, _version)
    } catch (error) {
      if (error instanceof ValidationError)
        return renderCheck(res, service, context, { errorList: submitErrorList(context, error), status: 400 })
      if (error instanceof StaleVersionError)
        return renderCheck(res, service, error.current, { warning: t('response.conflict.beforeSubmit'), status: 409 })
      if (error instanceof ResponseLockedError) return renderLocked(res, context, [])
      throw error
    }
    res.redirect(303, `/responses/${context.record.id}/confirmation`)
  }

/** Each answer the submission lacks, named by its question and linked to it. */
function submitErrorList(context: ResponseContext, error: ValidationError) {
  const byId = new Map(allQuestions(context.definition).map((q) => [q.id, q]))
  return Object.entries(error.fields ?? {}).map(([path, messages]) => {
    const question = byId.get(path.replace(/^answers\./, ''))!
    return {
      text: t('questionnaire.errors.summaryItem', { message: messages[0] ?? '', label: question.label }),
      href: questionUrl(context.record.id, context.definition, question),
    }
  })
}

/** POST /responses/:id/consent: whether DG HOME may see the draft. */
export const saveConsent =
  ({ service }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const parsed = ConsentForm.safeParse(body(req))
    if (!parsed.success)
      throw new ValidationError(
        Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]])),
      )
    const { _version, consent } = parsed.data
    if (consent === undefined)
      return renderCheck(res, service, context, {
        consentError: t('response.consent.required'),
        errorList: [{ text: t('response.consent.required'), href: '#consent-yes' }],
        status: 400,
      })
    try {
      await service.save(principalOf(req), context.record.id, {
        answers: new Map(),
        version: _version,
        consentToViewDraft: consent === 'yes',
      })
    } catch (error) {
      if (error instanceof StaleVersionError)
        return renderCheck(res, service, error.current, { warning: t('response.conflict.beforeConsent'), status: 409 })
      if (error instanceof ResponseLockedError) return renderLocked(res, context, [])
      throw error
    }
    res.redirect(303, `/responses/${context.record.id}?consent=${consent === 'yes' ? 'given' : 'withdrawn'}#consent`)
  }

/** GET /responses/:id/confirmation: the submission and its readiness profile. */
export const showConfirmation =
  ({ service }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
    const context = await service.read(req.principal, idOf(req))
    parseQuery(NoQuery, req.query)
    const { record } = context
    if (!record.submission) return res.redirect(303, `/responses/${record.id}`)
    const readiness = readinessView(
      service.readiness(context, record.submission.answers),
      readinessBands(context.definition),
    )
    sendPage(res, 'pages/questionnaires/confirmation', {
      title: t('response.confirmation.title'),
      panelText: t('response.confirmation.panelText', { when: whenText(record.submission.at) }),
      reference: t('response.confirmation.reference', { id: record.id.slice(0, 8).toUpperCase() }),
      organisation: context.organisation.name,
      readiness,
      editable: context.role === 'author' && !isLocked(record),
      checkUrl: `/responses/${record.id}`,
      ...responseLinks(record.id),
    })
  }

/** GET /responses/:id/match: the matcher's result for the response's needs profile. */
export const showMatch =
  ({ service, catalogue, termLink }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
    const context = await service.read(req.principal, idOf(req))
    parseQuery(NoQuery, req.query)
    let result
    try {
      result = service.match(context)
    } catch (error) {
      if (!(error instanceof ProfileIncompleteError)) throw error
      return renderMatchIncomplete(res, context, error)
    }
    const raw = answersToRaw(result.profile)
    const view = matchResultView(result, catalogue.guidance())
    // The matcher's result page, fed by the response: no share link (the answers are the organisation's),
    // its needs profile without wizard change links, the questionnaire's readiness profile, and the what-if form.
    sendPage(res, 'pages/match/result', {
      title: t('response.match.title', { organisation: context.organisation.name }),
      ...view,
      answers: view.answers.map((row) => ({ ...row, changeUrl: undefined })),
      readiness: matchReadiness(readinessView(service.readiness(context), readinessBands(context.definition))),
      backLink: { url: `/responses/${context.record.id}`, text: t('response.match.backToResponse') },
      fromResponse: t('response.match.fromResponse'),
      whatIf: allFieldsView(raw, {}, termLink),
      whatIfBefore: answersQuery(raw).slice(1),
    })
  }

/** 409: the answers the matcher needs that the response lacks (linked to their questions for its authors). */
function renderMatchIncomplete(res: Response, context: ResponseContext, error: ProfileIncompleteError) {
  const { record, definition } = context
  const byId = new Map(allQuestions(definition).map((q) => [q.id, q]))
  const missing = error.missing.map((id) => byId.get(id)).filter((q): q is Question => q !== undefined)
  sendPage(
    res,
    'pages/questionnaires/match-incomplete',
    {
      title: t('response.match.incompleteTitle'),
      text: t('response.match.incompleteText'),
      missing: missing.map((q) => ({
        label: q.label,
        url: context.role === 'author' && !isLocked(record) ? questionUrl(record.id, definition, q) : undefined,
      })),
      checkUrl: `/responses/${record.id}`,
    },
    409,
  )
}

/** GET /responses/:id/print */
export const showPrint =
  ({ service }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
    const context = await service.read(req.principal, idOf(req))
    parseQuery(NoQuery, req.query)
    const { record, definition, organisation } = context
    const answers = service.answersFor(context)
    sendPage(res, 'pages/questionnaires/print', {
      title: t('response.print.title', { organisation: organisation.name }),
      meta: t('response.print.meta', {
        questionnaire: definition.title,
        version: definition.version,
        status: statusText(record),
        when: whenText(record.updatedAt),
      }),
      submitted: record.submission
        ? t('response.check.submittedOn', { when: whenText(record.submission.at), name: record.submission.userName })
        : undefined,
      sections: answersSummary(definition, answers, record.id, new Map(), false),
      checkUrl: `/responses/${record.id}`,
    })
  }

/** GET /responses/:id/download?format=csv|json */
export const downloadResponse =
  ({ service }: { service: ResponseService }) =>
  async (req: Request, res: Response) => {
    const context = await service.read(req.principal, idOf(req))
    const { format } = parseQuery(DownloadQuery, req.query)
    const answers = service.answersFor(context)
    res.setHeader('Content-Disposition', `attachment; filename="${downloadName(context, format)}"`)
    if (format === 'csv') res.type('text/csv; charset=utf-8').send(responseCsv(context, answers))
    else res.json(responseDownloadJson(context, answers))
  }
