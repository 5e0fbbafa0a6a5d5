import { t } from '../i18n/i18n.js'
import { Router } from 'express'
import { AppError, NotFoundError } from '../errors.js'
import { parse } from '../http/validate.js'
import { InvestmentId } from '../investments/investment.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import { isImpactBond, toIndigoProject } from './indigo-project-json.js'

/** `GET /api/v1/investments/:id/indigo`: a published impact-bond record as an INDIGO project (ADR 011). */
export function indigoApi(search: InvestmentSearch): Router {
  const router = Router()
  router.get('/:id/indigo', (req, res) => {
    const id = parse(InvestmentId, req.params.id)
    const investment = search.get(id)
    if (!investment) throw new NotFoundError('Investment')
    if (!isImpactBond(investment)) throw new AppError(404, 'not_an_impact_bond', t('errors.api.notImpactBond'))
    res.json(toIndigoProject(investment, `/investments/${investment.id}`))
  })
  return router
}
