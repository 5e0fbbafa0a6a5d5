import type { Request } from 'express'
import { z } from 'zod'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import { NotFoundError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import type { WriteQuotas } from '../quotas/write-quotas.js'
import { RespondentType } from '../shared/codelists.js'
import type { QuestionnaireDefinition } from './definition.js'
import type { TermLink } from './questionnaire-views.js'
import type { ResponseService } from './response-service.js'

/** What the questionnaire page handlers need: the response service, the glossary links, the write quotas. */
export interface QuestionnairePageDeps {
  service: ResponseService
  catalogue: CatalogueService
  quotas: WriteQuotas
  termLink: TermLink
}

export function questionnairePageDeps(
  service: ResponseService,
  catalogue: CatalogueService,
  quotas: WriteQuotas,
): QuestionnairePageDeps {
  const termLink: TermLink = (slug) => {
    const term = catalogue.term(slug)
    return term ? { url: `/glossary#${slug}`, term: term.term } : null
  }
  return { service, catalogue, quotas, termLink }
}

const ResponseId = z.uuid()
const SectionNumber = z.string().regex(/^\d{1,2}$/)

export const NoQuery = z.strictObject({})
export const FormVersion = z
  .string({ error: () => t('response.errors.version') })
  .regex(/^\d{1,9}$/, { error: () => t('response.errors.version') })
  .transform(Number)

export const body = (req: Request): Record<string, unknown> =>
  req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {}

export const idOf = (req: Request): string => {
  const parsed = ResponseId.safeParse(req.params.id)
  if (!parsed.success) throw new NotFoundError('Response')
  return parsed.data
}

export const sectionOfRequest = (req: Request, definition: QuestionnaireDefinition): number => {
  const parsed = SectionNumber.safeParse(req.params.n)
  const n = parsed.success ? Number(parsed.data) : 0
  if (n < 1 || n > definition.sections.length) throw new NotFoundError('Section')
  return n
}

export const respondentTypeOf = (req: Request): RespondentType => {
  const type = RespondentType.safeParse(req.params.respondentType)
  if (!type.success) throw new NotFoundError('Questionnaire')
  return type.data
}
