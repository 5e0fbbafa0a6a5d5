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
/** A record with what the hot loop needs precomputed: facet values by facet, euro amount, years, sort ranks. */
interface Entry {
  investment: Investment
  values: readonly (readonly string[])[]
  /** The same values as small integers (see `Codes`), so counting is array increments, not map look-ups. */
  codes: readonly (readonly number[])[]
  eur: number | null
  rank: { year: number; amount: number }
}

/** Per-facet dictionaries of value → integer code, growing as values appear. */
class Codes {
  private readonly byFacet = FACETS.map(() => new Map<string, number>())
  private readonly names = FACETS.map((): string[] => [])

  encode(facet: number, value: string): number {
    const dictionary = this.byFacet[facet]!
    let code = dictionary.get(value)
    if (code === undefined) {
      code = this.names[facet]!.length
      dictionary.set(value, code)
      this.names[facet]!.push(value)
    }
    return code
  }

  size(facet: number): number {
    return this.names[facet]!.length
  }

  name(facet: number, code: number): string {
    return this.names[facet]![code]!
  }
}

export class InvestmentSearch {
  private readonly records = new Map<string, Entry>()
  private readonly codes = new Codes()
  private readonly index: MiniSearch<{ id: string }>
  private vocabulary: Fuse<string> | null = null
  /** Entries in year and amount order; rebuilt lazily after a write (ranks are stored on the entries). */
  private readonly orders = new Map<'year' | 'amount', Entry[]>()

  /** Results of recent queries (the landing page, popular filters); emptied by every write. */
  private readonly cache = new Map<string, SearchResult>()
  private readonly cacheSize: number

  constructor(investments: Iterable<Investment> = [], options: { resultCacheSize?: number } = {}) {
    this.cacheSize = options.resultCacheSize ?? 256
    this.index = new MiniSearch({
      // Two fields: each extra field multiplies the postings merged per query term (probe: cost grows with hits).
      fields: ['title', 'body'],
      processTerm,
      searchOptions: { boost: { title: 3 }, prefix: true, fuzzy: typoAllowance, combineWith: 'AND', processTerm },
      extractField: (document, field) => (document as unknown as Record<string, string>)[field] ?? '',
    })
    const docs: ReturnType<typeof toIndexDocument>[] = []
    for (const investment of investments) {
      if (investment.retired) continue
      this.records.set(investment.id, toEntry(investment, this.codes))
      docs.push(toIndexDocument(investment))
    }
    this.index.addAll(docs)
  }

  get size(): number {
    return this.records.size
  }

  get(id: string): Investment | undefined {
    return this.records.get(id)?.investment
  }

  all(): Investment[] {
    return [...this.records.values()].map((entry) => entry.investment)
  }

  upsert(investment: Investment): void {
    if (this.records.has(investment.id)) this.index.discard(investment.id)
    this.records.delete(investment.id)
    this.vocabulary = null
    this.orders.clear()
    this.cache.clear()
    if (investment.retired) return
    this.records.set(investment.id, toEntry(investment, this.codes))
    this.index.add(toIndexDocument(investment))
  }

  remove(id: string): void {
    if (!this.records.has(id)) return
    this.index.discard(id)
    this.records.delete(id)
    this.vocabulary = null
    this.orders.clear()
    this.cache.clear()
  }

  /** Runs a query; a repeated query is answered from the cache until the next write. Treat the result as read-only. */
  search(query: InvestmentQuery): SearchResult {
    if (this.cacheSize === 0) return this.run(query)
    const key = cacheKey(query)
    const cached = this.cache.get(key)
    if (cached) {
      this.cache.delete(key) // re-insert: Map order is the LRU order
      this.cache.set(key, cached)
      return cached
    }
    const result = this.run(query)
    this.cache.set(key, result)
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!)
    return result
  }

  private run(query: InvestmentQuery): SearchResult {
    const text = query.q?.trim() ?? ''
    const orderKind = query.sort === 'amount' ? 'amount' : 'year'
    const order = this.order(orderKind) // also sets every entry's rank
    const scores = new Map<Entry, number>()
    let candidates: Entry[]
    if (text === '') {
      // Insertion order keeps the scan cache-friendly; the sorted order is applied below via ranks.
      candidates = [...this.records.values()]
    } else {
      candidates = []
      // Exact words and prefixes first; typo tolerance only when they find nothing (fuzzy matching is the costly part).
      let hits = this.index.search(text, { fuzzy: false })
      if (hits.length === 0) hits = this.index.search(text)
      for (const hit of hits) {
        const entry = this.records.get(String(hit.id))
        if (!entry) continue
        candidates.push(entry)
        scores.set(entry, hit.score)
      }
    }

    const wanted = FACETS.map((facet) => selected(query, facet))
    const { counts, years, matches, leftOutNonEuro } = filterAndCount(candidates, query, wanted, FACETS.map((_, i) => this.codes.size(i)))
    const start = (query.page - 1) * query.pageSize
    let items: Investment[]
    if (text === '') {
      // Mark the matches by rank, then walk the sorted order only as far as the requested page.
      const marks = new Uint8Array(order.length)
      for (const entry of matches) marks[entry.rank[orderKind]] = 1
      items = []
      let seen = 0
      for (let r = 0; r < order.length && items.length < query.pageSize; r++) {
        if (marks[r] === 0) continue
        if (seen >= start) items.push(order[r]!.investment)
        seen++
      }
    } else {
      if (query.sort === 'relevance') matches.sort((a, b) => scores.get(b)! - scores.get(a)! || a.rank.year - b.rank.year)
      else matches.sort((a, b) => a.rank[orderKind] - b.rank[orderKind])
      items = matches.slice(start, start + query.pageSize).map((entry) => entry.investment)
    }
    const facets = emptyFacets()
    FACETS.forEach((facet, i) => {
      const pairs: [string, number][] = []
      counts[i]!.forEach((count, code) => {
        if (count > 0) pairs.push([this.codes.name(i, code), count])
      })
      facets[facet] = Object.fromEntries(pairs.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)))
    })
    facets.year = Object.fromEntries([...years].sort(([a], [b]) => a - b).map(([year, count]) => [String(year), count]))
    return {
      items,
      total: matches.length,
      page: query.page,
      pageSize: query.pageSize,
      facets,
      leftOutNonEuro,
    }
  }

  private order(kind: 'year' | 'amount'): Entry[] {
    let list = this.orders.get(kind)
    if (!list) {
      const keyed = [...this.records.values()].map((entry) => ({ entry, investment: entry.investment, key: titleKey(entry.investment.title) }))
      sortRecords(keyed, kind)
      list = keyed.map((k, i) => {
        k.entry.rank[kind] = i
        return k.entry
      })
      this.orders.set(kind, list)
    }
    return list
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
    const self = this.records.get(id)?.investment
    if (!self) return []
    const scored: { investment: Investment; score: number }[] = []
    for (const { investment: other } of this.records.values()) {
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
    for (const { investment } of this.records.values()) {
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

/** What MiniSearch indexes: the title apart (boosted), everything else as one body. */
function toIndexDocument(investment: Investment) {
  const doc = toSearchDocument(investment)
  return { id: doc.id, title: doc.title, body: [doc.places, doc.codes, doc.geography, doc.summary, doc.financiers, doc.details].join(' ') }
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

/**
 * The hot loop: applies ranges and facets and counts facet values. Kept free of closures so V8
 * optimises it well (inside `search` the same loop ran about four times slower).
 */
function filterAndCount(candidates: Entry[], query: InvestmentQuery, wanted: readonly (readonly string[])[], sizes: number[]) {
  const counts = sizes.map((size) => new Int32Array(size))
  const years = new Map<number, number>()
  const matches: Entry[] = []
  let leftOutNonEuro = 0
  const active: number[] = []
  for (let i = 0; i < wanted.length; i++) if (wanted[i]!.length > 0) active.push(i)
  const amountFilter = query.minAmountEur !== undefined || query.maxAmountEur !== undefined
  const yearFilter = query.yearFrom !== undefined || query.yearTo !== undefined

  for (let n = 0; n < candidates.length; n++) {
    const entry = candidates[n]!
    if (yearFilter && !passesYears(entry.investment, query)) continue
    if (amountFilter && !passesAmount(entry.eur, query)) {
      if (entry.eur === null) leftOutNonEuro++
      continue
    }
    // Disjunctive faceting: a record counts towards facet F when it passes every *other* facet.
    let failed = -1
    let failures = 0
    for (let a = 0; a < active.length && failures < 2; a++) {
      const i = active[a]!
      if (!intersects(entry.values[i]!, wanted[i]!)) {
        failures++
        failed = i
      }
    }
    if (failures > 1) continue
    const codes = entry.codes
    for (let i = 0; i < codes.length; i++) {
      if (failures === 1 && i !== failed) continue
      const facetCounts = counts[i]!
      const list = codes[i]!
      for (let j = 0; j < list.length; j++) facetCounts[list[j]!]!++
    }
    if (failures === 0) {
      matches.push(entry)
      const year = entry.investment.yearStart
      if (year !== null) years.set(year, (years.get(year) ?? 0) + 1)
    }
  }
  return { counts, years, matches, leftOutNonEuro }
}

function cacheKey(query: InvestmentQuery): string {
  const normalised = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [key, Array.isArray(value) ? [...value].sort() : value])
    .sort(([a], [b]) => (a! < b! ? -1 : 1))
  return JSON.stringify(normalised)
}

function intersects(values: readonly string[], wanted: readonly string[]): boolean {
  for (let i = 0; i < values.length; i++) if (wanted.includes(values[i]!)) return true
  return false
}

function passesAmount(eur: number | null, query: InvestmentQuery): boolean {
  if (eur === null) return false
  if (query.minAmountEur !== undefined && eur < query.minAmountEur) return false
  if (query.maxAmountEur !== undefined && eur > query.maxAmountEur) return false
  return true
}

function toEntry(investment: Investment, codes: Codes): Entry {
  const values = FACETS.map((facet) => facetValues(investment, facet))
  return {
    investment,
    values,
    codes: values.map((list, i) => list.map((value) => codes.encode(i, value))),
    eur: amountEur(investment),
    rank: { year: 0, amount: 0 },
  }
}

/** A plain-comparable key: accents folded and lower-cased once, instead of a locale compare per comparison. */
function titleKey(title: string): string {
  return title.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase()
}

function sortRecords(records: { investment: Investment; key: string }[], kind: 'year' | 'amount'): void {
  const byTitle = (a: { investment: Investment; key: string }, b: { investment: Investment; key: string }) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.investment.id < b.investment.id ? -1 : a.investment.id > b.investment.id ? 1 : 0
  if (kind === 'amount') records.sort((a, b) => byAmount(a.investment, b.investment) || byTitle(a, b))
  else records.sort((a, b) => (b.investment.yearStart ?? -1) - (a.investment.yearStart ?? -1) || byTitle(a, b))
}

/** Euro amounts first (largest first), then other currencies by their own value (never converted), then unknown. */
function byAmount(a: Investment, b: Investment): number {
  const rank = (i: Investment) => (i.amount === null ? 2 : i.amount.currency === 'EUR' ? 0 : 1)
  return rank(a) - rank(b) || (b.amount?.value ?? 0) - (a.amount?.value ?? 0)
}

function emptyFacets(): SearchResult['facets'] {
  return { policyField: {}, instrument: {}, fund: {}, country: {}, targetGroup: {}, stage: {}, confidence: {}, year: {} }
}

function overlap(a: readonly string[], b: readonly string[]): number {
  let n = 0
  for (const value of a) if (b.includes(value)) n++
  return n
}
