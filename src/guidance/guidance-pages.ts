import { Router } from 'express'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import { NotFoundError } from '../errors.js'
import { label, t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { parseQuery } from '../http/validate.js'
import { GUIDANCE_KINDS, GuidanceId } from './guidance.js'
import { guidanceCard, guidanceDetail, guidanceKindLabel, languageName } from './guidance-presenters.js'
import { GUIDANCE_FACETS, type GuidanceFacet, GuidanceQuery, guidanceQueryString } from './guidance-query.js'
import type { GuidanceResult } from './guidance-search.js'
import { FUNDS, INSTRUMENTS, POLICY_FIELDS } from '../shared/codelists.js'

const ORDER: Record<GuidanceFacet, readonly string[] | null> = {
  kind: GUIDANCE_KINDS,
  instrument: INSTRUMENTS,
  fund: FUNDS,
  policyField: POLICY_FIELDS,
  language: null,
}
const optionLabel = (facet: GuidanceFacet, value: string) =>
  facet === 'kind'
    ? guidanceKindLabel(value)
    : facet === 'language'
      ? languageName(value)
      : label(facet === 'instrument' ? 'instrument' : facet === 'fund' ? 'fund' : 'policyField', value)

/** `/guidance` (text search and facets, like /investments) and `/guidance/:id`. */
export function guidancePages(catalogue: CatalogueService): Router {
  const router = Router()
  router.get('/guidance', (req, res) => {
    res.locals.navSection = 'guidance'
    const query = parseQuery(GuidanceQuery, req.query)
    const result = catalogue.guidanceSearch().search(query)
    const pages = Math.max(1, Math.ceil(result.total / query.pageSize))
    sendPage(res, 'pages/guidance/list', {
      title: query.q ? `${t('guidance.title')}: “${query.q}”` : t('guidance.title'),
      q: query.q ?? '',
      found: t('guidance.found', { count: result.total }),
      items: result.items.map(guidanceCard),
      facets: GUIDANCE_FACETS.map((facet) => facetView(facet, query, result)),
      chips: chips(query),
      previous: query.page > 1 ? `/guidance${guidanceQueryString(query, { page: query.page - 1 })}` : null,
      next: query.page < pages ? `/guidance${guidanceQueryString(query, { page: query.page + 1 })}` : null,
      pageOf: pages > 1 ? t('investments.pageOf', { page: Math.min(query.page, pages), pages }) : null,
    })
  })
  router.get('/guidance/:id', (req, res) => {
    res.locals.navSection = 'guidance'
    const id = GuidanceId.safeParse(req.params.id)
    const entry = id.success ? catalogue.guidanceEntry(id.data) : undefined
    if (!entry) throw new NotFoundError('Guidance')
    sendPage(res, 'pages/guidance/show', { title: entry.title, entry: guidanceDetail(entry) })
  })
  return router
}

function facetView(facet: GuidanceFacet, query: GuidanceQuery, result: GuidanceResult) {
  const counts = result.facets[facet]
  const chosen: readonly string[] = query[facet]
  const order = ORDER[facet]
  const values = [...new Set([...(order ?? Object.keys(counts).sort()), ...chosen])].filter(
    (v) => (counts[v] ?? 0) > 0 || chosen.includes(v),
  )
  const options = values.map((value) => ({
    value,
    label: optionLabel(facet, value),
    count: counts[value] ?? 0,
    checked: chosen.includes(value),
    id: `${facet}-${value}`,
  }))
  if (facet === 'language') options.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
  return { name: facet, legend: t(`guidance.facet.${facet}`), options, hasOptions: options.length > 0 }
}

function chips(query: GuidanceQuery) {
  const list: { label: string; removeUrl: string; removeLabel: string }[] = []
  const add = (text: string, changes: Partial<Record<keyof GuidanceQuery, unknown>>) =>
    list.push({
      label: text,
      removeUrl: `/guidance${guidanceQueryString({ ...query, page: 1 }, changes)}`,
      removeLabel: t('investments.removeFilter', { label: text }),
    })
  if (query.q) add(`“${query.q}”`, { q: undefined })
  for (const facet of GUIDANCE_FACETS) {
    const chosen: readonly string[] = query[facet]
    for (const value of chosen)
      add(`${t(`guidance.facet.${facet}`)}: ${optionLabel(facet, value)}`, {
        [facet]: chosen.filter((v) => v !== value),
      })
  }
  return list
}
