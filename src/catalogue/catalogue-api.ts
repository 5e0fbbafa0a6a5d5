import { Router } from 'express'
import { z } from 'zod'
import { NotFoundError } from '../errors.js'
import { parse } from '../http/validate.js'
import { FundSlug, InstrumentSlug } from '../shared/codelists.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import type { CatalogueService } from './catalogue-service.js'
import { casesFor } from './catalogue-pages.js'

export const GlossaryQuery = z.strictObject({ q: z.string().trim().max(100).optional() })

export function catalogueApi(catalogue: CatalogueService, search: InvestmentSearch): Router {
  const router = Router()
  const caseLinks = (kind: 'instrument' | 'fund', slug: string) =>
    casesFor(search, kind, slug, 1000).items.map((i) => ({ id: i.id, title: i.title, url: `/investments/${i.id}` }))

  router.get('/instruments', (_req, res) => {
    res.json({
      items: catalogue.instruments().map((i) => ({
        ...i,
        url: `/instruments/${i.slug}`,
        caseCount: casesFor(search, 'instrument', i.slug, 0).total,
      })),
    })
  })
  router.get('/instruments/:slug', (req, res) => {
    const slug = req.params.slug
    const instrument = InstrumentSlug.safeParse(slug).success ? catalogue.instrument(slug) : undefined
    if (!instrument) throw new NotFoundError('Instrument')
    res.json({ ...instrument, url: `/instruments/${slug}`, cases: caseLinks('instrument', slug) })
  })
  router.get('/funds', (_req, res) => {
    res.json({
      items: catalogue
        .funds()
        .map((f) => ({ ...f, url: `/funds/${f.slug}`, caseCount: casesFor(search, 'fund', f.slug, 0).total })),
    })
  })
  router.get('/funds/:slug', (req, res) => {
    const slug = req.params.slug
    const fund = FundSlug.safeParse(slug).success ? catalogue.fund(slug) : undefined
    if (!fund) throw new NotFoundError('Fund')
    res.json({ ...fund, url: `/funds/${slug}`, cases: caseLinks('fund', slug) })
  })
  router.get('/glossary', (req, res) => {
    const { q } = parse(GlossaryQuery, req.query)
    const items = q ? catalogue.findTerms(q) : catalogue.glossary()
    res.json({ items: items.map((term) => ({ ...term, url: `/glossary#${term.slug}` })), total: items.length })
  })
  return router
}
