import { Router } from 'express'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import { NotFoundError } from '../errors.js'
import { parse } from '../http/validate.js'
import { GuidanceId } from './guidance.js'
import { toGuidanceJson } from './guidance-presenters.js'
import { GuidanceQuery } from './guidance-query.js'

/** `GET /api/v1/guidance` (same shape as the investments list) and `GET /api/v1/guidance/:id`. */
export function guidanceApi(catalogue: CatalogueService): Router {
  const router = Router()
  router.get('/', (req, res) => {
    const query = parse(GuidanceQuery, req.query)
    const result = catalogue.guidanceSearch().search(query)
    res.json({ ...result, items: result.items.map(toGuidanceJson) })
  })
  router.get('/:id', (req, res) => {
    const id = parse(GuidanceId, req.params.id)
    const entry = catalogue.guidanceEntry(id)
    if (!entry) throw new NotFoundError('Guidance')
    res.json(toGuidanceJson(entry))
  })
  return router
}
