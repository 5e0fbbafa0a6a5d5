import type { QuestionnaireDefinition } from '../questionnaires/definition.js'
import type { RespondentType } from '../shared/codelists.js'
import { readinessProfile } from '../questionnaires/readiness.js'
import { DIMENSIONS } from '../questionnaires/definition.js'
import { figuresOf, shownAnswers, type ResponseFigures, type SizeKind } from './response-figures.js'

/** A response's readiness, overall and per dimension, under its own version's rules. */
export type ReadinessScores = { overall: number } & Record<(typeof DIMENSIONS)[number], number>
import { themeAnswerOf, type ReviewFilters, type Theme } from './review-query.js'
import { matchesFilters, type ResponseView, type ResponseViews } from './response-views.js'
import { GAP_NOT_STATED, instrumentsNamed } from './review-gap.js'

/**
 * The summary's figures for one filter set, kept up to date incrementally (docs/adr/017, 027). Each
 * response's part of the figures (its contribution) is computed here from what reviewers see of it
 * (response-views.ts); on each refresh only the responses whose view changed are computed again:
 * their old part is taken out of the totals and the new one added.
 */

type Key<T> = { _id: T; n: number }
/** The merged figures, as the service turns them into a summary. */
export interface RawSummary {
  total: number
  byType: Key<string>[]
  byStatus: Key<string>[]
  byCountry: Key<string>[]
  byTypeVersion: Key<{ t: string; v: number }>[]
  /** Per questionnaire version and question (`type@version:question`): its answers' values. */
  questions: ReadonlyMap<string, QuestionValues>
  demand: (Key<{ c: string; t: string; f: string }> & {
    sizeSum: number
    sizeN: number
    sizeMin: number | null
    sizeMax: number | null
    orgs: string[]
    /** Per kind: the sum and how many answered (a response once per cell). */
    kinds: Partial<Record<SizeKind, { sum: number; n: number }>>
    ticketMin: number | null
    ticketMax: number | null
    ticketTypicals: number[]
    /** Intermediaries in the cell that serve more than one country (their volume shows in each). */
    multiCountry: number
    /** Per instrument the responses named (`not_stated` when none): how many, who, amounts by kind (review-gap.ts). */
    byInstrument: Record<string, InstrumentTotals>
  })[]
  /** Each response that passes the filters once, with its euro figures. */
  figures: { t: string; c: string; figures: ResponseFigures; readiness: ReadinessScores | null }[]
  demandInstruments: Key<{ c: string; t: string; f: string; i: string }>[]
  /** A new object whenever `demand` or `demandInstruments` changed: what is derived from them can be kept by it. */
  demandVersion: object
}

export type AnswerValue = string | number | boolean

/** A cell's responses that named one instrument: how many, their organisations, their amounts by kind. */
export interface InstrumentTotals {
  n: number
  orgs: string[]
  kinds: Partial<Record<SizeKind, { sum: number; n: number }>>
}

/**
 * The answers to one question of one questionnaire version: how many answered, how often each value
 * was given. `stamp` moves on with every change, so work derived from it can be kept until then.
 */
export interface QuestionValues {
  t: string
  v: number
  q: string
  answered: number
  values: Map<string, { x: AnswerValue; n: number }>
  stamp: number
}

type R = { r: string }
/** What one response adds to the totals (kept to take it out again); every row is keyed by the response (`r`). */
export interface Contribution {
  view: ResponseView
  /** The response, when it passes the filters. */
  response: { _id: string; t: string; v: number; s: string; c: string } | null
  /** Per question and answer value: `n` times given; `first` is 1 when it is the first item of the answer (Σ first = answered). */
  values: (Key<R & { t: string; v: number; q: string; x: AnswerValue }> & { first: number })[]
  /** Per demand/supply cell (country, type, theme policy field): the response's size answer and organisation. */
  demand: (Key<R & { c: string; t: string; f: string }> & { s: unknown; o: string; k: ResponseFigures; i: string[] })[]
  demandInstruments: Key<R & { c: string; t: string; f: string; i: string }>[]
  figures: ResponseFigures | null
  readiness: ReadinessScores | null
}

/** The definition of a questionnaire version, when known (to leave out answers its conditions hide). */
export type DefinitionOf = (type: RespondentType, version: number) => QuestionnaireDefinition | undefined

class Counter<K> {
  private readonly rows = new Map<string, { id: K; n: number; first: number }>()
  add(key: string, id: K, n: number, first = 0): void {
    const row = this.rows.get(key)
    if (row) {
      row.n += n
      row.first += first
      if (row.n === 0) this.rows.delete(key)
    } else if (n !== 0) this.rows.set(key, { id, n, first })
  }
  list(): { _id: K; n: number; first: number }[] {
    return [...this.rows.values()].map((row) => ({ _id: row.id, n: row.n, first: row.first }))
  }
}

interface DemandCell {
  id: { c: string; t: string; f: string }
  members: Map<string, { n: number; s: unknown; o: string; k: ResponseFigures; i: string[] }>
}

export class SummaryRollup {
  private readonly contributions = new Map<string, Contribution>()
  private byType = new Counter<string>()
  private byStatus = new Counter<string>()
  private byCountry = new Counter<string>()
  private byTypeVersion = new Counter<{ t: string; v: number }>()
  private readonly questions = new Map<string, QuestionValues>()
  private stamp = 0
  private demandInstruments = new Counter<{ c: string; t: string; f: string; i: string }>()
  private readonly demand = new Map<string, DemandCell>()
  private total = 0
  private demandVersion: object = {}
  private viewsGeneration = -1

  constructor(readonly filters: ReviewFilters) {}

  /** Brings the totals up to date with the views; true when anything changed. */
  update(views: ResponseViews, definitionOf: DefinitionOf = () => undefined): boolean {
    if (views.generation === this.viewsGeneration) return false
    let changed = false
    const present = new Set<string>()
    for (const view of views.all()) {
      present.add(view.id)
      const old = this.contributions.get(view.id)
      if (old?.view === view) continue
      const contribution = contributionOf(view, this.filters, definitionOf(view.respondentType, view.definitionVersion))
      // A status change or a note leaves the demand rows as they were: keep what was derived from them.
      const demandChanged =
        !old ||
        JSON.stringify([old.demand, old.demandInstruments]) !==
          JSON.stringify([contribution.demand, contribution.demandInstruments])
      if (old) this.apply(old, -1, demandChanged)
      this.apply(contribution, 1, demandChanged)
      this.contributions.set(view.id, contribution)
      changed = true
    }
    for (const [id, contribution] of this.contributions) {
      if (present.has(id)) continue
      this.apply(contribution, -1, true)
      this.contributions.delete(id)
      changed = true
    }
    this.viewsGeneration = views.generation
    return changed
  }

  raw(): RawSummary {
    const plain = <K>(counter: Counter<K>) => counter.list().map(({ _id, n }) => ({ _id, n }))
    return {
      total: this.total,
      byType: plain(this.byType),
      byStatus: plain(this.byStatus),
      byCountry: plain(this.byCountry),
      byTypeVersion: plain(this.byTypeVersion),
      questions: this.questions,
      demand: [...this.demand.values()].map(({ id, members }) => {
        let n = 0
        let sizeSum = 0
        let sizeN = 0
        let sizeMin: number | null = null
        let sizeMax: number | null = null
        const orgs: string[] = []
        const kinds: Partial<Record<SizeKind, { sum: number; n: number }>> = {}
        let ticketMin: number | null = null
        let ticketMax: number | null = null
        const ticketTypicals: number[] = []
        let multiCountry = 0
        const byInstrument: Record<string, InstrumentTotals> = {}
        for (const member of members.values()) {
          n += member.n
          addByInstrument(byInstrument, member)
          for (let k = 0; k < member.n; k++) orgs.push(member.o)
          for (const [kind, eur] of Object.entries(member.k.sizes) as [SizeKind, number][]) {
            const total = (kinds[kind] ??= { sum: 0, n: 0 })
            total.sum += eur
            total.n++
          }
          // Min / max from the intermediary's own smallest and largest tickets, the typical one when those are not given.
          const { min, typical, max } = member.k.tickets
          const low = min ?? typical
          const high = max ?? typical
          if (low !== null) ticketMin = Math.min(ticketMin ?? Infinity, low)
          if (high !== null) ticketMax = Math.max(ticketMax ?? -Infinity, high)
          if (typical !== null) ticketTypicals.push(typical)
          if (member.k.countries.length > 1) multiCountry++
          if (typeof member.s !== 'number') continue
          sizeSum += member.s * member.n
          sizeN += member.n
          sizeMin = Math.min(sizeMin ?? Infinity, member.s)
          sizeMax = Math.max(sizeMax ?? -Infinity, member.s)
        }
        return {
          _id: id,
          n,
          sizeSum,
          sizeN,
          sizeMin,
          sizeMax,
          orgs,
          kinds,
          ticketMin,
          ticketMax,
          ticketTypicals,
          multiCountry,
          byInstrument,
        }
      }),
      demandInstruments: plain(this.demandInstruments),
      demandVersion: this.demandVersion,
      figures: [...this.contributions.values()].flatMap((c) =>
        c.response && c.figures
          ? [{ t: c.response.t, c: c.response.c, figures: c.figures, readiness: c.readiness }]
          : [],
      ),
    }
  }

  private apply(contribution: Contribution, sign: 1 | -1, demandChanged: boolean): void {
    const response = contribution.response
    if (response) {
      this.total += sign
      this.byType.add(response.t, response.t, sign)
      this.byStatus.add(response.s, response.s, sign)
      this.byCountry.add(response.c, response.c, sign)
      this.byTypeVersion.add(`${response.t}@${response.v}`, { t: response.t, v: response.v }, sign)
    }
    for (const { _id, n, first } of contribution.values) {
      const { t, v, q, x } = _id
      const key = `${t}@${v}:${q}`
      let question = this.questions.get(key)
      if (!question) {
        question = { t, v, q, answered: 0, values: new Map(), stamp: 0 }
        this.questions.set(key, question)
      }
      question.stamp = ++this.stamp
      question.answered += sign * first
      const valueKey = `${typeof x}:${String(x)}`
      const value = question.values.get(valueKey)
      if (value) {
        value.n += sign * n
        if (value.n === 0) question.values.delete(valueKey)
      } else question.values.set(valueKey, { x, n })
      if (question.values.size === 0) this.questions.delete(key)
    }
    if (demandChanged && (contribution.demand.length > 0 || contribution.demandInstruments.length > 0))
      this.demandVersion = {}
    for (const { _id, n } of contribution.demandInstruments) {
      const { c, t, f, i } = _id
      this.demandInstruments.add(JSON.stringify([c, t, f, i]), { c, t, f, i }, sign * n)
    }
    for (const { _id, n, s, o, k, i } of contribution.demand) {
      const key = JSON.stringify([_id.c, _id.t, _id.f])
      let cell = this.demand.get(key)
      if (!cell) {
        cell = { id: { c: _id.c, t: _id.t, f: _id.f }, members: new Map() }
        this.demand.set(key, cell)
      }
      if (sign === 1) cell.members.set(_id.r, { n, s, o, k, i })
      else cell.members.delete(_id.r)
      if (cell.members.size === 0) this.demand.delete(key)
    }
  }
}

/** A member's part of its cell per instrument it named, or under `not_stated` when it named none. */
function addByInstrument(
  into: Record<string, InstrumentTotals>,
  member: { n: number; o: string; k: ResponseFigures; i: string[] },
): void {
  for (const instrument of member.i.length > 0 ? member.i : [GAP_NOT_STATED]) {
    const totals = (into[instrument] ??= { n: 0, orgs: [], kinds: {} })
    totals.n += member.n
    for (let k = 0; k < member.n; k++) totals.orgs.push(member.o)
    for (const [kind, eur] of Object.entries(member.k.sizes) as [SizeKind, number][]) {
      const total = (totals.kinds[kind] ??= { sum: 0, n: 0 })
      total.sum += eur
      total.n++
    }
  }
}

const asList = (answer: unknown): unknown[] =>
  Array.isArray(answer) ? answer : answer === undefined || answer === null ? [] : [answer]

/** The theme question's answer for this respondent type. */
function themeAnswer(view: ResponseView, answers: Record<string, unknown>, theme: Theme): unknown {
  return themeAnswerOf(answers, theme, view.respondentType as RespondentType)
}

/**
 * One response's rows, as a `$group` by response would give them: each answer as a list (a single
 * value as a one-item list), each item counted under its value, `first` marking the item at index 0;
 * the demand/supply cells per theme policy field (and instrument).
 */
export function contributionOf(
  view: ResponseView,
  filters: ReviewFilters,
  definition?: QuestionnaireDefinition,
): Contribution {
  const contribution: Contribution = {
    view,
    response: null,
    values: [],
    demand: [],
    demandInstruments: [],
    figures: null,
    readiness: null,
  }
  if (!matchesFilters(view, filters, definition)) return contribution
  const answers = shownAnswers(view.a, definition)
  const r = view.id
  const t = view.respondentType
  const v = view.definitionVersion
  const c = view.country
  contribution.response = { _id: r, t, v, s: view.status, c }
  const values = new Map<string, Contribution['values'][number]>()
  for (const [q, answer] of Object.entries(answers)) {
    asList(answer).forEach((x, i) => {
      const key = `${q}\u0000${typeof x}:${String(x)}`
      let row = values.get(key)
      if (!row) {
        row = { _id: { r, t, v, q, x: x as AnswerValue }, n: 0, first: 0 }
        values.set(key, row)
      }
      row.n++
      if (i === 0) row.first++
    })
  }
  contribution.values = [...values.values()]
  // Kept as given: the demand/supply view leaves out anything that is not a string.
  const fields = asList(themeAnswer(view, answers, 'policyField')) as string[]
  const instruments = asList(themeAnswer(view, answers, 'instrument')) as string[]
  const named = instrumentsNamed(instruments)
  const figures = figuresOf(t, answers, c)
  contribution.figures = figures
  if (definition) {
    const profile = readinessProfile(definition, answers as Parameters<typeof readinessProfile>[1])
    contribution.readiness = {
      overall: profile.overall,
      ...(Object.fromEntries(DIMENSIONS.map((d) => [d, profile.dimensions[d].score])) as Record<
        (typeof DIMENSIONS)[number],
        number
      >),
    }
  }
  // The amount a cell adds up: a city's project cost only (a Member State's budget is another kind).
  const size =
    t === 'city'
      ? (figures.sizes.city_project_cost ?? null)
      : t === 'financial_intermediary'
        ? figures.tickets.typical
        : null
  const demand = new Map<string, Contribution['demand'][number]>()
  const demandInstruments = new Map<string, Contribution['demandInstruments'][number]>()
  // An intermediary counts in every country it serves, not where it is registered.
  for (const place of figures.countries) {
    for (const f of fields) {
      const key = `${place}\u0000${f}`
      const cell = demand.get(key) ?? {
        _id: { r, c: place, t, f },
        n: 0,
        s: size,
        o: view.organisation,
        k: figures,
        i: named,
      }
      cell.n++
      demand.set(key, cell)
      for (const i of instruments) {
        const instrumentKey = `${key}\u0000${i}`
        const row = demandInstruments.get(instrumentKey) ?? { _id: { r, c: place, t, f, i }, n: 0 }
        row.n++
        demandInstruments.set(instrumentKey, row)
      }
    }
  }
  contribution.demand = [...demand.values()]
  contribution.demandInstruments = [...demandInstruments.values()]
  return contribution
}
