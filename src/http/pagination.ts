import { z } from 'zod'
import { t } from '../i18n/i18n.js'
import { singleParam } from './validate.js'

/**
 * Bounded pages for every list of the API and the back office (ADR 033): `page` from 1, `pageSize`
 * up to MAX_PAGE_SIZE. Pages get numbered links (views/partials/pagination.hbs).
 */
export const MAX_PAGE_SIZE = 100
export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE = 100_000

export const PageParam = singleParam(
  z.coerce
    .number({ error: `Give a page number from 1 to ${MAX_PAGE}` })
    .int()
    .min(1)
    .max(MAX_PAGE)
    .default(1),
)
export const PageSizeParam = singleParam(
  z.coerce
    .number({ error: `Give a page size from 1 to ${MAX_PAGE_SIZE}` })
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE),
)
/** `?page=&pageSize=` for API lists. */
export const PageQuery = z.strictObject({ page: PageParam, pageSize: PageSizeParam })

export interface PageRequest {
  page: number
  pageSize: number
}

/** What a database query needs for that page. */
export function skipLimit({ page, pageSize }: PageRequest): { skip: number; limit: number } {
  return { skip: (page - 1) * pageSize, limit: pageSize }
}

/** One page of a list already in memory, with the total. */
export function pageOf<T>(
  items: readonly T[],
  request: PageRequest,
): { items: T[]; total: number; page: number; pageSize: number } {
  const { skip, limit } = skipLimit(request)
  return { items: items.slice(skip, skip + limit), total: items.length, ...request }
}

export interface PaginationView {
  previous: string | null
  next: string | null
  items: { page?: number; url?: string; current?: boolean; ellipsis?: boolean }[]
  label: string
}

/** Numbered page links (first, last and the neighbours of the current page), or null for a single page. */
export function paginationView(
  page: number,
  total: number,
  pageSize: number,
  link: (page: number) => string,
): PaginationView | null {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  if (pages <= 1) return null
  const current = Math.min(page, pages)
  const numbers = [...new Set([1, pages, current - 1, current, current + 1].filter((p) => p >= 1 && p <= pages))].sort(
    (a, b) => a - b,
  )
  const items: PaginationView['items'] = []
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1]! > 1) items.push({ ellipsis: true })
    items.push({ page: n, url: link(n), current: n === page })
  })
  return {
    previous: page > 1 ? link(Math.min(page - 1, pages)) : null,
    next: page < pages ? link(page + 1) : null,
    items,
    label: t('pagination.pageOf', { page: current, pages }),
  }
}
