import type { Request, Response } from 'express'
import { principalOf } from '../accounts/access.js'
import { NotFoundError, ValidationError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { parse, parseQuery } from '../http/validate.js'
import { RespondentType } from '../shared/codelists.js'
import { body, NoQuery, respondentTypeOf, type QuestionnairePageDeps } from './questionnaire-page-deps.js'
import { introView, openResponseView, type ErrorList, type IntroState } from './questionnaire-page-views.js'
import { resumeSection, sectionUrl, typeLabel } from './questionnaire-views.js'
import type { ResponseService } from './response-service.js'

/** GET /questionnaires: one link per respondent type that has a published questionnaire. */
export const listQuestionnaires =
  ({ service }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
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
  }

/** GET /questionnaires/:respondentType */
export const showIntro = (deps: QuestionnairePageDeps) => async (req: Request, res: Response) => {
  const type = respondentTypeOf(req)
  parseQuery(NoQuery, req.query)
  await renderIntro(deps.service, req, res, type)
}

/** POST /questionnaires/:respondentType/start: starts the organisation's response, or continues the open one. */
export const startResponse =
  ({ service }: QuestionnairePageDeps) =>
  async (req: Request, res: Response) => {
    const type = respondentTypeOf(req)
    parse(NoQuery, body(req))
    try {
      const { context, created } = await service.start(principalOf(req).user, { respondentType: type })
      const n = created ? 1 : (resumeSection(context.definition, context.record.answers) ?? 1)
      res.redirect(303, sectionUrl(context.record.id, n))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const list = Object.values(error.fields ?? {})
        .flat()
        .map((text) => ({ text, href: '#start' }))
      await renderIntro(service, req, res, type, list, 400)
    }
  }

async function renderIntro(
  service: ResponseService,
  req: Request,
  res: Response,
  type: RespondentType,
  errorList: ErrorList = [],
  status = 200,
) {
  const definition = await service.currentDefinition(type)
  if (!definition) throw new NotFoundError('Questionnaire')
  const state = await introState(service, req, type)
  sendPage(
    res,
    'pages/questionnaires/intro',
    introView(definition, type, req.principal?.user, state, errorList),
    status,
  )
}

/** For a respondent: the other questionnaire if the organisation is of another type, else its open response. */
async function introState(service: ResponseService, req: Request, type: RespondentType): Promise<IntroState> {
  const state: IntroState = { otherType: null, response: null, canStart: false }
  const user = req.principal?.user
  if (user?.role !== 'respondent' || !user.organisationId) return state
  const organisation = await service.organisation(user.organisationId)
  if (organisation && organisation.respondentType !== type) {
    state.otherType = {
      text: t('questionnaire.otherType', {
        organisation: organisation.name,
        type: typeLabel(organisation.respondentType),
      }),
      url: `/questionnaires/${organisation.respondentType}`,
      link: t('questionnaire.otherTypeLink', { type: typeLabel(organisation.respondentType) }),
    }
  } else if (organisation) {
    const open = await service.openResponseOf(user)
    if (open) state.response = openResponseView(await service.read(req.principal, open.id))
    else state.canStart = true
  }
  return state
}
