import { exportTimeZones } from '../i18n/format.js'
import { Router } from 'express'
import { z } from 'zod'
import { NotFoundError } from '../errors.js'
import { parse } from '../http/validate.js'
import { InvestmentId } from './investment.js'
import { investmentsToCsv } from './investment-export.js'
import { toInvestmentJson } from './investment-presenters.js'
import { InvestmentQuery } from './investment-query.js'
import type { InvestmentSearch } from './investment-search.js'

const ExportFormat = z.object({ format: z.enum(['csv', 'json']).default('json') })
const MAX_EXPORT = 100_000

export function investmentsApi(search: InvestmentSearch): Router {
  const router = Router()

  router.get('/', (req, res) => {
    const query = parse(InvestmentQuery, req.query)
    const result = search.search(query)
    const suggestion = result.total === 0 && query.q ? search.suggest(query.q) : null
    res.json({
      items: result.items.map(toInvestmentJson),
      total: result.total,
      page: result.page,
      pageSize: result.pageSize,
      facets: result.facets,
      ...(suggestion ? { suggestion } : {}),
    })
  })

  router.get('/export', (req, res) => {
    const { format, ...rest } = req.query
    const { format: chosen } = parse(ExportFormat, { format })
    const query = parse(InvestmentQuery, { ...rest, page: '1', pageSize: '1' })
    const { items, total } = search.search({ ...query, page: 1, pageSize: MAX_EXPORT })
    res.setHeader('Content-Disposition', `attachment; filename="investments.${chosen}"`)
    if (chosen === 'csv')
      res
        .type('text/csv; charset=utf-8')
        .send(investmentsToCsv(items, `${req.protocol}://${req.get('host') ?? 'localhost'}`))
    else res.json({ total, timeZones: exportTimeZones(['createdAt', 'updatedAt']), items: items.map(toInvestmentJson) })
  })

  router.get('/:id', (req, res) => {
    const id = parse(InvestmentId, req.params.id)
    const investment = search.get(id)
    if (!investment) throw new NotFoundError('Investment')
    res.json({
      ...toInvestmentJson(investment),
      related: search.related(id).map((r) => ({ id: r.id, title: r.title, url: `/investments/${r.id}` })),
    })
  })

  return router
}
