import fc from 'fast-check'
import MiniSearch from 'minisearch'
import { describe, expect, it } from 'vitest'
import { FacetTable, type FacetFilter } from '../../src/investments/facet-table.js'
import type { Investment } from '../../src/investments/investment.js'
import { InvestmentQuery } from '../../src/investments/investment-query.js'
import { InvestmentSearch } from '../../src/investments/investment-search.js'
import { fuzzyTerms, TextIndex } from '../../src/investments/text-index.js'
import { topByScore } from '../../src/investments/top-by-score.js'
import { createRandom, syntheticInvestments } from '../../src/synthetic/synthetic-investments.js'

const RUNS = { numRuns: 150 }

describe('FacetTable', () => {
  // Facet 2 has 40 possible values, so its bitsets need two words per record.
  const ALPHABETS = [['a', 'b', 'c'], ['x', 'y'], Array.from({ length: 40 }, (_, i) => `v${i}`)]
  const record = fc.record({
    values: fc.tuple(...ALPHABETS.map((alphabet) => fc.uniqueArray(fc.constantFrom(...alphabet), { maxLength: 3 }))),
    yearStart: fc.option(fc.integer({ min: 2000, max: 2010 })),
    length: fc.option(fc.integer({ min: 0, max: 4 })),
    eur: fc.option(fc.integer({ min: 0, max: 100 })),
  })
  const filter = fc.record({
    wanted: fc.tuple(
      ...ALPHABETS.map((alphabet) => fc.uniqueArray(fc.constantFrom(...alphabet, 'unknown'), { maxLength: 2 })),
    ),
    yearFrom: fc.option(fc.integer({ min: 1999, max: 2011 }), { nil: undefined }),
    yearTo: fc.option(fc.integer({ min: 1999, max: 2011 }), { nil: undefined }),
    minAmountEur: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    maxAmountEur: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  })
  type Row = { values: string[][]; yearStart: number | null; length: number | null; eur: number | null }

  /** The definition: ranges first, then a record counts for facet F when it passes every other facet. */
  function naive(rows: (Row | undefined)[], candidates: number[], f: FacetFilter) {
    const counts = ALPHABETS.map(() => new Map<string, number>())
    const years = new Map<number, number>()
    const matches: number[] = []
    let leftOutNonEuro = 0
    for (const slot of candidates) {
      const row = rows[slot]
      if (!row) continue
      if (f.yearFrom !== undefined || f.yearTo !== undefined) {
        if (row.yearStart === null) continue
        const end = row.length === null ? row.yearStart : row.yearStart + row.length
        if ((f.yearFrom !== undefined && end < f.yearFrom) || (f.yearTo !== undefined && row.yearStart > f.yearTo))
          continue
      }
      if (f.minAmountEur !== undefined || f.maxAmountEur !== undefined) {
        if (row.eur === null) {
          leftOutNonEuro++
          continue
        }
        if (
          (f.minAmountEur !== undefined && row.eur < f.minAmountEur) ||
          (f.maxAmountEur !== undefined && row.eur > f.maxAmountEur)
        )
          continue
      }
      const passes = ALPHABETS.map(
        (_, i) => f.wanted[i]!.length === 0 || row.values[i]!.some((v) => f.wanted[i]!.includes(v)),
      )
      ALPHABETS.forEach((_, i) => {
        if (passes.every((ok, j) => ok || j === i))
          for (const v of row.values[i]!) counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + 1)
      })
      if (passes.every(Boolean)) {
        matches.push(slot)
        if (row.yearStart !== null) years.set(row.yearStart, (years.get(row.yearStart) ?? 0) + 1)
      }
    }
    return { counts, years, matches, leftOutNonEuro }
  }

  it('filters and counts exactly like a naive count, after sets, replacements and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(70), fc.option(record)), { maxLength: 20 }),
        filter,
        fc.option(fc.uniqueArray(fc.nat(80), { maxLength: 50 })),
        (initial, writes, f, subset) => {
          const table = new FacetTable(ALPHABETS.length)
          const rows: (Row | undefined)[] = []
          const put = (slot: number, row: Row | null) => {
            if (row === null) {
              table.delete(slot)
              rows[slot] = undefined
              return
            }
            const yearEnd = row.yearStart === null || row.length === null ? null : row.yearStart + row.length
            table.set(slot, row.values, row.yearStart, yearEnd, row.eur)
            rows[slot] = row
          }
          initial.forEach((row, slot) => put(slot, row))
          for (const [slot, row] of writes) put(slot, row)
          const candidates = subset ?? rows.map((_, slot) => slot)
          const actual = table.filterAndCount(subset ? Int32Array.from(subset) : null, f)
          const expected = naive(rows, candidates, f)
          expect([...actual.matches]).toEqual(expected.matches)
          expect(actual.leftOutNonEuro).toBe(expected.leftOutNonEuro)
          expect(actual.years).toEqual(expected.years)
          ALPHABETS.forEach((_, i) => {
            const counted = new Map<string, number>()
            actual.counts[i]!.forEach((count, code) => {
              if (count > 0) counted.set(table.name(i, code), count)
            })
            expect(counted).toEqual(expected.counts[i])
          })
        },
      ),
      RUNS,
    )
  })
})

describe('TextIndex', () => {
  const STOP = new Set(['the', 'of'])
  const processTerm = (term: string) => {
    const folded = term
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
    return folded.length === 0 || STOP.has(folded) ? null : folded
  }
  const typos = (term: string) => (term.length <= 3 ? 0 : term.length <= 5 ? 1 : 2)
  const WORDS = [
    'housing',
    'house',
    'hous',
    'Housing',
    'hosuing',
    'loan',
    'loans',
    'lean',
    'fund',
    'funds',
    'funding',
    'réfugiés',
    'refugee',
    'refugees',
    'ref',
    'the',
    'of',
    'a1',
    'bond',
    'bonds',
  ]
  const text = (max: number) =>
    fc.array(fc.constantFrom(...WORDS, ',', '.', '-'), { maxLength: max }).map((words) => words.join(' '))
  const doc = fc.record({ title: text(4), body: text(12) })
  const query = fc
    .array(fc.constantFrom(...WORDS, 'housign', 'lonas', 'fnud', 'xyz'), { minLength: 1, maxLength: 3 })
    .map((words) => words.join(' '))

  /** The library the index replaced, configured as the search was, as the reference for matches and scores. */
  function reference() {
    return new MiniSearch<{ id: number; title: string; body: string }>({
      fields: ['title', 'body'],
      processTerm,
      searchOptions: { boost: { title: 3 }, prefix: true, fuzzy: typos, combineWith: 'AND', processTerm },
    })
  }

  function expectSameHits(index: TextIndex, mini: ReturnType<typeof reference>, q: string, fuzzy: boolean) {
    const expected = mini.search(q, fuzzy ? {} : { fuzzy: false })
    const hits = index.search(q, fuzzy ? typos : () => 0)
    expect([...hits.slots].sort((a, b) => a - b)).toEqual(expected.map((r) => r.id).sort((a, b) => a - b))
    for (const r of expected) expect(hits.scores[r.id]).toBeCloseTo(r.score, 9)
  }

  it('finds the same records with the same scores as MiniSearch (prefix, typos, AND), also after removals', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 30 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(29), { maxLength: 10 }),
        (docs, queries, removals) => {
          const index = new TextIndex([3, 1], processTerm)
          const mini = reference()
          docs.forEach((d, slot) => {
            index.add(slot, [d.title, d.body])
            mini.add({ id: slot, ...d })
          })
          for (const q of queries) for (const fuzzy of [false, true]) expectSameHits(index, mini, q, fuzzy)
          for (const slot of new Set(removals.filter((r) => r < docs.length))) {
            index.remove(slot, [docs[slot]!.title, docs[slot]!.body])
            mini.remove({ id: slot, ...docs[slot]! })
          }
          for (const q of queries) for (const fuzzy of [false, true]) expectSameHits(index, mini, q, fuzzy)
        },
      ),
      RUNS,
    )
  })

  it('finds terms within the typo allowance like a plain Levenshtein distance', () => {
    const levenshtein = (a: string, b: string) => {
      const row = Array.from({ length: b.length + 1 }, (_, j) => j)
      for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0]!
        row[0] = i
        for (let j = 1; j <= b.length; j++) {
          const above = row[j]!
          row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
          diagonal = above
        }
      }
      return row[b.length]!
    }
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 7 })
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { maxLength: 60 }),
        word,
        fc.integer({ min: 1, max: 3 }),
        (terms, q, maxDistance) => {
          const sorted = [...terms].sort()
          const expected = new Map(
            sorted.map((t) => [t, levenshtein(q, t)] as const).filter(([, d]) => d <= maxDistance),
          )
          expect(fuzzyTerms(sorted, q, maxDistance)).toEqual(expected)
        },
      ),
      RUNS,
    )
  })
})

describe('topByScore', () => {
  it('returns the first k of a full sort by score, ties by rank', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 }), fc.nat(60), (rawScores, k) => {
        const scores = Float64Array.from(rawScores)
        const tieRank = Int32Array.from(rawScores.map((_, i) => (i * 7919) % rawScores.length))
        const slots = rawScores.map((_, i) => i)
        const expected = [...slots].sort((a, b) => scores[b]! - scores[a]! || tieRank[a]! - tieRank[b]!).slice(0, k)
        expect(topByScore(Int32Array.from(slots), scores, tieRank, k)).toEqual(expected)
      }),
      RUNS,
    )
  })
})

describe('InvestmentSearch kept in step with writes', () => {
  it('forgets the old words of a record that was changed in place before its update arrived', () => {
    const [record] = syntheticInvestments(1, ['alpha', 'beta'], 1)
    const other = { ...record!, id: 'other', title: 'Housing loan', summary: 'A housing loan.' }
    const changed = { ...record!, title: 'Kitchen garden', summary: 'A community kitchen garden.' }
    const search = new InvestmentSearch([changed, other], { resultCacheSize: 0 })
    changed.title = 'Orchard' // mutated after indexing: the texts to remove can no longer be derived from it
    changed.summary = 'An orchard.'
    search.upsert({ ...changed })
    search.upsert({ ...changed, id: 'third', title: 'Bakery', summary: 'A bakery.' }) // may reuse a slot
    const ids = (q: string) => search.search(InvestmentQuery.parse({ q })).items.map((i: Investment) => i.id)
    expect(ids('kitchen')).toEqual([])
    expect(ids('garden')).toEqual([])
    expect(ids('orchard')).toEqual([record!.id])
    expect(ids('housing')).toEqual(['other'])
    expect(ids('bakery')).toEqual(['third'])
  })

  it('answers like an index built afresh from the same records', () => {
    const vocabulary = [
      'housing',
      'refugees',
      'loan',
      'guarantee',
      'employment',
      'training',
      'microcredit',
      'women',
      'integration',
      'fund',
      'berlin',
    ]
    const records = syntheticInvestments(400, vocabulary, 1)
    const search = new InvestmentSearch(records, { resultCacheSize: 0 })
    const random = createRandom(3)
    const replacements = syntheticInvestments(150, vocabulary, 2)
    replacements.forEach((replacement, i) => {
      const target = records[Math.floor(random() * records.length)]!
      if (i % 5 === 0) search.remove(target.id)
      else
        search.upsert({
          ...replacement,
          id: i % 2 === 0 ? target.id : replacement.id.replace('syn', 'new'),
          retired: i % 7 === 0,
        })
    })
    const fresh = new InvestmentSearch(search.all(), { resultCacheSize: 0 })
    expect(search.size).toBe(fresh.size)
    const queries = [
      {},
      { q: 'housing' },
      { q: 'hosuing loan' },
      { q: 'ref', sort: 'year' },
      { q: 'fund', policyField: ['housing', 'employment'], country: 'DE' },
      { instrument: 'loan', minAmountEur: '100000', sort: 'amount', page: '3' },
      { q: 'women', yearFrom: '2010', yearTo: '2015' },
    ]
    for (const raw of queries) {
      const query = InvestmentQuery.parse(raw)
      const [a, b] = [search.search(query), fresh.search(query)]
      expect({ ...a, items: a.items.map((i: Investment) => i.id) }).toEqual({
        ...b,
        items: b.items.map((i: Investment) => i.id),
      })
    }
  })
})
