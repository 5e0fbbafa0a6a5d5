import { Router, type ErrorRequestHandler, type Request } from 'express'
import { z } from 'zod'
import { principalOf, requireRole } from '../accounts/access.js'
import { NotFoundError, ValidationError } from '../errors.js'
import { parse } from '../http/validate.js'
import { quota, type WriteQuotas } from '../quotas/write-quotas.js'
import { t } from '../i18n/i18n.js'
import { RESPONDENT_TYPES, RespondentType } from '../shared/codelists.js'
import { parseAnswersPatch } from './answers.js'
import { conflictJson, definitionJson, definitionSummaryJson, responseJson } from './response-presenters.js'
import { StaleVersionError, type ResponseService } from './response-service.js'

const NoQuery = z.strictObject({})
export const DefinitionQuery = z.strictObject({ version: z.coerce.number().int().min(1).max(1000).optional() })
export const ResponseId = z.uuid()
const versionError = { error: () => t('response.errors.versionNumber') }
const Version = z.number(versionError).int(versionError).min(1, versionError)
export const StartBody = z.strictObject({ respondentType: RespondentType.optional(), demo: z.boolean().optional() })
const PatchBody = z.strictObject({
  answers: z.unknown().optional(),
  version: Version,
  consentToViewDraft: z.boolean().optional(),
})
export const SubmitBody = z.strictObject({ version: Version.optional() })

const bodyOf = (req: Request): unknown => req.body ?? {}
const idOf = (req: Request): string => {
  const parsed = ResponseId.safeParse(req.params.id)
  if (!parsed.success) throw new NotFoundError('Response')
  return parsed.data
}

/**
 * `/api/v1/questionnaires…` and `/api/v1/responses…` (DESIGN §5, docs/adr/009).
 * Answers are checked per question by schemas generated from the definition; every write names the
 * version it read and a stale one is a 409 with the current version and what changed.
 */
export function questionnairesApi(service: ResponseService, quotas: WriteQuotas): Router {
  const router = Router()
  const saving = quota(quotas, 'responseSave')

  router.get('/questionnaires', async (req, res) => {
    parse(NoQuery, req.query)
    const items = []
    for (const type of RESPONDENT_TYPES) {
      const definition = await service.currentDefinition(type)
      if (definition) items.push(definitionSummaryJson(definition))
    }
    res.json({ items })
  })

  router.get('/questionnaires/:respondentType', async (req, res) => {
    const type = RespondentType.safeParse(req.params.respondentType)
    if (!type.success) throw new NotFoundError('Questionnaire')
    const { version } = parse(DefinitionQuery, req.query)
    const definition =
      version === undefined ? await service.currentDefinition(type.data) : await service.definition(type.data, version)
    if (!definition) throw new NotFoundError('Questionnaire')
    res.json(definitionJson(definition, await service.definitionVersions(type.data)))
  })

  /** The organisation's draft: 201 when this call started it, 200 with the one already open. */
  router.post('/responses', requireRole('respondent'), quota(quotas, 'responseStart'), async (req, res) => {
    const input = parse(StartBody, bodyOf(req))
    const { context, created } = await service.start(principalOf(req).user, input)
    res
      .status(created ? 201 : 200)
      .location(`/api/v1/responses/${context.record.id}`)
      .json(responseJson(service, context))
  })

  router.get('/responses/:id', requireRole('respondent', 'reviewer', 'admin'), async (req, res) => {
    parse(NoQuery, req.query)
    res.json(responseJson(service, await service.read(req.principal, idOf(req))))
  })

  /** Partial answers (null clears one), at the version read. */
  router.patch('/responses/:id', requireRole('respondent'), saving, async (req, res) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const body = parse(PatchBody, bodyOf(req))
    const patch = parseAnswersPatch(context.definition, body.answers ?? {})
    if (Object.keys(patch.errors).length > 0) throw new ValidationError(patch.errors)
    const saved = await service.save(principalOf(req), context.record.id, {
      answers: patch.set,
      version: body.version,
      consentToViewDraft: body.consentToViewDraft,
    })
    res.json(responseJson(service, saved))
  })

  router.post('/responses/:id/submit', requireRole('respondent'), saving, async (req, res) => {
    const context = await service.forAuthor(req.principal, idOf(req))
    const { version } = parse(SubmitBody, bodyOf(req))
    const submitted = await service.submit(principalOf(req), context.record.id, version)
    res.json(responseJson(service, submitted))
  })

  router.get('/responses/:id/match', requireRole('respondent', 'reviewer', 'admin'), async (req, res) => {
    parse(NoQuery, req.query)
    const context = await service.read(req.principal, idOf(req))
    res.json(service.match(context))
  })

  // A stale version: the shared JSON error plus the current version and what changed (DESIGN §5 409).
  const conflicts: ErrorRequestHandler = (error, _req, res, next) => {
    if (!(error instanceof StaleVersionError)) return next(error)
    res.status(409).json(conflictJson(error))
  }
  router.use(conflicts)
  return router
}
