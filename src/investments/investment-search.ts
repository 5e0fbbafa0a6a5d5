import Fuse from 'fuse.js'
import { label } from '../i18n/i18n.js'
import { countryName } from '../http/view-helpers.js'
import type { Investment } from './investment.js'
import { FACETS, type FacetName, type InvestmentQuery } from './investment-query.js'
import { FacetTable } from './facet-table.js'
import { TextIndex } from './text-index.js'
import { topByScore } from './top-by-score.js'

export interface SearchResult {
  items: Investment[]
  total: number
  page: number
  pageSize: number
  facets: Record<FacetName, Record<string, number>> & {
    year: Record<string, number>
    relevance: Record<string, number>
  }
  /** Total before the amount filter left out non-euro amounts (so the page can say so). */
  leftOutNonEuro: number
}

const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'for',
  'in',
  'on',
  'to',
  'with',
  'by',
  'at',
  'or',
  'from',
  'de',
  'la',
  'le',
])

/** Lower-case, strip accents, drop stop words: "Réfugiés" finds "refugies". */
function processTerm(term: string): string | null {
  const folded = term
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
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

/** Records older than the relevance field are migrant cases (the field's default). */
export function isOnTopic(investment: Investment): boolean {
  return investment.relevance !== 'other'
}

/** The facet table's columns: the public facets, then relevance (filtered by `includeOther`, not by a facet parameter). */
const RELEVANCE_COLUMN = FACETS.length
const ON_TOPIC: readonly string[] = ['migrants_refugees']

/** EUR value when the amount was published in euro; other currencies are never converted. */
export function amountEur(investment: Investment): number | null {
  return investment.amount?.currency === 'EUR' ? investment.amount.value : null
}

/** Field boosts of the text index: the title, then everything else as one body (see `indexTexts`). */
const FIELD_BOOSTS = [3, 1]

/** An indexed record: the investment and its dense slot number in the text index and the facet table. */
interface Entry {
  investment: Investment
  slot: number
}

/**
 * The in-process search index over investments: full text (prefix + typo tolerance, BM25 ranking,
 * `TextIndex`) and facet counts (`FacetTable`) over the same dense slot numbers. Kept in step with
 * every write through the repository's change events.
 */
export class InvestmentSearch {
  private readonly records = new Map<string, Entry>()
  private readonly text = new TextIndex(FIELD_BOOSTS, processTerm)
  private readonly table = new FacetTable(FACETS.length + 1)
  /** Slots freed by removals, reused by the next additions. */
  private readonly freeSlots: number[] = []
  private readonly slotEntries: (Entry | undefined)[] = []
  private nextSlot = 0
  private vocabulary: Fuse<string> | null = null
  /** Slots in year and amount order, and each slot's position in them; rebuilt lazily after a write. */
  private readonly orders = new Map<'year' | 'amount', { order: Int32Array; rank: Int32Array }>()
  /** `onTopic()`'s array, the same one until the next write. */
  private onTopicList: Investment[] | null = null

  /** Results of recent queries (the landing page, popular filters); emptied by every write. */
  private readonly cache = new Map<string, SearchResult>()
  private readonly cacheSize: number

  constructor(investments: Iterable<Investment> = [], options: { resultCacheSize?: number } = {}) {
    this.cacheSize = options.resultCacheSize ?? 256
    for (const investment of investments) {
      if (investment.retired) continue
      this.delete(investment.id) // a repeated id: the last one wins
      this.insert(investment)
    }
    this.text.ensureSorted()
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

  /** The records about migrants or refugees (the home figures, the matcher's similar cases); the same array until a write. */
  onTopic(): Investment[] {
    this.onTopicList ??= this.all().filter(isOnTopic)
    return this.onTopicList
  }

  upsert(investment: Investment): void {
    this.delete(investment.id)
    this.vocabulary = null
    this.onTopicList = null
    this.orders.clear()
    this.cache.clear()
    if (investment.retired) return
    this.insert(investment)
  }

  remove(id: string): void {
    if (!this.records.has(id)) return
    this.delete(id)
    this.vocabulary = null
    this.onTopicList = null
    this.orders.clear()
    this.cache.clear()
  }

  private insert(investment: Investment): void {
    const slot = this.freeSlots.pop() ?? this.nextSlot++
    const entry = { investment, slot }
    this.records.set(investment.id, entry)
    this.slotEntries[slot] = entry
    const values = [
      ...FACETS.map((facet) => facetValues(investment, facet)),
      [isOnTopic(investment) ? 'migrants_refugees' : 'other'],
    ]
    this.table.set(slot, values, investment.yearStart, investment.yearEnd, amountEur(investment))
    this.text.add(slot, indexTexts(investment))
  }

  private delete(id: string): void {
    const entry = this.records.get(id)
    if (!entry) return
    this.text.remove(entry.slot, indexTexts(entry.investment))
    this.table.delete(entry.slot)
    this.records.delete(id)
    this.slotEntries[entry.slot] = undefined
    this.freeSlots.push(entry.slot)
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
    const { order, rank } = this.order(orderKind)
    let candidates: Int32Array | null = null // null: every record
    let scores: Float64Array | null = null
    if (text !== '') {
      // Exact words and prefixes first; typo tolerance only when they find nothing (fuzzy matching is the costly part).
      let hits = this.text.search(text, () => 0)
      if (hits.slots.length === 0) hits = this.text.search(text, typoAllowance)
      candidates = hits.slots
      scores = hits.scores
    }

    const { counts, years, matches, leftOutNonEuro } = this.table.filterAndCount(candidates, {
      wanted: [...FACETS.map((facet) => query[facet]), query.includeOther ? [] : ON_TOPIC],
      yearFrom: query.yearFrom,
      yearTo: query.yearTo,
      minAmountEur: query.minAmountEur,
      maxAmountEur: query.maxAmountEur,
    })
    const start = (query.page - 1) * query.pageSize
    let pageSlots: ArrayLike<number>
    if (scores !== null && query.sort === 'relevance') {
      // Best score first, ties by year order; only the first `start + pageSize` are ever ordered.
      pageSlots = topByScore(matches, scores, this.order('year').rank, start + query.pageSize).slice(start)
    } else {
      // Mark the matches by rank, then walk the sorted order only as far as the requested page.
      const marks = new Uint8Array(order.length)
      for (let i = 0; i < matches.length; i++) marks[rank[matches[i]!]!] = 1
      const found: number[] = []
      let seen = 0
      for (let r = 0; r < order.length && found.length < query.pageSize; r++) {
        if (marks[r] === 0) continue
        if (seen >= start) found.push(order[r]!)
        seen++
      }
      pageSlots = found
    }
    const items = Array.from(pageSlots, (slot) => this.bySlot(slot))
    const facets = emptyFacets()
    FACETS.forEach((facet, i) => {
      const pairs: [string, number][] = []
      counts[i]!.forEach((count, code) => {
        if (count > 0) pairs.push([this.table.name(i, code), count])
      })
      facets[facet] = Object.fromEntries(pairs.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)))
    })
    // Disjunctive, like every facet: `other` says how many more records `includeOther=true` would add.
    const relevance: [string, number][] = []
    counts[RELEVANCE_COLUMN]!.forEach((count, code) => {
      if (count > 0) relevance.push([this.table.name(RELEVANCE_COLUMN, code), count])
    })
    facets.relevance = Object.fromEntries(relevance.sort(([a], [b]) => (a < b ? -1 : 1)))
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

  /** The investment in a live slot. */
  private bySlot(slot: number): Investment {
    return this.slotEntries[slot]!.investment
  }

  private order(kind: 'year' | 'amount'): { order: Int32Array; rank: Int32Array } {
    let sorted = this.orders.get(kind)
    if (!sorted) {
      const keyed = [...this.records.values()].map((entry) => ({
        entry,
        investment: entry.investment,
        key: titleKey(entry.investment.title),
      }))
      sortRecords(keyed, kind)
      const order = new Int32Array(keyed.length)
      const rank = new Int32Array(this.nextSlot)
      keyed.forEach((k, i) => {
        order[i] = k.entry.slot
        rank[k.entry.slot] = i
      })
      sorted = { order, rank }
      this.orders.set(kind, sorted)
    }
    return sorted
  }

  /** A corrected query when some words match nothing ("hosuing" → "housing"); fuse.js over the vocabulary. */
  suggest(text: string): string | null {
    const words = text.split(/\s+/).filter(Boolean)
    if (words.length === 0) return null
    this.vocabulary ??= new Fuse(this.buildVocabulary(), {
      threshold: 0.34,
      ignoreLocation: true,
      minMatchCharLength: 3,
    })
    let changed = false
    const corrected = words.map((word) => {
      const term = processTerm(word)
      if (term === null || this.text.search(term, () => 0).slots.length > 0) return word
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
    const anyRelevance = !isOnTopic(self)
    for (const { investment: other } of this.records.values()) {
      if (other.id === id || (!anyRelevance && !isOnTopic(other))) continue
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
    details: [investment.targetGroupText, investment.instrumentText, investment.results, investment.notes]
      .filter(Boolean)
      .join(' '),
  }
}

/** What the text index holds: the title apart (boosted), everything else as one body. */
function indexTexts(investment: Investment): [string, string] {
  const doc = toSearchDocument(investment)
  return [doc.title, [doc.places, doc.codes, doc.geography, doc.summary, doc.financiers, doc.details].join(' ')]
}

function cacheKey(query: InvestmentQuery): string {
  const normalised = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [key, Array.isArray(value) ? [...value].sort() : value])
    .sort(([a], [b]) => (a! < b! ? -1 : 1))
  return JSON.stringify(normalised)
}

/** A plain-comparable key: accents folded and lower-cased once, instead of a locale compare per comparison. */
function titleKey(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
}

function sortRecords(records: { investment: Investment; key: string }[], kind: 'year' | 'amount'): void {
  const byTitle = (a: { investment: Investment; key: string }, b: { investment: Investment; key: string }) =>
    a.key < b.key
      ? -1
      : a.key > b.key
        ? 1
        : a.investment.id < b.investment.id
          ? -1
          : a.investment.id > b.investment.id
            ? 1
            : 0
  if (kind === 'amount') records.sort((a, b) => byAmount(a.investment, b.investment) || byTitle(a, b))
  else records.sort((a, b) => (b.investment.yearStart ?? -1) - (a.investment.yearStart ?? -1) || byTitle(a, b))
}

/** Euro amounts first (largest first), then other currencies by their own value (never converted), then unknown. */
function byAmount(a: Investment, b: Investment): number {
  const rank = (i: Investment) => (i.amount === null ? 2 : i.amount.currency === 'EUR' ? 0 : 1)
  return rank(a) - rank(b) || (b.amount?.value ?? 0) - (a.amount?.value ?? 0)
}

function emptyFacets(): SearchResult['facets'] {
  return {
    policyField: {},
    instrument: {},
    fund: {},
    country: {},
    targetGroup: {},
    stage: {},
    confidence: {},
    year: {},
    relevance: {},
  }
}

function overlap(a: readonly string[], b: readonly string[]): number {
  let n = 0
  for (const value of a) if (b.includes(value)) n++
  return n
}
