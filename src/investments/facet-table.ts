/**
 * Facet values, years and euro amounts of every indexed record, in typed arrays keyed by a dense
 * slot number (0, 1, 2 …) instead of objects keyed by string ids: filtering and disjunctive facet
 * counting over 100,000 records is then a pass of bit tests and array increments.
 *
 * Each facet keeps a dictionary value → code (codes grow as values appear) and, per slot, a bitset
 * of the codes the record has (`words` 32-bit words per slot, widened when a facet passes 32 values).
 */

const NO_YEAR = -2147483648

export interface FacetFilter {
  /** Per facet, the wanted values (OR within a facet); an empty list leaves the facet unfiltered. */
  wanted: readonly (readonly string[])[]
  yearFrom?: number | undefined
  yearTo?: number | undefined
  minAmountEur?: number | undefined
  maxAmountEur?: number | undefined
}

export interface FacetCounts {
  /** Per facet, count by code (see `name`): disjunctive, a value's count is what adding it would give. */
  counts: Int32Array[]
  /** Matching records by start year. */
  years: Map<number, number>
  /** Slots of the records passing every filter, in candidate order. */
  matches: Int32Array
  /** Records the amount filter left out because their amount is not published in euro (or unknown). */
  leftOutNonEuro: number
}

export class FacetTable {
  private readonly dictionaries: Map<string, number>[]
  private readonly names: string[][]
  private readonly words: number[]
  private readonly bits: Uint32Array[]
  private live = new Uint8Array(0)
  private yearStart = new Int32Array(0)
  /** `yearEnd ?? yearStart`, so the overlap test needs no null check. */
  private yearEnd = new Int32Array(0)
  /** Euro amount, NaN when not published in euro. */
  private eur = new Float64Array(0)
  private capacity = 0
  /** One past the highest slot ever set: the end of a scan over every record. */
  private end = 0
  private minYear = Infinity
  private maxYear = -Infinity

  constructor(readonly facetCount: number) {
    this.dictionaries = Array.from({ length: facetCount }, () => new Map<string, number>())
    this.names = Array.from({ length: facetCount }, (): string[] => [])
    this.words = Array.from({ length: facetCount }, () => 1)
    this.bits = Array.from({ length: facetCount }, () => new Uint32Array(0))
  }

  /** Number of distinct values seen in a facet (codes are 0 … size-1). */
  size(facet: number): number {
    return this.names[facet]!.length
  }

  name(facet: number, code: number): string {
    return this.names[facet]![code]!
  }

  /** Stores (or replaces) the record in `slot`. */
  set(
    slot: number,
    values: readonly (readonly string[])[],
    yearStart: number | null,
    yearEnd: number | null,
    eur: number | null,
  ): void {
    this.ensureCapacity(slot + 1)
    for (let f = 0; f < this.facetCount; f++) {
      const list = values[f] ?? []
      const codes = list.map((value) => this.encode(f, value))
      const w = this.words[f]!
      const bits = this.bits[f]!
      bits.fill(0, slot * w, slot * w + w)
      for (const code of codes) bits[slot * w + (code >>> 5)]! |= 1 << (code & 31)
    }
    this.live[slot] = 1
    this.yearStart[slot] = yearStart ?? NO_YEAR
    this.yearEnd[slot] = yearStart === null ? NO_YEAR : (yearEnd ?? yearStart)
    this.eur[slot] = eur ?? NaN
    if (yearStart !== null) {
      if (yearStart < this.minYear) this.minYear = yearStart
      if (yearStart > this.maxYear) this.maxYear = yearStart
    }
    if (slot + 1 > this.end) this.end = slot + 1
  }

  /** Frees `slot`: it no longer takes part in scans. */
  delete(slot: number): void {
    if (slot >= this.capacity) return
    this.live[slot] = 0
    for (let f = 0; f < this.facetCount; f++) this.bits[f]!.fill(0, slot * this.words[f]!, (slot + 1) * this.words[f]!)
  }

  /**
   * Applies the year and amount ranges and the facets to `candidates` (every live slot when null) and
   * counts facet values disjunctively: a record counts towards facet F when it passes every *other*
   * facet, so a value's count is what the user gets by adding it to the filter.
   */
  filterAndCount(candidates: Int32Array | null, filter: FacetFilter): FacetCounts {
    const F = this.facetCount
    const counts = this.names.map((names) => new Int32Array(names.length))
    const yearBase = Number.isFinite(this.minYear) ? this.minYear : 0
    const yearCounts = new Int32Array(Number.isFinite(this.minYear) ? this.maxYear - this.minYear + 1 : 0)
    const n = candidates === null ? this.end : candidates.length
    const matches = new Int32Array(n)
    let matched = 0
    let leftOutNonEuro = 0

    // Wanted values as bit masks laid out like the records' bitsets.
    const active: number[] = []
    const masks: Uint32Array[] = []
    for (let f = 0; f < F; f++) {
      const mask = new Uint32Array(this.words[f]!)
      const wanted = filter.wanted[f] ?? []
      for (const value of wanted) {
        const code = this.dictionaries[f]!.get(value)
        if (code !== undefined) mask[code >>> 5]! |= 1 << (code & 31)
      }
      masks.push(mask)
      if (wanted.length > 0) active.push(f)
    }
    const yearFilter = filter.yearFrom !== undefined || filter.yearTo !== undefined
    const yearFrom = filter.yearFrom ?? -Infinity
    const yearTo = filter.yearTo ?? Infinity
    const amountFilter = filter.minAmountEur !== undefined || filter.maxAmountEur !== undefined
    const minEur = filter.minAmountEur ?? -Infinity
    const maxEur = filter.maxAmountEur ?? Infinity
    const { live, yearStart, yearEnd, eur, bits, words } = this

    for (let c = 0; c < n; c++) {
      const slot = candidates === null ? c : candidates[c]!
      if (live[slot] !== 1) continue
      if (yearFilter) {
        const start = yearStart[slot]!
        // A case running 2015-2019 matches "from 2017": the periods overlap.
        if (start === NO_YEAR || yearEnd[slot]! < yearFrom || start > yearTo) continue
      }
      if (amountFilter) {
        const value = eur[slot]!
        if (value !== value) {
          leftOutNonEuro++
          continue
        }
        if (value < minEur || value > maxEur) continue
      }
      let failed = -1
      let failures = 0
      for (let a = 0; a < active.length && failures < 2; a++) {
        const f = active[a]!
        const w = words[f]!
        const recordBits = bits[f]!
        const mask = masks[f]!
        let hit = false
        for (let k = 0; k < w; k++) {
          if ((recordBits[slot * w + k]! & mask[k]!) !== 0) {
            hit = true
            break
          }
        }
        if (!hit) {
          failures++
          failed = f
        }
      }
      if (failures > 1) continue
      for (let f = 0; f < F; f++) {
        if (failures === 1 && f !== failed) continue
        const w = words[f]!
        const recordBits = bits[f]!
        const facetCounts = counts[f]!
        for (let k = 0; k < w; k++) {
          let m = recordBits[slot * w + k]! | 0
          while (m !== 0) {
            const low = m & -m
            facetCounts[(k << 5) + 31 - Math.clz32(low)]!++
            m ^= low
          }
        }
      }
      if (failures === 0) {
        matches[matched++] = slot
        const start = yearStart[slot]!
        if (start !== NO_YEAR) yearCounts[start - yearBase]!++
      }
    }
    const years = new Map<number, number>()
    for (let i = 0; i < yearCounts.length; i++) if (yearCounts[i]! > 0) years.set(yearBase + i, yearCounts[i]!)
    return { counts, years, matches: matches.subarray(0, matched), leftOutNonEuro }
  }

  private encode(facet: number, value: string): number {
    const dictionary = this.dictionaries[facet]!
    let code = dictionary.get(value)
    if (code === undefined) {
      code = this.names[facet]!.length
      dictionary.set(value, code)
      this.names[facet]!.push(value)
      if (code >= this.words[facet]! * 32) this.widen(facet)
    }
    return code
  }

  /** One more 32-bit word per slot for a facet that passed a multiple of 32 values. */
  private widen(facet: number): void {
    const old = this.words[facet]!
    const wider = old + 1
    const from = this.bits[facet]!
    const to = new Uint32Array(this.capacity * wider)
    for (let slot = 0; slot < this.capacity; slot++)
      for (let k = 0; k < old; k++) to[slot * wider + k] = from[slot * old + k]!
    this.words[facet] = wider
    this.bits[facet] = to
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return
    const capacity = Math.max(needed, this.capacity * 2, 64)
    for (let f = 0; f < this.facetCount; f++) {
      const bits = new Uint32Array(capacity * this.words[f]!)
      bits.set(this.bits[f]!)
      this.bits[f] = bits
    }
    this.live = grow(this.live, new Uint8Array(capacity))
    this.yearStart = grow(this.yearStart, new Int32Array(capacity))
    this.yearEnd = grow(this.yearEnd, new Int32Array(capacity))
    this.eur = grow(this.eur, new Float64Array(capacity))
    this.capacity = capacity
  }
}

function grow<T extends Uint8Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never)
  return to
}
