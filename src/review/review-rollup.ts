import type { DocumentCollection } from '../storage/document-store.js'
import { responseRowsPipeline, type ResponseRows } from './review-aggregates.js'
import type { ReviewFilters } from './review-query.js'

/**
 * The summary's figures for one filter set, kept up to date incrementally (docs/adr/017). The store
 * aggregates per response (`responseRowsPipeline`); this merges the rows. On each refresh a cheap
 * read of every response's `version` (every write bumps it: authors' saves, submissions, review
 * moves) finds what changed, and only those responses are aggregated again: their old rows are
 * taken out of the totals and the new ones added. A first refresh aggregates everything once.
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
  demand: (Key<{ c: string; t: string; f: string }> & { sizeSum: number; sizeN: number; sizeMin: number | null; sizeMax: number | null; orgs: string[] })[]
  demandInstruments: Key<{ c: string; t: string; f: string; i: string }>[]
  /** A new object whenever `demand` or `demandInstruments` changed: what is derived from them can be kept by it. */
  demandVersion: object
}

export type AnswerValue = string | number | boolean

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

/** What one response adds to the totals (kept to take it out again). */
interface Contribution {
  version: number
  response: ResponseRows['responses'][number] | null
  values: ResponseRows['values']
  demand: ResponseRows['demand']
  demandInstruments: ResponseRows['demandInstruments']
}

/** Aggregates this many responses per pipeline run on a refresh (keeps `$in` lists modest). */
const CHUNK = 1000

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
  members: Map<string, { n: number; s: unknown; o: string }>
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
  private organisationCount = -1
  private demandVersion: object = {}
  private probeKey = ''

  constructor(
    private readonly responses: DocumentCollection,
    private readonly organisations: DocumentCollection,
    readonly filters: ReviewFilters,
  ) {}

  private queue: Promise<boolean> = Promise.resolve(false)

  /** Brings the totals up to date with the store; true when anything changed. Refreshes run one at a time. */
  refresh(): Promise<boolean> {
    const next = this.queue.then(
      () => this.update(),
      () => this.update(),
    )
    this.queue = next
    return next
  }

  private async update(): Promise<boolean> {
    // A cheap probe first: how many responses, the sum of their versions (every write adds one) and
    // the latest save. Unchanged, nothing was written since the last refresh.
    const [[probe], organisationCount] = await Promise.all([
      this.responses.aggregate<{ n: number; v: number; u: string | null }>([{ $group: { _id: null, n: { $sum: 1 }, v: { $sum: '$version' }, u: { $max: '$updatedAt' } } }]),
      this.organisations.countDocuments({}),
    ])
    const probeKey = JSON.stringify([probe?.n ?? 0, probe?.v ?? 0, probe?.u ?? null, organisationCount])
    if (probeKey === this.probeKey) return false
    const stored = await this.responses.aggregate<{ _id: string; version: number }>([{ $project: { version: 1 } }])
    const stale: string[] = []
    const present = new Set<string>()
    for (const { _id, version } of stored) {
      present.add(_id)
      if (this.contributions.get(_id)?.version !== version) stale.push(_id)
    }
    // Organisations are only ever added; a response whose organisation was missing may now find it.
    if (organisationCount !== this.organisationCount) {
      const listed = new Set(stale)
      for (const [id, contribution] of this.contributions) if (contribution.response?.c === 'ZZ' && !listed.has(id)) stale.push(id)
      this.organisationCount = organisationCount
    }
    let changed = false
    for (const id of [...this.contributions.keys()]) {
      if (present.has(id)) continue
      this.apply(this.contributions.get(id)!, -1, true)
      this.contributions.delete(id)
      changed = true
    }
    const versions = new Map(stored.map((doc) => [doc._id, doc.version]))
    for (let i = 0; i < stale.length; i += CHUNK) {
      const ids = stale.slice(i, i + CHUNK)
      const [rows] = await this.responses.aggregate<ResponseRows>(responseRowsPipeline(this.filters, ids))
      const fresh = new Map<string, Contribution>(ids.map((id) => [id, { version: versions.get(id) ?? -1, response: null, values: [], demand: [], demandInstruments: [] }]))
      for (const row of rows?.responses ?? []) fresh.get(row._id)!.response = row
      for (const row of rows?.values ?? []) fresh.get(row._id.r)?.values.push(row)
      for (const row of rows?.demand ?? []) fresh.get(row._id.r)?.demand.push(row)
      for (const row of rows?.demandInstruments ?? []) fresh.get(row._id.r)?.demandInstruments.push(row)
      for (const [id, contribution] of fresh) {
        const old = this.contributions.get(id)
        // A status change or a note leaves the demand rows as they were: keep what was derived from them.
        const demandChanged = !old || JSON.stringify([old.demand, old.demandInstruments]) !== JSON.stringify([contribution.demand, contribution.demandInstruments])
        if (old) this.apply(old, -1, demandChanged)
        this.apply(contribution, 1, demandChanged)
        this.contributions.set(id, contribution)
      }
      changed = true
    }
    this.probeKey = probeKey
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
        for (const member of members.values()) {
          n += member.n
          for (let k = 0; k < member.n; k++) orgs.push(member.o)
          if (typeof member.s !== 'number') continue
          sizeSum += member.s * member.n
          sizeN += member.n
          sizeMin = Math.min(sizeMin ?? Infinity, member.s)
          sizeMax = Math.max(sizeMax ?? -Infinity, member.s)
        }
        return { _id: id, n, sizeSum, sizeN, sizeMin, sizeMax, orgs }
      }),
      demandInstruments: plain(this.demandInstruments),
      demandVersion: this.demandVersion,
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
    if (demandChanged && (contribution.demand.length > 0 || contribution.demandInstruments.length > 0)) this.demandVersion = {}
    for (const { _id, n } of contribution.demandInstruments) {
      const { c, t, f, i } = _id
      this.demandInstruments.add(JSON.stringify([c, t, f, i]), { c, t, f, i }, sign * n)
    }
    for (const { _id, n, s, o } of contribution.demand) {
      const key = JSON.stringify([_id.c, _id.t, _id.f])
      let cell = this.demand.get(key)
      if (!cell) {
        cell = { id: { c: _id.c, t: _id.t, f: _id.f }, members: new Map() }
        this.demand.set(key, cell)
      }
      if (sign === 1) cell.members.set(_id.r, { n, s, o })
      else cell.members.delete(_id.r)
      if (cell.members.size === 0) this.demand.delete(key)
    }
  }
}
