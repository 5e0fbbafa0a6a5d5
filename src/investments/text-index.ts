/**
 * The full-text part of the search: an inverted index over a few weighted fields, keyed by the same
 * dense slot numbers as `FacetTable`.
 *
 * It answers like MiniSearch with `prefix: true`, a per-word typo allowance and `combineWith: 'AND'`
 * (which it replaced for speed at 100,000 records): the same tokeniser, BM25+ scoring (k 1.2, b 0.7,
 * d 0.5), prefix weight 0.375 and fuzzy weight 0.45 decaying with the distance, field boosts, and the
 * score multiplied by the number of distinct query words. The differences are in the data layout:
 * postings are typed arrays of (slot, term frequency); a query scores into a typed array indexed by
 * slot, intersects the words cheapest first and computes BM25 only for records that match every word;
 * the term dictionary is a sorted array (prefix = a binary search, typos = a Levenshtein walk that
 * shares rows between neighbouring terms and skips whole ranges of terms).
 */

/** MiniSearch's tokeniser: split on spaces, line breaks and punctuation. */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u

const K = 1.2
const B = 0.7
const D = 0.5
const PREFIX_WEIGHT = 0.375
const FUZZY_WEIGHT = 0.45
/** Raw tokens remembered before the memo is emptied (it only saves re-normalising repeated words). */
const TOKEN_MEMO_LIMIT = 500_000

/** (slot, term frequency) pairs of one term in one field, unordered; removal swaps in the last pair. */
class Postings {
  data = new Int32Array(4)
  length = 0

  push(slot: number, tf: number): void {
    if (this.length * 2 === this.data.length) {
      const data = new Int32Array(this.data.length * 2)
      data.set(this.data)
      this.data = data
    }
    this.data[this.length * 2] = slot
    this.data[this.length * 2 + 1] = tf
    this.length++
  }

  /** Removes the slot's pair; false when the slot was not there. */
  remove(slot: number): boolean {
    const data = this.data
    for (let i = 0; i < this.length; i++) {
      if (data[i * 2] !== slot) continue
      const last = this.length - 1
      data[i * 2] = data[last * 2]!
      data[i * 2 + 1] = data[last * 2 + 1]!
      this.length = last
      return true
    }
    return false
  }
}

interface Term {
  text: string
  /** Per field; null when no indexed record has the term in that field. */
  fields: (Postings | null)[]
  /** In `sorted` (or `pending`): some record has the term. */
  listed: boolean
  /** Scratch of `analyse`: the call that last saw the term, and its frequency in that text. */
  stamp: number
  count: number
}

/** A raw token as split from a text, with its processed term (null for a stop word). */
interface Token {
  term: Term | null
  stamp: number
}

/** One query word and the index terms it reaches (exact, longer by prefix, or within the typo allowance). */
interface WordSpec {
  derived: { term: Term; weight: number }[]
  postings: number
}

export interface TextHits {
  /** Slots of the records matching every query word, in no particular order. */
  slots: Int32Array
  /** Scores indexed by slot (valid for `slots` until the next search). */
  scores: Float64Array
}

export class TextIndex {
  /** Every term ever seen (records that had it may be gone: see `listed`). */
  private readonly terms = new Map<string, Term>()
  /** Every term in code-unit order (prefix ranges and the typo walk); new terms wait in `pending`. */
  private sorted: string[] = []
  private pending: string[] = []
  private readonly tokens = new Map<string, Token>()
  private stamp = 0
  private fieldLength: Int32Array[]
  /** Distinct terms per field and slot, to check that a removal found every term the record was indexed with. */
  private termCount: Int32Array[]
  private readonly averageFieldLength: number[]
  private documentCount = 0
  private capacity = 0
  /** Query scratch, indexed by slot: words matched so far, score of the current word, total score. */
  private seen = new Uint16Array(0)
  private current = new Float64Array(0)
  private total = new Float64Array(0)

  constructor(
    private readonly boosts: readonly number[],
    private readonly processTerm: (term: string) => string | null,
  ) {
    this.fieldLength = boosts.map(() => new Int32Array(0))
    this.termCount = boosts.map(() => new Int32Array(0))
    this.averageFieldLength = boosts.map(() => 0)
  }

  get documents(): number {
    return this.documentCount
  }

  /** Indexes the record in `slot` (one text per field). The slot must not be indexed already. */
  add(slot: number, texts: readonly string[]): void {
    this.ensureCapacity(slot + 1)
    this.documentCount++
    for (let f = 0; f < this.boosts.length; f++) {
      const { unique, found } = this.analyse(texts[f] ?? '')
      this.fieldLength[f]![slot] = unique
      this.termCount[f]![slot] = found.length
      // MiniSearch's running average (kept so scores are the same as before).
      const count = this.documentCount - 1
      this.averageFieldLength[f] = (this.averageFieldLength[f]! * count + unique) / (count + 1)
      for (const term of found) {
        if (!term.listed) {
          term.listed = true
          this.pending.push(term.text)
        }
        ;(term.fields[f] ??= new Postings()).push(slot, term.count)
      }
    }
  }

  /**
   * Removes the record in `slot`, given the texts it was indexed with. Should they differ (a record
   * changed in place after indexing), every posting list is scanned for the slot instead.
   */
  remove(slot: number, texts: readonly string[]): void {
    let complete = true
    for (let f = 0; f < this.boosts.length; f++) {
      const count = this.documentCount
      const length = this.fieldLength[f]![slot]!
      this.averageFieldLength[f] = count === 1 ? 0 : (this.averageFieldLength[f]! * count - length) / (count - 1)
      const { found } = this.analyse(texts[f] ?? '')
      if (found.length !== this.termCount[f]![slot]) complete = false
      for (const term of found) if (!this.removePosting(term, f, slot)) complete = false
    }
    if (!complete)
      for (const term of this.terms.values())
        for (let f = 0; f < this.boosts.length; f++) this.removePosting(term, f, slot)
    this.documentCount--
  }

  private removePosting(term: Term, field: number, slot: number): boolean {
    const postings = term.fields[field]
    if (!postings?.remove(slot)) return false
    if (postings.length === 0) term.fields[field] = null
    if (term.listed && term.fields.every((p) => p === null)) this.unlist(term)
    return true
  }

  /**
   * Records matching every word of `text` (prefixes included), scored. `typos(word)` is the edit
   * distance forgiven per word (0 for none).
   */
  search(text: string, typos: (word: string) => number): TextHits {
    const words = this.queryTerms(text)
    const empty = { slots: new Int32Array(0), scores: this.total }
    if (words.length === 0) return empty
    this.ensureSorted()
    const specs = words.map((word) => this.spec(word, typos(word)))
    if (specs.some((spec) => spec.postings === 0)) return empty

    // 1. Membership: intersect the words, the one with the fewest postings first.
    const seen = this.seen
    const byCost = [...specs].sort((a, b) => a.postings - b.postings)
    const touched: number[] = []
    byCost.forEach((spec, round) => {
      for (const { term } of spec.derived) {
        for (const postings of term.fields) {
          if (!postings) continue
          const data = postings.data
          for (let i = 0; i < postings.length; i++) {
            const slot = data[i * 2]!
            if (seen[slot] !== round) continue
            seen[slot] = round + 1
            if (round === 0) touched.push(slot)
          }
        }
      }
    })
    const all = specs.length
    let n = 0
    const slots = new Int32Array(touched.length)
    for (const slot of touched) if (seen[slot] === all) slots[n++] = slot

    // 2. Scores of the matching records only, word by word in query order (the sums add up in MiniSearch's order).
    const current = this.current
    const total = this.total
    specs.forEach((spec, w) => {
      for (const { term, weight } of spec.derived) this.score(term, weight, all, current)
      for (let i = 0; i < n; i++) {
        const slot = slots[i]!
        total[slot] = w === 0 ? current[slot]! : total[slot]! + current[slot]!
        current[slot] = 0
      }
    })
    const quality = new Set(words).size
    for (let i = 0; i < n; i++) total[slots[i]!]! *= quality
    for (const slot of touched) seen[slot] = 0
    return { slots: slots.subarray(0, n), scores: total }
  }

  /** Adds one term's BM25+ contribution to the records whose `seen` count is `all`. */
  private score(term: Term, weight: number, all: number, into: Float64Array): void {
    const seen = this.seen
    for (let f = 0; f < term.fields.length; f++) {
      const postings = term.fields[f]
      if (!postings) continue
      const fieldWeight = weight * this.boosts[f]!
      const df = postings.length
      const idf = Math.log(1 + (this.documentCount - df + 0.5) / (df + 0.5))
      const average = this.averageFieldLength[f]!
      const lengths = this.fieldLength[f]!
      const data = postings.data
      for (let i = 0; i < df; i++) {
        const slot = data[i * 2]!
        if (seen[slot] !== all) continue
        const tf = data[i * 2 + 1]!
        const raw = idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * lengths[slot]!) / average)))
        into[slot]! += fieldWeight * raw
      }
    }
  }

  private spec(word: string, maxDistance: number): WordSpec {
    const derived: WordSpec['derived'] = []
    const exact = this.terms.get(word)
    if (exact?.listed) derived.push({ term: exact, weight: 1 })
    const first = lowerBound(this.sorted, word)
    let i = first
    for (; i < this.sorted.length && this.sorted[i]!.startsWith(word); i++) {
      const text = this.sorted[i]!
      if (text.length === word.length) continue
      const distance = text.length - word.length
      derived.push({
        term: this.terms.get(text)!,
        weight: (PREFIX_WEIGHT * text.length) / (text.length + 0.3 * distance),
      })
    }
    if (maxDistance > 0) {
      for (const [text, distance] of fuzzyTerms(this.sorted, word, maxDistance)) {
        // A prefix match always scores as a prefix match; the exact word is already in.
        if (distance === 0 || text.startsWith(word)) continue
        derived.push({ term: this.terms.get(text)!, weight: (FUZZY_WEIGHT * text.length) / (text.length + distance) })
      }
    }
    let postings = 0
    for (const { term } of derived) for (const p of term.fields) postings += p?.length ?? 0
    return { derived, postings }
  }

  private queryTerms(text: string): string[] {
    const words: string[] = []
    for (const token of text.split(SPACE_OR_PUNCTUATION)) {
      const term = this.processTerm(token)
      if (term) words.push(term)
    }
    return words
  }

  /**
   * The distinct raw tokens of a text (MiniSearch's field length) and its terms, each with its
   * frequency in `count`. Tokens and terms are memoised objects stamped per call, so a text costs
   * one map look-up per token and no per-text maps.
   */
  private analyse(text: string): { unique: number; found: Term[] } {
    if (this.tokens.size > TOKEN_MEMO_LIMIT) this.tokens.clear()
    const stamp = ++this.stamp
    const found: Term[] = []
    let unique = 0
    for (const raw of text.split(SPACE_OR_PUNCTUATION)) {
      let token = this.tokens.get(raw)
      if (token === undefined) {
        token = { term: this.termFor(this.processTerm(raw)), stamp: 0 }
        this.tokens.set(raw, token)
      }
      if (token.stamp !== stamp) {
        token.stamp = stamp
        unique++
      }
      const term = token.term
      if (term === null) continue
      if (term.stamp !== stamp) {
        term.stamp = stamp
        term.count = 0
        found.push(term)
      }
      term.count++
    }
    return { unique, found }
  }

  private termFor(text: string | null): Term | null {
    if (!text) return null
    let term = this.terms.get(text)
    if (!term) {
      term = { text, fields: this.boosts.map(() => null), listed: false, stamp: 0, count: 0 }
      this.terms.set(text, term)
    }
    return term
  }

  private unlist(term: Term): void {
    term.listed = false
    this.ensureSorted()
    const i = lowerBound(this.sorted, term.text)
    if (this.sorted[i] === term.text) this.sorted.splice(i, 1)
  }

  /** Sorts terms added since the last query (called at the end of a bulk build, so the first query does not pay for it). */
  ensureSorted(): void {
    if (this.pending.length === 0) return
    if (this.pending.length < 64) {
      for (const text of this.pending) this.sorted.splice(lowerBound(this.sorted, text), 0, text)
    } else {
      this.sorted = this.sorted.concat(this.pending).sort()
    }
    this.pending = []
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return
    const capacity = Math.max(needed, this.capacity * 2, 64)
    const widen = (old: Int32Array) => {
      const wider = new Int32Array(capacity)
      wider.set(old)
      return wider
    }
    this.fieldLength = this.fieldLength.map(widen)
    this.termCount = this.termCount.map(widen)
    this.seen = new Uint16Array(capacity)
    this.current = new Float64Array(capacity)
    this.total = new Float64Array(capacity)
    this.capacity = capacity
  }
}

/** First index whose string is ≥ `key` (code-unit order, as `Array.prototype.sort`). */
function lowerBound(sorted: readonly string[], key: string, from = 0): number {
  let lo = from
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index ≥ `from` whose string does not start with `prefix` (strings from `from` on that do are contiguous). */
function endOfPrefix(sorted: readonly string[], prefix: string, from: number): number {
  let lo = from
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]!.startsWith(prefix)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Terms within `maxDistance` edits (Levenshtein: insert, delete, substitute) of `query`, with their
 * distance. Walks the sorted terms like a trie: rows of the matrix are shared with the previous term
 * as far as their common prefix, and once a row is entirely over the allowance every term with that
 * prefix is skipped.
 */
export function fuzzyTerms(sorted: readonly string[], query: string, maxDistance: number): Map<string, number> {
  const results = new Map<string, number>()
  const n = query.length + 1
  const maxLength = query.length + maxDistance
  const matrix = new Uint8Array((maxLength + 1) * n).fill(maxDistance + 1)
  for (let j = 0; j < n; j++) matrix[j] = j
  for (let i = 1; i <= maxLength; i++) matrix[i * n] = i
  let previous = ''
  let valid = 0 // rows 1…valid of the matrix hold `previous`'s first characters
  let t = 0
  while (t < sorted.length) {
    const term = sorted[t]!
    let common = 0
    while (common < valid && term.charCodeAt(common) === previous.charCodeAt(common)) common++
    const rows = Math.min(term.length, maxLength)
    let pruned = 0
    for (let i = common + 1; i <= rows; i++) {
      const char = term.charCodeAt(i - 1)
      const row = i * n
      const above = row - n
      let minDistance = matrix[row]!
      const jmin = Math.max(0, i - maxDistance - 1)
      const jmax = Math.min(n - 1, i + maxDistance)
      for (let j = jmin; j < jmax; j++) {
        const replace = matrix[above + j]! + (char === query.charCodeAt(j) ? 0 : 1)
        const remove = matrix[above + j + 1]! + 1
        const insert = matrix[row + j]! + 1
        const distance = Math.min(replace, remove, insert)
        matrix[row + j + 1] = distance
        if (distance < minDistance) minDistance = distance
      }
      if (minDistance > maxDistance) {
        pruned = i
        break
      }
    }
    previous = term
    if (pruned > 0) {
      valid = pruned
      t = endOfPrefix(sorted, term.slice(0, pruned), t + 1)
      continue
    }
    valid = rows
    if (term.length <= maxLength) {
      const distance = matrix[term.length * n + n - 1]!
      if (distance <= maxDistance) results.set(term, distance)
    }
    t++
  }
  return results
}
