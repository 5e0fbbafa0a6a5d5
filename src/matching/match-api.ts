import { t } from '../i18n/i18n.js'
import { Router } from 'express'
import { ValidationError } from '../errors.js'
import { parse } from '../http/validate.js'
import type { MatchService } from './match-service.js'
import { NeedsProfile } from './needs-profile.js'

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `POST /api/v1/match`: a needs profile in, the match result of DESIGN §5 out. No account needed. */
export function matchApi(match: MatchService): Router {
  const router = Router()

  router.post('/', (req, res) => {
    if (!isPlainObject(req.body)) {
      throw new ValidationError({ body: [t('errors.api.needsProfileJson')] })
    }
    const profile = parse(NeedsProfile, req.body)
    res.json(match.match(profile))
  })

  return router
}
