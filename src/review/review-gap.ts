import { INSTRUMENTS } from '../shared/codelists.js'
import type { SizeKind } from './response-figures.js'
import { DEMAND_KINDS } from './response-figures.js'
import type { InstrumentTotals, RawSummary } from './review-rollup.js'
import type { ReviewFilters } from './review-query.js'

/**
 * The gap in euros per country × policy field × instrument (issue #18, docs/adr/066). Demand names
 * instruments in `instruments_interest` (cities, service providers) or `programmes_fi_which`
 * (Member States); supply in `products` (intermediaries). A response that names none (no answer,
 * "Not sure yet") is shown under `not_stated`, whose supply is every intermediary of the cell:
 * any of them might serve it. Amounts are never split: a city that names two instruments shows its
 * project cost under each, an intermediary its committable volume under each product.
 */
export const GAP_NOT_STATED = 'not_stated'
export const GAP_COVERAGE = ['no_intermediary', 'no_volume', 'volume'] as const
export type GapCoverage = (typeof GAP_COVERAGE)[number]

/** The instruments of the codelist an answer names (drops "not_sure", "none" and anything else). */
export function instrumentsNamed(answer: readonly unknown[]): string[] {
  const known = new Set<string>(INSTRUMENTS)
  return [...new Set(answer.filter((x): x is string => typeof x === 'string' && known.has(x)))]
}

export interface GapRow {
  policyField: string
  country: string
  /** An instrument of the codelist, or `not_stated`. */
  instrument: string
  /** Cities, Member State bodies and service providers that named the field and this instrument. */
  demandResponses: number
  demandOrganisations: string[]
  /** Wanted by kind (city project cost, service-provider need), each response once per row. */
  wantedByKind: Partial<Record<SizeKind, { sumEur: number; answered: number }>>
  wantedEur: number
  wantedAnswered: number
  /** Intermediaries serving the country with an appetite for the field that offer the instrument. */
  intermediaries: number
  supplyOrganisations: string[]
  committableEur: number
  committableAnswered: number
  differenceEur: number
  coverage: GapCoverage
}

const EMPTY: InstrumentTotals = { n: 0, orgs: [], kinds: {} }
const collator = new Intl.Collator()

function merge(into: InstrumentTotals, from: InstrumentTotals | undefined): void {
  if (!from) return
  into.n += from.n
  into.orgs.push(...from.orgs)
  for (const [kind, total] of Object.entries(from.kinds) as [SizeKind, { sum: number; n: number }][]) {
    const sum = (into.kinds[kind] ??= { sum: 0, n: 0 })
    sum.sum += total.sum
    sum.n += total.n
  }
}

/** Demand and supply of one country × policy field, per instrument. */
interface Cell {
  policyField: string
  country: string
  demand: Map<string, InstrumentTotals>
  supply: Map<string, InstrumentTotals>
  /** Every intermediary of the cell, whatever it offers (the supply of `not_stated` demand). */
  anySupply: InstrumentTotals
}

function cellsOf(demand: RawSummary['demand']): Cell[] {
  const cells = new Map<string, Cell>()
  for (const row of demand) {
    const { c, t, f } = row._id
    if (typeof f !== 'string') continue
    const key = `${f}|${c}`
    let cell = cells.get(key)
    if (!cell) {
      cell = {
        policyField: f,
        country: c,
        demand: new Map(),
        supply: new Map(),
        anySupply: { ...EMPTY, orgs: [], kinds: {} },
      }
      cells.set(key, cell)
    }
    const side = t === 'financial_intermediary' ? cell.supply : cell.demand
    for (const [instrument, totals] of Object.entries(row.byInstrument)) {
      const into = side.get(instrument) ?? { n: 0, orgs: [], kinds: {} }
      merge(into, totals)
      side.set(instrument, into)
    }
    if (t === 'financial_intermediary') merge(cell.anySupply, { n: row.n, orgs: row.orgs, kinds: row.kinds })
  }
  return [...cells.values()]
}

function rowOf(cell: Cell, instrument: string): GapRow {
  const demand = cell.demand.get(instrument) ?? EMPTY
  const supply = instrument === GAP_NOT_STATED ? cell.anySupply : (cell.supply.get(instrument) ?? EMPTY)
  const wantedByKind: GapRow['wantedByKind'] = {}
  for (const kind of DEMAND_KINDS) {
    const total = demand.kinds[kind]
    if (total) wantedByKind[kind] = { sumEur: total.sum, answered: total.n }
  }
  const wanted = Object.values(wantedByKind)
  const wantedEur = wanted.reduce((sum, k) => sum + k.sumEur, 0)
  const committable = supply.kinds.intermediary_committable ?? { sum: 0, n: 0 }
  return {
    policyField: cell.policyField,
    country: cell.country,
    instrument,
    demandResponses: demand.n,
    demandOrganisations: [...demand.orgs].sort(collator.compare),
    wantedByKind,
    wantedEur,
    wantedAnswered: wanted.reduce((sum, k) => sum + k.answered, 0),
    intermediaries: supply.n,
    supplyOrganisations: [...supply.orgs].sort(collator.compare),
    committableEur: committable.sum,
    committableAnswered: committable.n,
    differenceEur: wantedEur - committable.sum,
    coverage: supply.n === 0 ? 'no_intermediary' : committable.n === 0 ? 'no_volume' : 'volume',
  }
}

const ORDER: readonly string[] = [...INSTRUMENTS, GAP_NOT_STATED]

/** The filters that pick rows of the gap table (country, policy field, instrument, coverage). */
type RowFilters = Pick<ReviewFilters, 'country' | 'policyField' | 'instrument' | 'coverage'>

function kept(row: GapRow, filters: RowFilters): boolean {
  const pass = (chosen: readonly string[], value: string) => chosen.length === 0 || chosen.includes(value)
  return (
    pass(filters.country, row.country) &&
    pass(filters.policyField, row.policyField) &&
    pass(filters.instrument, row.instrument) &&
    pass(filters.coverage, row.coverage)
  )
}

/**
 * One row per country × policy field × instrument that demand or supply names; `not_stated` only
 * where some demand named no instrument. The response filters chose the responses; the country,
 * field, instrument and coverage filters also choose the rows.
 */
export function gapByInstrument(demand: RawSummary['demand'], filters: RowFilters): GapRow[] {
  const rows: GapRow[] = []
  for (const cell of cellsOf(demand)) {
    const instruments = new Set([...cell.demand.keys(), ...cell.supply.keys()])
    if (!cell.demand.has(GAP_NOT_STATED)) instruments.delete(GAP_NOT_STATED)
    for (const instrument of instruments) {
      const row = rowOf(cell, instrument)
      if (kept(row, filters)) rows.push(row)
    }
  }
  return rows.sort(
    (x, y) =>
      x.policyField.localeCompare(y.policyField) ||
      x.country.localeCompare(y.country) ||
      ORDER.indexOf(x.instrument) - ORDER.indexOf(y.instrument),
  )
}
