import Fuse from 'fuse.js'
import type { Guidance } from './guidance.js'
import { GUIDANCE_FACETS, type GuidanceFacet, type GuidanceQuery } from './guidance-query.js'

export interface GuidanceResult {
  items: Guidance[]
  total: number
  page: number
  pageSize: number
  facets: Record<GuidanceFacet, Record<string, number>>
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
const words = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)

function facetValues(entry: Guidance, facet: GuidanceFacet): readonly string[] {
  switch (facet) {
    case 'kind':
      return [entry.kind]
    case 'instrument':
      return entry.instruments
    case 'fund':
      return entry.funds
    case 'policyField':
      return entry.policyFields
    case 'language':
      return entry.languages
  }
}

/**
 * Search over the guidance library (a few hundred entries at most, so plain scans): every query word
 * must start a word of the title, publisher or summary; when no entry has them all, fuse.js forgives
 * typos. Facet counts are disjunctive, as on /investments.
 */
export class GuidanceSearch {
  private readonly texts: Map<string, string[]>
  private fuse: Fuse<Guidance> | null = null

  constructor(private readonly entries: readonly Guidance[]) {
    this.texts = new Map(entries.map((e) => [e.id, words(`${e.title} ${e.publisher} ${e.summary}`)]))
  }

  search(query: GuidanceQuery): GuidanceResult {
    const matching = this.textMatches(query.q ?? '')
    const passes = (entry: Guidance, except: GuidanceFacet | null) =>
      GUIDANCE_FACETS.every((facet) => {
        const wanted: readonly string[] = query[facet]
        return facet === except || wanted.length === 0 || facetValues(entry, facet).some((v) => wanted.includes(v))
      })
    const found = matching.filter((entry) => passes(entry, null))
    const facets = Object.fromEntries(
      GUIDANCE_FACETS.map((facet) => [facet, {} as Record<string, number>]),
    ) as GuidanceResult['facets']
    for (const facet of GUIDANCE_FACETS) {
      const counts = facets[facet]
      for (const entry of matching)
        if (passes(entry, facet))
          for (const value of facetValues(entry, facet)) counts[value] = (counts[value] ?? 0) + 1
    }
    const start = (query.page - 1) * query.pageSize
    return {
      items: found.slice(start, start + query.pageSize),
      total: found.length,
      page: query.page,
      pageSize: query.pageSize,
      facets,
    }
  }

  /** The entries the text matches, best first (no text: newest first, as the library lists them). */
  private textMatches(text: string): readonly Guidance[] {
    const terms = words(text)
    if (terms.length === 0) return this.entries
    const exact = this.entries.filter((entry) => {
      const own = this.texts.get(entry.id)!
      return terms.every((term) => own.some((word) => word.startsWith(term)))
    })
    if (exact.length > 0) return exact
    this.fuse ??= new Fuse([...this.entries], {
      keys: [{ name: 'title', weight: 3 }, 'publisher', 'summary'],
      threshold: 0.3,
      ignoreLocation: true,
      minMatchCharLength: 3,
    })
    return this.fuse.search(text).map((hit) => hit.item)
  }
}

/** Newest first, unknown years last, then by title. */
export function byYearThenTitle(a: Guidance, b: Guidance): number {
  return (b.year ?? -1) - (a.year ?? -1) || a.title.localeCompare(b.title, 'en')
}

/** Entries covering any of these instruments or funds: most shared tags first, then newest (instrument, fund and match pages). */
export function guidanceThatFits(
  entries: readonly Guidance[],
  wanted: { instruments?: readonly string[]; funds?: readonly string[] },
  limit = 5,
): Guidance[] {
  const scored: { entry: Guidance; score: number }[] = []
  for (const entry of entries) {
    const score =
      entry.instruments.filter((i) => wanted.instruments?.includes(i)).length +
      entry.funds.filter((f) => wanted.funds?.includes(f)).length
    if (score > 0) scored.push({ entry, score })
  }
  scored.sort((a, b) => b.score - a.score || byYearThenTitle(a.entry, b.entry))
  return scored.slice(0, limit).map((s) => s.entry)
}
