import type { Request, Response } from 'express'
import { z } from 'zod'
import { principalOf } from '../accounts/access.js'
import type { Principal } from '../accounts/principal.js'
import { ValidationError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { parse, parseQuery } from '../http/validate.js'
import {
  answerFromForm,
  answerOf,
  isAnswered,
  visibleQuestionIds,
  type AnswerValue,
  type Answers,
  type FormAnswer,
} from './answers.js'
import type { QuestionnaireDefinition, Section } from './definition.js'
import { body, FormVersion, idOf, sectionOfRequest, type QuestionnairePageDeps } from './questionnaire-page-deps.js'
import { mergeAnswers, renderConflict, renderLocked, renderSection } from './questionnaire-section-views.js'
import { anchorOf, sectionUrl } from './questionnaire-views.js'
import { isLocked } from './response.js'
import {
  reconcile,
  ResponseLockedError,
  StaleVersionError,
  type ResponseContext,
  type ResponseService,
} from './response-service.js'

const SectionQuery = z.strictObject({ added: z.literal('1').optional() })
const CONTROL_FIELDS = ['_version', '_action', '_shown']

/** GET /responses/:id/sections/:n */
export const showSection =
  ({ service, termLink }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const n = sectionOfRequest(req, context.definition)
    const { added } = parseQuery(SectionQuery, req.query)
    if (isLocked(context.record)) return res.redirect(303, `/responses/${context.record.id}`)
    renderSection(res, termLink, context, n, { notice: added ? t('questionnaire.addedQuestions') : undefined })
  }

/** POST /responses/:id/sections/:n: saves the section, then the next section, the check page or the added questions. */
export const saveSection =
  ({ service, termLink }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const { definition, record } = context
    const n = sectionOfRequest(req, definition)
    const section = definition.sections[n - 1]!
    const form = body(req)
    rejectUnknownFields(section, form)
    const version = parse(z.strictObject({ _version: FormVersion }), { _version: form._version })._version
    const shown = new Set(typeof form._shown === 'string' ? form._shown.split(',') : [])
    if (isLocked(record)) return renderLocked(res, context, unsavedOf(section, form))
    const read = readSection(definition, section, record.answers, form, shown)
    if (read.errors.size > 0)
      return renderSection(res, termLink, context, n, {
        posted: read.posted,
        errors: read.errors,
        answers: read.merged,
        status: 400,
      })
    let saved: ResponseContext
    try {
      saved = await saveMerging(service, principalOf(req), record.id, read.set, version)
    } catch (error) {
      if (error instanceof StaleVersionError)
        return renderConflict(res, termLink, error, n, read.posted, read.set, principalOf(req).user.id)
      if (error instanceof ResponseLockedError) return renderLocked(res, context, unsavedOfPosted(section, read.posted))
      throw error
    }
    const added = section.questions.filter(
      (q) =>
        read.after.has(q.id) &&
        !read.before.has(q.id) &&
        !shown.has(q.id) &&
        !isAnswered(answerOf(saved.record.answers, q.id)),
    )
    if (added.length > 0) return res.redirect(303, `${sectionUrl(record.id, n)}?added=1#${anchorOf(added[0]!)}`)
    if (form._action === 'later') return res.redirect(303, `/responses/${record.id}?saved=1`)
    res.redirect(303, n < definition.sections.length ? sectionUrl(record.id, n + 1) : `/responses/${record.id}`)
  }

function rejectUnknownFields(section: Section, form: Record<string, unknown>) {
  const known = new Set(section.questions.map((q) => q.id))
  const unknown = Object.keys(form).filter((name) => !known.has(name) && !CONTROL_FIELDS.includes(name))
  if (unknown.length > 0)
    throw new ValidationError(Object.fromEntries(unknown.map((name) => [name, [t('response.errors.unknownField')]])))
}

/** The section's answers from the form: what to save, the errors of the questions that show once it is saved. */
function readSection(
  definition: QuestionnaireDefinition,
  section: Section,
  stored: Answers,
  form: Record<string, unknown>,
  shown: Set<string>,
) {
  const before = visibleQuestionIds(definition, stored)
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
  const merged = mergeAnswers(stored, set)
  const after = visibleQuestionIds(definition, merged)
  for (const id of [...errors.keys()]) if (!after.has(id)) errors.delete(id)
  return { before, after, posted, set, errors, merged }
}

function unsavedOf(section: Section, form: Record<string, unknown>) {
  return section.questions
    .map((q) => ({ label: q.label, raw: answerFromForm(q, form[q.id]).raw.join(', ') }))
    .filter((r) => r.raw.trim() !== '')
}

function unsavedOfPosted(section: Section, posted: Map<string, FormAnswer>) {
  return [...posted]
    .map(([id, a]) => ({ label: section.questions.find((q) => q.id === id)!.label, raw: a.raw.join(', ') }))
    .filter((r) => r.raw.trim() !== '')
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
