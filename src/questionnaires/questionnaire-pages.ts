import { Router, type Request, type Response } from 'express'
import { requireRole } from '../accounts/access.js'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import { quota, type WriteQuotas } from '../quotas/write-quotas.js'
import { questionnairePageDeps } from './questionnaire-page-deps.js'
import { listQuestionnaires, showIntro, startResponse } from './questionnaire-page-handlers.js'
import { saveSection, showSection } from './questionnaire-section-handlers.js'
import {
  downloadResponse,
  saveConsent,
  showCheck,
  showConfirmation,
  showMatch,
  showPrint,
  submitResponse,
} from './response-page-handlers.js'
import type { ResponseService } from './response-service.js'

/**
 * The questionnaire pages (DESIGN §5 `/questionnaires/:respondentType`, `/responses/:id`): a start
 * page per respondent type, one section per page, a check-your-answers page with submit and
 * consent, the confirmation with the readiness profile, the matches, a print view and downloads.
 * Every page works without JavaScript; views/assets/questionnaire.js adds autosave and shows
 * follow-up questions at once. Writes carry the version read; a stale one shows what changed (409).
 */
export function questionnairePages(service: ResponseService, catalogue: CatalogueService, quotas: WriteQuotas): Router {
  const deps = questionnairePageDeps(service, catalogue, quotas)
  const router = Router()
  const saving = quota(quotas, 'responseSave')
  const respondent = requireRole('respondent')
  const reader = requireRole('respondent', 'reviewer', 'admin')
  router.use('/questionnaires', navSection)
  router.use('/responses', navSection)

  router.get('/questionnaires', listQuestionnaires(deps))
  router.get('/questionnaires/:respondentType', showIntro(deps))
  router.post('/questionnaires/:respondentType/start', respondent, quota(quotas, 'responseStart'), startResponse(deps))

  router.get('/responses/:id/sections/:n', respondent, showSection(deps))
  router.post('/responses/:id/sections/:n', respondent, saving, saveSection(deps))

  router.get('/responses/:id', reader, showCheck(deps))
  router.post('/responses/:id/submit', respondent, saving, submitResponse(deps))
  router.post('/responses/:id/consent', respondent, saving, saveConsent(deps))

  router.get('/responses/:id/confirmation', reader, showConfirmation(deps))
  router.get('/responses/:id/match', reader, showMatch(deps))
  router.get('/responses/:id/print', reader, showPrint(deps))
  router.get('/responses/:id/download', reader, downloadResponse(deps))
  return router
}

function navSection(_req: Request, res: Response, next: () => void) {
  res.locals.navSection = 'questionnaires'
  next()
}
