import Fuse from 'fuse.js'
import MiniSearch from 'minisearch'
import { label } from '../i18n/i18n.js'
import { countryName } from '../http/view-helpers.js'
import type { Investment } from './investment.js'
import { FACETS, type FacetName, type InvestmentQuery } from './investment-query.js'

export interface SearchResult {
  items: Investment[]
  total: number
  page: number
  pageSize: number
  facets: Record<FacetName, Record<string, number>> & { year: Record<string, number> }
  /** Total before the amount filter left out non-euro amounts (so the page can say so). */
  leftOutNonEuro: number
}

const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'for', 'in', 'on', 'to', 'with', 'by', 'at', 'or', 'from', 'de', 'la', 'le'])

/** Lower-case, strip accents, drop stop words: "Réfugiés" finds "refugies". */
function processTerm(term: string): string | null {
  const folded = term.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase()
  return folded.length === 0 || STOP_WORDS.has(folded) ? null : folded
}

/** Edits forgiven per word: none for short words, two from six letters (a swapped pair of letters is two edits). */
function typoAllowance(term: string): number {
  return term.length <= 3 ? 0 : term.length <= 5 ? 1 : 2
}

function facetValues(investment: Investment, facet: FacetName): readonly string[] {
  switch (facet) {
    case 'policyField':
      return investment.policyFields
    case 'instrument':
      return investment.instruments
    case 'fund':
      return investment.funds
    case 'country':
      return investment.countries
    case 'targetGroup':
      return investment.targetGroups
    case 'stage':
      return investment.stage ? [investment.stage] : []
    case 'confidence':
      return [investment.confidence]
  }
}

function selected(query: InvestmentQuery, facet: FacetName): readonly string[] {
  return query[facet]
}

/** EUR value when the amount was published in euro; other currencies are never converted. */
export function amountEur(investment: Investment): number | null {
  return investment.amount?.currency === 'EUR' ? investment.amount.value : null
}

/**
 * The in-process search index over investments: full text (MiniSearch: prefix + fuzzy) and facet
 * counts from the same records. Kept in step with every write through the repository's change events.
 */
export class InvestmentSearch {
  private readonly records = new Map<string, Investment>()
  private readonly index: MiniSearch<{ id: string }>
  private vocabulary: Fuse<string> | null = null

  constructor(investments: Iterable<Investment> = []) {
    this.index = new MiniSearch({
      fields: ['title', 'summary', 'geography', 'places', 'codes', 'financiers', 'details'],
      processTerm,
      searchOptions: { boost: { title: 3, places: 2, codes: 1.5 }, prefix: true, fuzzy: typoAllowance, combineWith: 'AND', processTerm },
      extractField: (document, field) => (document as unknown as Record<string, string>)[field] ?? '',
    })
    const docs: ReturnType<typeof toSearchDocument>[] = []
    for (const investment of investments) {
      if (investment.retired) continue
      this.records.set(investment.id, investment)
      docs.push(toSearchDocument(investment))
    }
    this.index.addAll(docs)
  }

  get size(): number {
    return this.records.size
  }

  get(id: string): Investment | undefined {
    return this.records.get(id)
  }

  all(): Investment[] {
    return [...this.records.values()]
  }

  upsert(investment: Investment): void {
    if (this.records.has(investment.id)) this.index.discard(investment.id)
    this.records.delete(investment.id)
    this.vocabulary = null
    if (investment.retired) return
    this.records.set(investment.id, investment)
    this.index.add(toSearchDocument(investment))
  }

  remove(id: string): void {
    if (!this.records.has(id)) return
    this.index.discard(id)
    this.records.delete(id)
    this.vocabulary = null
  }

  search(query: InvestmentQuery): SearchResult {
    const text = query.q?.trim() ?? ''
    let candidates: { investment: Investment; score: number }[]
    if (text === '') {
      candidates = [...this.records.values()].map((investment) => ({ investment, score: 0 }))
    } else {
      candidates = []
      for (const hit of this.index.search(text)) {
        const investment = this.records.get(String(hit.id))
        if (investment) candidates.push({ investment, score: hit.score })
      }
    }

    const facets = emptyFacets()
    const matches: { investment: Investment; score: number }[] = []
    let leftOutNonEuro = 0
    const active = FACETS.filter((facet) => selected(query, facet).length > 0)
    const amountFilter = query.minAmountEur !== undefined || query.maxAmountEur !== undefined

    for (const candidate of candidates) {
      const { investment } = candidate
      if (!passesRanges(investment, query)) {
        if (amountFilter && amountEur(investment) === null && passesYears(investment, query)) leftOutNonEuro++
        continue
      }
      // Disjunctive faceting: a record counts towards facet F when it passes every *other* facet.
      let failed: FacetName | null = null
      let failures = 0
      for (const facet of active) {
        const wanted = selected(query, facet)
        if (!facetValues(investment, facet).some((value) => wanted.includes(value))) {
          failures++
          failed = facet
          if (failures > 1) break
        }
      }
      if (failures > 1) continue
      for (const facet of FACETS) {
        if (failures === 1 && facet !== failed) continue
        for (const value of facetValues(investment, facet)) facets[facet][value] = (facets[facet][value] ?? 0) + 1
      }
      if (failures === 0) {
        matches.push(candidate)
        const year = investment.yearStart
        if (year !== null) facets.year[String(year)] = (facets.year[String(year)] ?? 0) + 1
      }
    }

    sortMatches(matches, query.sort, text !== '')
    const start = (query.page - 1) * query.pageSize
    return {
      items: matches.slice(start, start + query.pageSize).map((m) => m.investment),
      total: matches.length,
      page: query.page,
      pageSize: query.pageSize,
      facets: sortFacets(facets),
      leftOutNonEuro,
    }
  }

  /** A corrected query when some words match nothing ("hosuing" → "housing"); fuse.js over the vocabulary. */
  suggest(text: string): string | null {
    const words = text.split(/\s+/).filter(Boolean)
    if (words.length === 0) return null
    this.vocabulary ??= new Fuse(this.buildVocabulary(), { threshold: 0.34, ignoreLocation: true, minMatchCharLength: 3 })
    let changed = false
    const corrected = words.map((word) => {
      const term = processTerm(word)
      if (term === null || this.index.search(term, { fuzzy: false, prefix: true }).length > 0) return word
      const best = this.vocabulary?.search(term, { limit: 1 })[0]
      if (!best) return word
      changed = true
      return best.item
    })
    return changed ? corrected.join(' ') : null
  }

  /** Cases most like this one: shared policy fields and instruments count most. */
  related(id: string, limit = 5): Investment[] {
    const self = this.records.get(id)
    if (!self) return []
    const scored: { investment: Investment; score: number }[] = []
    for (const other of this.records.values()) {
      if (other.id === id) continue
      const score =
        2 * overlap(self.policyFields, other.policyFields) +
        2 * overlap(self.instruments, other.instruments) +
        overlap(self.targetGroups, other.targetGroups) +
        overlap(self.funds, other.funds) +
        overlap(self.countries, other.countries)
      if (score >= 3) scored.push({ investment: other, score })
    }
    scored.sort((a, b) => b.score - a.score || a.investment.id.localeCompare(b.investment.id))
    return scored.slice(0, limit).map((s) => s.investment)
  }

  private buildVocabulary(): string[] {
    const words = new Set<string>()
    for (const investment of this.records.values()) {
      const doc = toSearchDocument(investment)
      for (const field of [doc.title, doc.summary, doc.places, doc.codes]) {
        for (const raw of field.split(/[^\p{L}\p{N}]+/u)) {
          const term = processTerm(raw)
          if (term !== null && term.length >= 4) words.add(term)
        }
      }
      if (words.size > 20_000) break
    }
    return [...words].sort()
  }
}

function toSearchDocument(investment: Investment) {
  return {
    id: investment.id,
    title: investment.title,
    summary: investment.summary,
    geography: investment.geography,
    places: investment.countries.map(countryName).join(' '),
    codes: [
      ...investment.policyFields.map((v) => label('policyField', v)),
      ...investment.instruments.map((v) => label('instrument', v)),
      ...investment.funds.map((v) => label('fund', v)),
      ...investment.targetGroups.map((v) => label('targetGroup', v)),
    ].join(' '),
    financiers: [...investment.financiers, investment.outcomePayer ?? ''].join(' '),
    details: [investment.targetGroupText, investment.instrumentText, investment.results, investment.notes].filter(Boolean).join(' '),
  }
}

function passesYears(investment: Investment, query: InvestmentQuery): boolean {
  if (query.yearFrom === undefined && query.yearTo === undefined) return true
  const start = investment.yearStart
  if (start === null) return false
  const end = investment.yearEnd ?? start
  // A case running 2015-2019 matches "from 2017": the periods overlap.
  if (query.yearFrom !== undefined && end < query.yearFrom) return false
  if (query.yearTo !== undefined && start > query.yearTo) return false
  return true
}

function passesRanges(investment: Investment, query: InvestmentQuery): boolean {
  if (!passesYears(investment, query)) return false
  if (query.minAmountEur === undefined && query.maxAmountEur === undefined) return true
  const eur = amountEur(investment)
  if (eur === null) return false
  if (query.minAmountEur !== undefined && eur < query.minAmountEur) return false
  if (query.maxAmountEur !== undefined && eur > query.maxAmountEur) return false
  return true
}

function sortMatches(matches: { investment: Investment; score: number }[], sort: InvestmentQuery['sort'], hasText: boolean): void {
  const byTitle = (a: Investment, b: Investment) => a.title.localeCompare(b.title, 'en') || a.id.localeCompare(b.id)
  const byYear = (a: Investment, b: Investment) => (b.yearStart ?? -1) - (a.yearStart ?? -1)
  if (sort === 'relevance' && hasText) matches.sort((a, b) => b.score - a.score || byTitle(a.investment, b.investment))
  else if (sort === 'amount') matches.sort((a, b) => byAmount(a.investment, b.investment) || byTitle(a.investment, b.investment))
  else matches.sort((a, b) => byYear(a.investment, b.investment) || byTitle(a.investment, b.investment))
}

/** Euro amounts first (largest first), then other currencies by their own value (never converted), then unknown. */
function byAmount(a: Investment, b: Investment): number {
  const rank = (i: Investment) => (i.amount === null ? 2 : i.amount.currency === 'EUR' ? 0 : 1)
  return rank(a) - rank(b) || (b.amount?.value ?? 0) - (a.amount?.value ?? 0)
}

function emptyFacets(): SearchResult['facets'] {
  return { policyField: {}, instrument: {}, fund: {}, country: {}, targetGroup: {}, stage: {}, confidence: {}, year: {} }
}

/** Facet values by count (desc), then value. Year keys are integer-like, so JSON keeps them ascending. */
function sortFacets(facets: SearchResult['facets']): SearchResult['facets'] {
  const out = emptyFacets()
  for (const facet of FACETS) {
    out[facet] = Object.fromEntries(Object.entries(facets[facet]).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)))
  }
  out.year = Object.fromEntries(Object.entries(facets.year).sort(([a], [b]) => a.localeCompare(b)))
  return out
}

function overlap(a: readonly string[], b: readonly string[]): number {
  let n = 0
  for (const value of a) if (b.includes(value)) n++
  return n
}
