import { Router } from 'express'
import { z } from 'zod'
import { NotFoundError } from '../errors.js'
import { label, t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { toInvestmentCard } from '../investments/investment-presenters.js'
import { InvestmentQuery } from '../investments/investment-query.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import { FUNDS, INSTRUMENTS } from '../shared/codelists.js'
import { fundCard, fundDetail, glossaryView, instrumentCard, instrumentDetail } from './catalogue-presenters.js'
import type { CatalogueService } from './catalogue-service.js'
import { guidanceCard } from '../guidance/guidance-presenters.js'
import { GuidanceQuery } from '../guidance/guidance-query.js'
import { guidanceThatFits } from '../guidance/guidance-search.js'

const GlossaryQuery = z.object({ q: z.string().trim().max(100).optional() })

/** Cases in the repository that use an instrument or involve a fund, newest first. */
export function casesFor(search: InvestmentSearch, kind: 'instrument' | 'fund', slug: string, pageSize: number) {
  const query = InvestmentQuery.parse({ [kind]: slug, sort: 'year' })
  return search.search({ ...query, pageSize: Math.max(pageSize, 1) })
}

/** The "Real cases" block of an instrument or fund page: the ten newest and a link to all. */
function casesView(search: InvestmentSearch, kind: 'instrument' | 'fund', slug: string) {
  const cases = casesFor(search, kind, slug, 10)
  return {
    cases: cases.items.map(toInvestmentCard),
    caseTotal: cases.total,
    casesUrl: `/investments?${kind}=${slug}`,
    showAllCases: cases.total > cases.items.length,
  }
}

/** The "Guidance on this" block: the library entries covering the instrument or fund, and a link to all of them. */
function guidanceView(catalogue: CatalogueService, kind: 'instrument' | 'fund', slug: string) {
  const items = guidanceThatFits(
    catalogue.guidance(),
    kind === 'instrument' ? { instruments: [slug] } : { funds: [slug] },
    5,
  ).map(guidanceCard)
  const total = catalogue.guidanceSearch().search(GuidanceQuery.parse({ [kind]: slug })).total
  return { items, allUrl: `/guidance?${kind}=${slug}`, allLabel: t('guidance.fitsAllFor', { count: total }) }
}

export function cataloguePages(catalogue: CatalogueService, search: InvestmentSearch): Router {
  const router = Router()

  router.get('/instruments', (_req, res) => {
    res.locals.navSection = 'instruments'
    const items = catalogue.instruments().map((i) => instrumentCard(i, casesFor(search, 'instrument', i.slug, 0).total))
    sendPage(res, 'pages/catalogue/instruments', { title: t('catalogue.instrumentsTitle'), items })
  })

  router.get('/instruments/:slug', (req, res) => {
    res.locals.navSection = 'instruments'
    const slug = req.params.slug
    const instrument = (INSTRUMENTS as readonly string[]).includes(slug) ? catalogue.instrument(slug) : undefined
    if (!instrument) throw new NotFoundError('Instrument')
    sendPage(res, 'pages/catalogue/instrument', {
      title: instrument.name,
      instrument: instrumentDetail(instrument),
      ...casesView(search, 'instrument', slug),
      guidance: guidanceView(catalogue, 'instrument', slug),
    })
  })

  router.get('/funds', (_req, res) => {
    res.locals.navSection = 'funds'
    const items = catalogue.funds().map((f) => fundCard(f, casesFor(search, 'fund', f.slug, 0).total))
    sendPage(res, 'pages/catalogue/funds', { title: t('catalogue.fundsTitle'), items })
  })

  router.get('/funds/:slug', (req, res) => {
    res.locals.navSection = 'funds'
    const slug = req.params.slug
    const fund = (FUNDS as readonly string[]).includes(slug) ? catalogue.fund(slug) : undefined
    if (!fund) throw new NotFoundError('Fund')
    sendPage(res, 'pages/catalogue/fund', {
      title: fund.name,
      fund: fundDetail(fund),
      ...casesView(search, 'fund', slug),
      guidance: guidanceView(catalogue, 'fund', slug),
    })
  })

  router.get('/glossary', (req, res) => {
    res.locals.navSection = 'glossary'
    const parsed = GlossaryQuery.safeParse(req.query)
    const q = parsed.success ? (parsed.data.q ?? '') : ''
    const terms = q ? catalogue.findTerms(q) : catalogue.glossary()
    const linkFor = (slug: string) => {
      const term = catalogue.term(slug)
      if (term) return { url: `/glossary#${slug}`, name: term.term }
      if ((INSTRUMENTS as readonly string[]).includes(slug))
        return { url: `/instruments/${slug}`, name: label('instrument', slug) }
      if ((FUNDS as readonly string[]).includes(slug)) return { url: `/funds/${slug}`, name: label('fund', slug) }
      return null
    }
    const letters: { letter: string; href: string }[] = []
    for (const term of terms) {
      const letter = term.term[0]!.toUpperCase()
      if (!letters.some((l) => l.letter === letter)) letters.push({ letter, href: `#${term.slug}` })
    }
    sendPage(res, 'pages/catalogue/glossary', {
      title: t('catalogue.glossaryTitle'),
      q,
      terms: terms.map((term) => glossaryView(term, linkFor)),
      letters: q ? [] : letters,
      resultText: q
        ? terms.length === 0
          ? t('catalogue.glossaryNoMatch', { q })
          : t('catalogue.glossaryMatches', { count: terms.length, q })
        : null,
    })
  })

  return router
}
