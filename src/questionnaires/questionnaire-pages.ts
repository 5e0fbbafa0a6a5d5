import { visibilityText } from './visibility.js'
import { Router, type Request, type Response } from 'express'
import { z } from 'zod'
import { principalOf, requireRole } from '../accounts/access.js'
import type { Principal } from '../accounts/principal.js'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import { NotFoundError, ValidationError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { quota, type WriteQuotas } from '../quotas/write-quotas.js'
import { parse, parseQuery } from '../http/validate.js'
import { answersQuery, answersToRaw } from '../matching/match-form.js'
import { allFieldsView, matchResultView } from '../matching/match-presenters.js'
import { RespondentType } from '../shared/codelists.js'
import {
  answerFromForm,
  answerOf,
  answerToRaw,
  completeness,
  isAnswered,
  visibleQuestionIds,
  type AnswerValue,
  type Answers,
  type FormAnswer,
} from './answers.js'
import { allQuestions, type Question, type QuestionnaireDefinition } from './definition.js'
import {
  anchorOf,
  answerOrNone,
  answersSummary,
  dateText,
  historyView,
  lastSaved,
  progressText,
  questionUrl,
  questionView,
  readinessView,
  resumeSection,
  sectionOf,
  sectionsProgress,
  sectionUrl,
  statusText,
  typeLabel,
  whenText,
  type QuestionNote,
  type QuestionState,
  type TermLink,
} from './questionnaire-views.js'
import { isLocked } from './response.js'
import { responseCsv, responseDownloadJson, downloadName } from './response-export.js'
import {
  ProfileIncompleteError,
  reconcile,
  ResponseLockedError,
  StaleVersionError,
  type ResponseContext,
  type ResponseService,
} from './response-service.js'

const ResponseId = z.uuid()
const SectionNumber = z.string().regex(/^\d{1,2}$/)
const SectionQuery = z.strictObject({ added: z.literal('1').optional() })
const CheckQuery = z.strictObject({
  saved: z.literal('1').optional(),
  consent: z.enum(['given', 'withdrawn']).optional(),
})
const DownloadQuery = z.strictObject({ format: z.enum(['csv', 'json']).default('json') })
const NoQuery = z.strictObject({})
const FormVersion = z
  .string({ error: () => t('response.errors.version') })
  .regex(/^\d{1,9}$/, { error: () => t('response.errors.version') })
  .transform(Number)
const SubmitForm = z.strictObject({ _version: FormVersion })
const ConsentForm = z.strictObject({
  _version: FormVersion,
  consent: z.enum(['yes', 'no'], { error: () => t('response.consent.required') }).optional(),
})

const body = (req: Request): Record<string, unknown> =>
  req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {}

/**
 * The questionnaire pages (DESIGN §5 `/questionnaires/:respondentType`, `/responses/:id`): a start
 * page per respondent type, one section per page, a check-your-answers page with submit and
 * consent, the confirmation with the readiness profile, the matches, a print view and downloads.
 * Every page works without JavaScript; views/assets/questionnaire.js adds autosave and shows
 * follow-up questions at once. Writes carry the version read; a stale one shows what changed (409).
 */
export function questionnairePages(service: ResponseService, catalogue: CatalogueService, quotas: WriteQuotas): Router {
  const router = Router()
  const saving = quota(quotas, 'responseSave')
  const termLink: TermLink = (slug) => {
    const term = catalogue.term(slug)
    return term ? { url: `/glossary#${slug}`, term: term.term } : null
  }
  const navSection = (_req: Request, res: Response, next: () => void) => {
    res.locals.navSection = 'questionnaires'
    next()
  }
  router.use('/questionnaires', navSection)
  router.use('/responses', navSection)

  const idOf = (req: Request): string => {
    const parsed = ResponseId.safeParse(req.params.id)
    if (!parsed.success) throw new NotFoundError('Response')
    return parsed.data
  }
  const sectionOfRequest = (req: Request, definition: QuestionnaireDefinition): number => {
    const parsed = SectionNumber.safeParse(req.params.n)
    const n = parsed.success ? Number(parsed.data) : 0
    if (n < 1 || n > definition.sections.length) throw new NotFoundError('Section')
    return n
  }

  // ---- start pages ----------------------------------------------------------------------------
  router.get('/questionnaires', async (req, res) => {
    parseQuery(NoQuery, req.query)
    const items = []
    for (const type of RespondentType.options) {
      const definition = await service.currentDefinition(type)
      if (!definition) continue
      items.push({
        url: `/questionnaires/${type}`,
        title: definition.title,
        type: typeLabel(type),
        meta: t('questionnaire.meta', { minutes: definition.estimatedMinutes, sections: definition.sections.length }),
      })
    }
    sendPage(res, 'pages/questionnaires/index', { title: t('questionnaire.indexTitle'), items })
  })

  const renderIntro = async (
    req: Request,
    res: Response,
    type: RespondentType,
    errorList: { text: string; href: string }[] = [],
    status = 200,
  ) => {
    const definition = await service.currentDefinition(type)
    if (!definition) throw new NotFoundError('Questionnaire')
    const user = req.principal?.user
    let response: ReturnType<typeof openResponseView> | null = null
    let otherType: { text: string; url: string; link: string } | null = null
    let canStart = false
    if (user?.role === 'respondent' && user.organisationId) {
      const organisation = await service.organisation(user.organisationId)
      if (organisation && organisation.respondentType !== type) {
        otherType = {
          text: t('questionnaire.otherType', {
            organisation: organisation.name,
            type: typeLabel(organisation.respondentType),
          }),
          url: `/questionnaires/${organisation.respondentType}`,
          link: t('questionnaire.otherTypeLink', { type: typeLabel(organisation.respondentType) }),
        }
      } else if (organisation) {
        const open = await service.openResponseOf(user)
        if (open) {
          const context = await service.read(req.principal, open.id)
          response = openResponseView(context)
        } else canStart = true
      }
    }
    sendPage(
      res,
      'pages/questionnaires/intro',
      {
        title: errorList.length > 0 ? t('errors.titlePrefix', { title: definition.title }) : definition.title,
        errorList,
        definition,
        version: t('questionnaire.version', {
          version: definition.version,
          date: dateText(`${definition.publishedAt}T12:00:00Z`),
        }),
        meta: t('questionnaire.meta', { minutes: definition.estimatedMinutes, sections: definition.sections.length }),
        readinessCaps: (definition.readinessCaps ?? []).map((cap) => cap.reason),
        sections: definition.sections.map((section) => ({
          title: section.title,
          count: t('questionnaire.questionCount', { count: section.questions.length }),
          questions: section.questions.map((q) => ({ label: q.label, conditional: q.showIf !== undefined })),
        })),
        anonymous: !user,
        loginUrl: `/login?returnTo=${encodeURIComponent(`/questionnaires/${type}`)}`,
        registerUrl: `/register?returnTo=${encodeURIComponent(`/questionnaires/${type}`)}`,
        staff: user !== undefined && user.role !== 'respondent',
        staffNote:
          user && user.role !== 'respondent'
            ? t('questionnaire.staffNote', { role: t(`account.roles.${user.role}`) })
            : undefined,
        otherType,
        response,
        canStart,
        startUrl: `/questionnaires/${type}/start`,
      },
      status,
    )
  }

  router.get('/questionnaires/:respondentType', async (req, res) => {
    const type = RespondentType.safeParse(req.params.respondentType)
    if (!type.success) throw new NotFoundError('Questionnaire')
    parseQuery(NoQuery, req.query)
    await renderIntro(req, res, type.data)
  })

  router.post(
    '/questionnaires/:respondentType/start',
    requireRole('respondent'),
    quota(quotas, 'responseStart'),
    async (req, res) => {
      const type = RespondentType.safeParse(req.params.respondentType)
      if (!type.success) throw new NotFoundError('Questionnaire')
      parse(NoQuery, body(req))
      try {
        const { context, created } = await service.start(principalOf(req).user, { respondentType: type.data })
        const n = created ? 1 : (resumeSection(context.definition, context.record.answers) ?? 1)
        res.redirect(303, sectionUrl(context.record.id, n))
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const list = Object.values(error.fields ?? {})
          .flat()
          .map((text) => ({ text, href: '#start' }))
        await renderIntro(req, res, type.data, list, 400)
      }
    },
  )

  // ---- one section per page -------------------------------------------------------------------
  router.get('/responses/:id/sections/:n', requireRole('respondent'), async (req, res) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const n = sectionOfRequest(req, context.definition)
    const { added } = parseQuery(SectionQuery, req.query)
    if (isLocked(context.record)) return res.redirect(303, `/responses/${context.record.id}`)
    renderSection(res, context, n, { notice: added ? t('questionnaire.addedQuestions') : undefined })
  })

  router.post('/responses/:id/sections/:n', requireRole('respondent'), saving, async (req, res) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const { definition, record } = context
    const n = sectionOfRequest(req, definition)
    const section = definition.sections[n - 1]!
    const form = body(req)
    const known = new Set(section.questions.map((q) => q.id))
    const unknown = Object.keys(form).filter(
      (name) => !known.has(name) && !['_version', '_action', '_shown'].includes(name),
    )
    if (unknown.length > 0)
      throw new ValidationError(Object.fromEntries(unknown.map((name) => [name, [t('response.errors.unknownField')]])))
    const version = parse(z.strictObject({ _version: FormVersion }), { _version: form._version })._version
    const action = form._action === 'later' ? 'later' : 'continue'
    const shown = new Set(typeof form._shown === 'string' ? form._shown.split(',') : [])
    if (isLocked(record)) {
      renderLocked(
        res,
        context,
        section.questions
          .map((q) => ({ label: q.label, raw: answerFromForm(q, form[q.id]).raw.join(', ') }))
          .filter((r) => r.raw.trim() !== ''),
      )
      return
    }

    const before = visibleQuestionIds(definition, record.answers)
    const posted = new Map<string, FormAnswer>(section.questions.map((q) => [q.id, answerFromForm(q, form[q.id])]))
    const set = new Map<string, AnswerValue | null>()
    const errors = new Map<string, string>()
    for (const question of section.questions) {
      const answer = posted.get(question.id)!
      const empty = answer.raw.every((v) => v.trim() === '')
      // A question the page did not show, left empty, keeps its stored answer.
      if (!before.has(question.id) && !shown.has(question.id) && empty) continue
      if (answer.error !== undefined) errors.set(question.id, answer.error)
      else set.set(question.id, answer.value ?? null)
    }
    const merged = mergeAnswers(record.answers, set)
    const after = visibleQuestionIds(definition, merged)
    for (const id of [...errors.keys()]) if (!after.has(id)) errors.delete(id)
    if (errors.size > 0) {
      renderSection(res, context, n, { posted, errors, answers: merged, status: 400 })
      return
    }
    let saved: ResponseContext
    try {
      saved = await saveMerging(service, principalOf(req), record.id, set, version)
    } catch (error) {
      if (error instanceof StaleVersionError) {
        renderConflict(res, error, n, posted, set, principalOf(req).user.id)
        return
      }
      if (error instanceof ResponseLockedError) {
        renderLocked(
          res,
          context,
          [...posted]
            .map(([id, a]) => ({ label: section.questions.find((q) => q.id === id)!.label, raw: a.raw.join(', ') }))
            .filter((r) => r.raw.trim() !== ''),
        )
        return
      }
      throw error
    }
    const added = section.questions.filter(
      (q) =>
        after.has(q.id) && !before.has(q.id) && !shown.has(q.id) && !isAnswered(answerOf(saved.record.answers, q.id)),
    )
    if (added.length > 0) return res.redirect(303, `${sectionUrl(record.id, n)}?added=1#${anchorOf(added[0]!)}`)
    if (action === 'later') return res.redirect(303, `/responses/${record.id}?saved=1`)
    res.redirect(303, n < definition.sections.length ? sectionUrl(record.id, n + 1) : `/responses/${record.id}`)
  })

  interface SectionOptions {
    posted?: Map<string, FormAnswer>
    errors?: Map<string, string>
    notes?: Map<string, QuestionNote>
    /** Answers that decide which questions show (stored ones merged with the form's). */
    answers?: Answers
    notice?: string | undefined
    conflict?: ReturnType<typeof conflictSummary>
    status?: number
  }

  const renderSection = (res: Response, context: ResponseContext, n: number, options: SectionOptions = {}) => {
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
    const errorList = section.questions
      .filter((q) => options.errors?.has(q.id))
      .map((q) => ({
        text: t('questionnaire.errors.summaryItem', { message: options.errors!.get(q.id)!, label: q.label }),
        href: `#${anchorOf(q)}`,
      }))
    const progress = progressText(definition, record.answers, n)
    const heading = section.title
    const pageTitle = t('questionnaire.sectionTitle', {
      title: heading,
      section: n,
      sections: definition.sections.length,
      questionnaire: definition.title,
    })
    const saved = lastSaved(record)
    sendPage(
      res,
      'pages/questionnaires/section',
      {
        title: errorList.length > 0 ? t('errors.titlePrefix', { title: pageTitle }) : pageTitle,
        heading,
        scripts: ['/assets/questionnaire.js'],
        intro: section.intro,
        questionnaireTitle: definition.title,
        progress,
        errorList,
        notice: options.notice,
        conflict: options.conflict,
        questions,
        action: sectionUrl(record.id, n),
        responseId: record.id,
        version: record.version,
        backUrl: n > 1 ? sectionUrl(record.id, n - 1) : `/questionnaires/${record.respondentType}`,
        backText: n > 1 ? t('questionnaire.previousSection') : t('questionnaire.backToStart'),
        checkUrl: `/responses/${record.id}`,
        isLast: n === definition.sections.length,
        continueText:
          n === definition.sections.length ? t('questionnaire.saveAndCheck') : t('questionnaire.saveContinue'),
        lastSaved: saved ? t('questionnaire.lastSaved', { when: saved.when, name: saved.name }) : '',
        sections: sectionsProgress(definition, record.answers).map((s) => ({
          ...s,
          url: sectionUrl(record.id, s.number),
          current: s.number === n,
          statusText: t(`questionnaire.sectionStatus.${s.status}`),
          counts: t('questionnaire.sectionCounts', { answered: s.answered, total: s.total }),
        })),
        autosave: {
          saving: t('questionnaire.autosave.saving'),
          // The script fills in the Brussels clock time; the label comes from the one time convention.
          saved: t('questionnaire.autosave.saved', { time: t('format.brusselsTime', { time: '{time}' }) }),
          failed: t('questionnaire.autosave.failed'),
          // One text per possible count, so the script needs no plural rules of its own.
          invalidCounts: JSON.stringify(
            section.questions.map((_, i) => t('questionnaire.autosave.invalid', { count: i + 1 })),
          ),
          conflict: t('questionnaire.autosave.conflict'),
          merged: t('questionnaire.autosave.merged'),
          locked: t('questionnaire.autosave.locked'),
          signedOut: t('questionnaire.autosave.signedOut'),
          paused: t('questionnaire.autosave.paused'),
        },
      },
      options.status ?? 200,
    )
  }

  /** 409 on a section: what others changed (theirs vs yours per question), with the writer's answers kept in the form. */
  const renderConflict = (
    res: Response,
    error: StaleVersionError,
    n: number,
    posted: Map<string, FormAnswer>,
    yours: Map<string, AnswerValue | null>,
    me: string,
  ) => {
    const current = error.current
    const { definition, record } = current
    const section = definition.sections[n - 1]!
    const inSection = new Set(section.questions.map((q) => q.id))
    const notes = new Map<string, QuestionNote>()
    const form = new Map(posted)
    const byId = new Map(allQuestions(definition).map((q) => [q.id, q]))
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
    const answers = mergeAnswers(
      record.answers,
      new Map([...form].filter(([, a]) => a.error === undefined).map(([id, a]) => [id, a.value ?? null])),
    )
    renderSection(res, current, n, {
      posted: form,
      notes,
      answers,
      conflict: conflictSummary(error, n, notes, me),
      status: 409,
    })
  }

  const conflictSummary = (error: StaleVersionError, n: number, notes: Map<string, QuestionNote>, me: string) => {
    const { definition, record } = error.current
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
    const elsewhere = error.changes
      .filter((c) => sectionOf(definition, c.questionId) !== n && byId.has(c.questionId))
      .map((c) => ({
        text: t('response.conflict.elsewhereItem', {
          label: byId.get(c.questionId)!.label,
          section: sectionOf(definition, c.questionId),
        }),
        url: questionUrl(record.id, definition, byId.get(c.questionId)!),
      }))
    return {
      title: onlyMe ? t('response.conflict.titleYou') : t('response.conflict.title'),
      lead: onlyMe
        ? t('response.conflict.leadYou')
        : t('response.conflict.lead', { names: names.length > 0 ? names.join(', ') : t('response.conflict.someone') }),
      conflicts: here.map((q) => ({ text: q.label, href: `#${anchorOf(q)}` })),
      updated: updated.map((q) => ({ text: q.label, href: `#${anchorOf(q)}` })),
      elsewhere,
    }
  }

  const renderLocked = (res: Response, context: ResponseContext, unsaved: { label: string; raw: string }[]) => {
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

  // ---- check your answers, submit, consent ----------------------------------------------------
  interface CheckOptions {
    errorList?: { text: string; href: string }[]
    consentError?: string
    notice?: string | undefined
    warning?: string | undefined
    status?: number
  }

  const renderCheck = (res: Response, context: ResponseContext, options: CheckOptions = {}) => {
    const { record, definition, organisation, role } = context
    const author = role === 'author'
    const answers = service.answersFor(context)
    const check = completeness(definition, answers)
    const locked = isLocked(record)
    const editable = author && !locked
    const saved = lastSaved(record)
    const submittedView = record.submission
      ? t('response.check.submittedOn', { when: whenText(record.submission.at), name: record.submission.userName })
      : undefined
    const heading =
      record.status === 'draft' && editable ? t('response.check.title') : t('response.check.titleSubmitted')
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
        statusText: statusText(record),
        progressText: t('response.check.progress', { answered: check.answered, total: check.total }),
        lastSaved: saved ? t('questionnaire.lastSaved', { when: saved.when, name: saved.name }) : '',
        missing: check.problems.size,
        missingText:
          check.problems.size > 0
            ? t('response.check.missing', { count: check.problems.size })
            : t('response.check.complete'),
        submittedView,
        visibility: author ? visibilityText(record) : null,
        locked,
        lockedText: locked
          ? t('response.locked.text', { when: whenText(record.statusChangedAt), status: statusText(record) })
          : undefined,
        author,
        editable,
        reviewerNote: author
          ? undefined
          : record.consentToViewDraft
            ? t('response.check.reviewerDraft')
            : t('response.check.reviewerSubmitted'),
        sections: answersSummary(definition, answers, record.id, check.problems, editable),
        canSubmit: editable && (record.status === 'draft' || record.changedSinceSubmission),
        submitButton: record.submission ? t('response.check.resubmitButton') : t('response.check.submitButton'),
        version: record.version,
        submitUrl: `/responses/${record.id}/submit`,
        consent: {
          url: `/responses/${record.id}/consent`,
          yes: record.consentToViewDraft,
          error: options.consentError,
        },
        showConsent: editable,
        confirmationUrl: record.submission ? `/responses/${record.id}/confirmation` : undefined,
        matchUrl: `/responses/${record.id}/match`,
        printUrl: `/responses/${record.id}/print`,
        csvUrl: `/responses/${record.id}/download?format=csv`,
        jsonUrl: `/responses/${record.id}/download?format=json`,
        history: author ? historyView(record.history) : [],
        resumeUrl: editable ? sectionUrl(record.id, resumeSection(definition, answers) ?? 1) : undefined,
      },
      options.status ?? 200,
    )
  }

  router.get('/responses/:id', requireRole('respondent', 'reviewer', 'admin'), async (req, res) => {
    const context = await service.read(req.principal, idOf(req))
    const query = parseQuery(CheckQuery, req.query)
    const notice = query.saved
      ? t('response.notices.saved')
      : query.consent
        ? t(`response.consent.${query.consent}`)
        : undefined
    renderCheck(res, context, { notice })
  })

  router.post('/responses/:id/submit', requireRole('respondent'), saving, async (req, res) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const { _version } = parse(SubmitForm, body(req))
    try {
      await service.submit(principalOf(req), context.record.id, _version)
    } catch (error) {
      if (error instanceof ValidationError) {
        const byId = new Map(allQuestions(context.definition).map((q) => [q.id, q]))
        const errorList = Object.entries(error.fields ?? {}).map(([path, messages]) => {
          const question = byId.get(path.replace(/^answers\./, ''))!
          return {
            text: t('questionnaire.errors.summaryItem', { message: messages[0] ?? '', label: question.label }),
            href: questionUrl(context.record.id, context.definition, question),
          }
        })
        renderCheck(res, context, { errorList, status: 400 })
        return
      }
      if (error instanceof StaleVersionError) {
        renderCheck(res, error.current, { warning: t('response.conflict.beforeSubmit'), status: 409 })
        return
      }
      if (error instanceof ResponseLockedError) {
        renderLocked(res, context, [])
        return
      }
      throw error
    }
    res.redirect(303, `/responses/${context.record.id}/confirmation`)
  })

  router.post('/responses/:id/consent', requireRole('respondent'), saving, async (req, res) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const parsed = ConsentForm.safeParse(body(req))
    if (!parsed.success)
      throw new ValidationError(
        Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]])),
      )
    const { _version, consent } = parsed.data
    if (consent === undefined) {
      renderCheck(res, context, {
        consentError: t('response.consent.required'),
        errorList: [{ text: t('response.consent.required'), href: '#consent-yes' }],
        status: 400,
      })
      return
    }
    try {
      await service.save(principalOf(req), context.record.id, {
        answers: new Map(),
        version: _version,
        consentToViewDraft: consent === 'yes',
      })
    } catch (error) {
      if (error instanceof StaleVersionError) {
        renderCheck(res, error.current, { warning: t('response.conflict.beforeConsent'), status: 409 })
        return
      }
      if (error instanceof ResponseLockedError) {
        renderLocked(res, context, [])
        return
      }
      throw error
    }
    res.redirect(303, `/responses/${context.record.id}?consent=${consent === 'yes' ? 'given' : 'withdrawn'}#consent`)
  })

  // ---- after submit: confirmation with the readiness profile, matches ----------------------------
  router.get('/responses/:id/confirmation', requireRole('respondent', 'reviewer', 'admin'), async (req, res) => {
    const context = await service.read(req.principal, idOf(req))
    parseQuery(NoQuery, req.query)
    const { record } = context
    if (!record.submission) return res.redirect(303, `/responses/${record.id}`)
    const readiness = readinessView(service.readiness(context, record.submission.answers))
    sendPage(res, 'pages/questionnaires/confirmation', {
      title: t('response.confirmation.title'),
      panelText: t('response.confirmation.panelText', { when: whenText(record.submission.at) }),
      reference: t('response.confirmation.reference', { id: record.id.slice(0, 8).toUpperCase() }),
      organisation: context.organisation.name,
      readiness,
      editable: context.role === 'author' && !isLocked(record),
      matchUrl: `/responses/${record.id}/match`,
      checkUrl: `/responses/${record.id}`,
      printUrl: `/responses/${record.id}/print`,
      csvUrl: `/responses/${record.id}/download?format=csv`,
      jsonUrl: `/responses/${record.id}/download?format=json`,
    })
  })

  router.get('/responses/:id/match', requireRole('respondent', 'reviewer', 'admin'), async (req, res) => {
    const context = await service.read(req.principal, idOf(req))
    parseQuery(NoQuery, req.query)
    const { record, definition } = context
    let result
    try {
      result = service.match(context)
    } catch (error) {
      if (!(error instanceof ProfileIncompleteError)) throw error
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
      return
    }
    const raw = answersToRaw(result.profile)
    const view = matchResultView(result, catalogue.guidance())
    // The matcher's result page, fed by the response: no share link (the answers are the organisation's),
    // its needs profile without wizard change links, the questionnaire's readiness profile, and the what-if form.
    sendPage(res, 'pages/match/result', {
      title: t('response.match.title', { organisation: context.organisation.name }),
      ...view,
      answers: view.answers.map((row) => ({ ...row, changeUrl: undefined })),
      readiness: matchReadiness(readinessView(service.readiness(context))),
      backLink: { url: `/responses/${record.id}`, text: t('response.match.backToResponse') },
      fromResponse: t('response.match.fromResponse'),
      whatIf: allFieldsView(raw, {}, termLink),
      whatIfBefore: answersQuery(raw).slice(1),
    })
  })

  // ---- print and download ----------------------------------------------------------------------
  router.get('/responses/:id/print', requireRole('respondent', 'reviewer', 'admin'), async (req, res) => {
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
  })

  router.get('/responses/:id/download', requireRole('respondent', 'reviewer', 'admin'), async (req, res) => {
    const context = await service.read(req.principal, idOf(req))
    const { format } = parseQuery(DownloadQuery, req.query)
    const answers = service.answersFor(context)
    res.setHeader('Content-Disposition', `attachment; filename="${downloadName(context, format)}"`)
    if (format === 'csv') res.type('text/csv; charset=utf-8').send(responseCsv(context, answers))
    else res.json(responseDownloadJson(context, answers))
  })

  return router
}

/**
 * Saves at the version the page read. When the only writes since were this person's own (an
 * autosave from this page, another tab) and none disagrees with the form, the form is merged onto
 * the current version: answers the form did not change keep their newer value. Anything else is a 409.
 */
async function saveMerging(
  service: ResponseService,
  principal: Principal,
  id: string,
  set: Map<string, AnswerValue | null>,
  version: number,
): Promise<ResponseContext> {
  try {
    return await service.save(principal, id, { answers: set, version })
  } catch (error) {
    if (!(error instanceof StaleVersionError)) throw error
    const own = error.changes.every((change) => change.byId === principal.user.id)
    const kinds = error.changes.map((change) => ({
      change,
      kind: reconcile(change, set.has(change.questionId) ? set.get(change.questionId) : undefined),
    }))
    if (!own || kinds.some((k) => k.kind === 'conflict')) throw error
    const merged = new Map(set)
    for (const { change, kind } of kinds) if (kind === 'theirs') merged.delete(change.questionId)
    return service.save(principal, id, { answers: merged, version: error.current.record.version })
  }
}

function openResponseView(context: ResponseContext) {
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

/** The matcher page's readiness block, fed by the questionnaire's readiness profile (with what would raise each score). */
function matchReadiness(view: ReturnType<typeof readinessView>) {
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

function mergeAnswers(answers: Answers, set: ReadonlyMap<string, AnswerValue | null>): Answers {
  const merged: Answers = { ...answers }
  for (const [id, value] of set) {
    if (value === null || (Array.isArray(value) && value.length === 0)) delete merged[id]
    else merged[id] = value
  }
  return merged
}
