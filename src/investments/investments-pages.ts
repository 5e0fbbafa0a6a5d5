import { Router } from 'express'
import { NotFoundError } from '../errors.js'
import { label, t, tDynamic, currentLocale } from '../i18n/i18n.js'
import { type PageView, sendPage } from '../http/pages.js'
import { countryName } from '../http/view-helpers.js'
import { formatDate } from '../i18n/format.js'
import { fieldErrors, knownQuery } from '../http/validate.js'
import { CASE_INSTRUMENTS, CONFIDENCE, FUNDS, POLICY_FIELDS, STAGES, TARGET_GROUPS } from '../shared/codelists.js'
import { Lru } from '../shared/lru.js'
import { InvestmentId } from './investment.js'
import { toInvestmentCard, toInvestmentDetail } from './investment-presenters.js'
import { FACETS, type FacetName, InvestmentQuery, toQueryString } from './investment-query.js'
import type { InvestmentSearch, SearchResult } from './investment-search.js'

const CODELIST_OF: Record<FacetName, { list: string; values: readonly string[] }> = {
  policyField: { list: 'policyField', values: POLICY_FIELDS },
  instrument: { list: 'instrument', values: CASE_INSTRUMENTS },
  fund: { list: 'fund', values: FUNDS },
  country: { list: 'country', values: [] },
  targetGroup: { list: 'targetGroup', values: TARGET_GROUPS },
  stage: { list: 'stage', values: STAGES },
  confidence: { list: 'confidence', values: CONFIDENCE },
}

/**
 * What one query string of the search page costs once, not per request: the validated query (zod)
 * and the page's view model (facet options with labels and counts, cards, chips, links), kept for
 * as long as the search answers that query with the same (cached, read-only) result object. A write
 * to the index empties the search's result cache, so the next request builds a fresh view; with the
 * result cache off every request builds one.
 */
interface QueryMemo {
  query: InvestmentQuery
  result?: SearchResult
  view?: PageView
}

/** When and why a retired case was withdrawn (the curation service's `withdrawal`). */
export type WithdrawalLookup = (id: string) => Promise<{ at: string | null; reason: string | null } | null>

export function investmentsPages(search: InvestmentSearch, withdrawal: WithdrawalLookup = async () => null): Router {
  const router = Router()
  const memos = new Lru<string, QueryMemo>(256)

  router.get('/', (req, res) => {
    res.locals.navSection = 'investments'
    // req.query is parsed from exactly this text, so it determines the validated query.
    const questionMark = req.url.indexOf('?')
    const rawQuery = questionMark === -1 ? '' : req.url.slice(questionMark + 1)
    // The view holds labels in the page's language: one memo per language and query.
    const memoKey = `${currentLocale()}?${rawQuery}`
    let memo = memos.get(memoKey)
    if (!memo) {
      const parsed = InvestmentQuery.safeParse(knownQuery(InvestmentQuery, req.query))
      if (!parsed.success) {
        const fields = fieldErrors(parsed.error)
        const errorList = Object.entries(fields).map(([field, messages]) => ({
          text: messages.join('; '),
          href: `#${field || 'q'}`,
        }))
        const fallback = InvestmentQuery.parse({})
        sendPage(
          res,
          'pages/investments/list',
          {
            title: t('investments.title'),
            ...listView(fallback, search.search(fallback), null),
            errorList,
            errors: fields,
            rawQ: typeof req.query.q === 'string' ? req.query.q : '',
          },
          400,
        )
        return
      }
      memo = { query: deepFreeze(parsed.data) }
      memos.set(memoKey, memo)
    }
    const query = memo.query
    const result = search.search(query)
    if (memo.result !== result || !memo.view) {
      const suggestion = result.total === 0 && query.q ? search.suggest(query.q) : null
      memo.view = deepFreeze({ title: pageTitle(query, result), ...listView(query, result, suggestion) })
      memo.result = result
    }
    sendPage(res, 'pages/investments/list', memo.view)
  })

  router.get('/:id', async (req, res) => {
    res.locals.navSection = 'investments'
    const id = InvestmentId.safeParse(req.params.id)
    const investment = id.success ? search.get(id.data) : undefined
    if (!investment) {
      // A shared link to a withdrawn case says so (410 Gone), instead of "page not found".
      const withdrawn = id.success ? await withdrawal(id.data) : null
      if (!withdrawn) throw new NotFoundError('Investment')
      sendPage(res, 'errors/410', withdrawnView(withdrawn), 410)
      return
    }
    sendPage(res, 'pages/investments/show', {
      title: investment.title,
      investment: toInvestmentDetail(investment, search.related(investment.id)),
    })
  })

  return router
}

function withdrawnView({ at, reason }: { at: string | null; reason: string | null }) {
  const date = at ? formatDate(at) : null
  const text =
    date && reason
      ? t('investment.withdrawn.onBecause', { date, reason })
      : date
        ? t('investment.withdrawn.on', { date })
        : reason
          ? t('investment.withdrawn.because', { reason })
          : t('investment.withdrawn.plain')
  return { title: t('investment.withdrawn.title'), text, searchText: t('investment.withdrawn.search') }
}

function pageTitle(query: InvestmentQuery, result: SearchResult): string {
  const base = t('investments.title')
  const parts = [query.q ? `“${query.q}”` : null, t('investments.found', { count: result.total })]
  return `${base}: ${parts.filter(Boolean).join(', ')}`
}

function listView(query: InvestmentQuery, result: SearchResult, suggestion: string | null) {
  const pages = Math.max(1, Math.ceil(result.total / query.pageSize))
  const from = result.total === 0 ? 0 : (query.page - 1) * query.pageSize + 1
  const to = Math.min(result.total, query.page * query.pageSize)
  const exportQuery = toQueryString({ ...query, page: 1, pageSize: 20, sort: query.sort })
  const withFormat = (format: string) =>
    `/api/v1/investments/export${exportQuery === '' ? '?' : `${exportQuery}&`}format=${format}`
  return {
    query,
    q: query.q ?? '',
    found: result.total === 0 ? t('investments.foundNone') : t('investments.found', { count: result.total }),
    total: result.total,
    items: result.items.map(toInvestmentCard),
    facets: FACETS.map((facet) => facetView(facet, query, result)),
    activeFilters: activeFilters(query),
    includeOther: {
      checked: query.includeOther,
      label: t('relevance.includeOther', { count: result.facets.relevance.other ?? 0 }),
    },
    suggestion: suggestion
      ? { text: suggestion, url: `/investments${toQueryString({ ...query, q: suggestion, page: 1 })}` }
      : null,
    sortOptions: (['relevance', 'year', 'amount'] as const).map((value) => ({
      value,
      label: tDynamic(`investments.sort${value[0]!.toUpperCase()}${value.slice(1)}`),
      selected: query.sort === value,
    })),
    pageSizeOptions: [10, 20, 50, 100].map((value) => ({ value, selected: query.pageSize === value })),
    showingRange:
      result.total > 0 && from <= result.total
        ? t('investments.showingRange', { from, to, total: result.total })
        : null,
    beyondLastPage: result.total > 0 && query.page > pages,
    firstPageUrl: `/investments${toQueryString({ ...query, page: 1 })}`,
    pagination: paginationView(query, pages),
    exportCsv: withFormat('csv'),
    exportJson: withFormat('json'),
    leftOutNonEuro: result.leftOutNonEuro,
    yearFrom: query.yearFrom ?? '',
    yearTo: query.yearTo ?? '',
    minAmountEur: query.minAmountEur ?? '',
    maxAmountEur: query.maxAmountEur ?? '',
  }
}

function facetView(facet: FacetName, query: InvestmentQuery, result: SearchResult) {
  const counts = result.facets[facet]
  const chosen: readonly string[] = query[facet]
  const { list, values } = CODELIST_OF[facet]
  const all =
    facet === 'country' ? Object.keys(counts) : values.filter((v) => (counts[v] ?? 0) > 0 || chosen.includes(v))
  for (const value of chosen) if (!all.includes(value)) all.push(value)
  const options = all.map((value) => ({
    value,
    label: facet === 'country' ? countryName(value) : label(list, value),
    count: counts[value] ?? 0,
    checked: chosen.includes(value),
    id: `${facet}-${value}`,
  }))
  if (facet === 'country') options.sort((a, b) => a.label.localeCompare(b.label, 'en'))
  return { name: facet, legend: t(`facet.${facet}`), options, hasOptions: options.length > 0, open: chosen.length > 0 }
}

function activeFilters(query: InvestmentQuery) {
  const chips: { label: string; removeUrl: string; removeLabel: string }[] = []
  const add = (text: string, changes: Partial<Record<keyof InvestmentQuery, unknown>>) =>
    chips.push({
      label: text,
      removeUrl: `/investments${toQueryString({ ...query, page: 1 }, changes)}`,
      removeLabel: t('investments.removeFilter', { label: text }),
    })
  if (query.q) add(`“${query.q}”`, { q: undefined })
  for (const facet of FACETS) {
    const chosen: readonly string[] = query[facet]
    for (const value of chosen) {
      const text = facet === 'country' ? countryName(value) : label(CODELIST_OF[facet].list, value)
      add(`${t(`facet.${facet}`)}: ${text}`, { [facet]: chosen.filter((v) => v !== value) })
    }
  }
  if (query.includeOther) add(t('relevance.chip'), { includeOther: false })
  if (query.yearFrom !== undefined) add(`${t('investments.yearFrom')}: ${query.yearFrom}`, { yearFrom: undefined })
  if (query.yearTo !== undefined) add(`${t('investments.yearTo')}: ${query.yearTo}`, { yearTo: undefined })
  if (query.minAmountEur !== undefined)
    add(`${t('investments.minAmount')}: ${query.minAmountEur}`, { minAmountEur: undefined })
  if (query.maxAmountEur !== undefined)
    add(`${t('investments.maxAmount')}: ${query.maxAmountEur}`, { maxAmountEur: undefined })
  return chips
}

function paginationView(query: InvestmentQuery, pages: number) {
  if (pages <= 1) return null
  const link = (page: number) => `/investments${toQueryString({ ...query, page })}`
  const window = new Set([1, pages, query.page - 1, query.page, query.page + 1].filter((p) => p >= 1 && p <= pages))
  const numbers = [...window].sort((a, b) => a - b)
  const items: { page?: number; url?: string; current?: boolean; ellipsis?: boolean }[] = []
  numbers.forEach((page, i) => {
    if (i > 0 && page - numbers[i - 1]! > 1) items.push({ ellipsis: true })
    items.push({ page, url: link(page), current: page === query.page })
  })
  return {
    previous: query.page > 1 ? link(query.page - 1) : null,
    next: query.page < pages ? link(query.page + 1) : null,
    items,
    label: t('investments.pageOf', { page: Math.min(query.page, pages), pages }),
  }
}

/** Memoised queries and views are shared by requests: freezing them makes any accidental write fail loudly in tests. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}
