import { countryName } from '../i18n/format.js'
import type { Principal } from '../accounts/principal.js'
import { AppError, ConflictError, ValidationError } from '../errors.js'
import { currentLocale, label, t, tDynamic } from '../i18n/i18n.js'
import {
  allQuestions,
  DIMENSIONS,
  optionsOf,
  type Dimension,
  type Question,
  type QuestionnaireDefinition,
} from '../questionnaires/definition.js'
import { readinessBands, readinessProfile } from '../questionnaires/readiness.js'
import { shownAnswers } from './response-figures.js'
import type { ResponseRecord } from '../questionnaires/response.js'
import {
  ProfileIncompleteError,
  type ResponseContext,
  type ResponseService,
} from '../questionnaires/response-service.js'
import type { MatchResult } from '../matching/match-result.js'
import { RESPONDENT_TYPES, type RespondentType } from '../shared/codelists.js'
import type { DocumentCollection, DocumentStore } from '../storage/document-store.js'
import { matchesFilters, ResponseViews, type ResponseView } from './response-views.js'
import { countriesSeen, facetCounts, type FacetCounts } from './review-facets.js'
import { numberStatsOf, readinessMedians, sizeTotals, type ReadinessMedian, type SizeTotal } from './review-figures.js'
import { DEMAND_KINDS, type SizeKind } from './response-figures.js'
import { gapByInstrument, type GapRow } from './review-gap.js'
import { targetGroups, type RegisteredOrganisation, type TargetGroup, type TargetQuery } from './review-targets.js'
import {
  SummaryRollup,
  type AnswerValue,
  type DefinitionOf,
  type QuestionValues,
  type RawSummary,
} from './review-rollup.js'
import {
  filterKey,
  reviewStatusOf,
  STORED_STATUS,
  THEME_QUESTIONS,
  themeAnswerOf,
  type ReviewFilters,
  type ReviewStatus,
  type SettableStatus,
} from './review-query.js'

/** One line of a response's review log: a status change, a note, or both. */
export interface ReviewLogEntry {
  at: string
  userId: string
  userName: string
  from: ReviewStatus
  to: ReviewStatus
  note: string | null
}

/** The review's view of a stored response (fields the questionnaire's record type does not name). */
export type ReviewedRecord = ResponseRecord & { reviewLog?: ReviewLogEntry[]; reviewedAt?: string; synthetic?: boolean }

/** What a reviewer may move a response to, from each status (the workflow new → in review → follow-up → closed). */
export const TRANSITIONS: Record<ReviewStatus, readonly SettableStatus[]> = {
  draft: [],
  new: ['in_review', 'closed'],
  in_review: ['follow_up', 'closed', 'new'],
  follow_up: ['in_review', 'closed'],
  closed: ['in_review'],
}

export interface Count {
  value: string
  label: string
  count: number
}

export interface QuestionBreakdown {
  id: string
  label: string
  type: Question['type']
  answered: number
  of: number
  options?: Count[]
  numbers?: { n: number; min: number; max: number; mean: number; median: number; sum: number }
  texts?: string[]
}

export interface QuestionnaireBreakdown {
  respondentType: RespondentType
  version: number
  title: string
  responses: number
  questions: QuestionBreakdown[]
}

export interface DemandSupplyCell {
  policyField: string
  country: string
  /** `sizeSumEur`: cities' project costs only (issue #18); every kind apart in `sizeByKind`. */
  demand: {
    cities: number
    memberStates: number
    serviceProviders: number
    organisations: string[]
    sizeSumEur: number
    sizeAnswered: number
    instruments: Count[]
    sizeByKind: Partial<Record<SizeKind, { sumEur: number; answered: number }>>
  }
  /** Tickets from each intermediary's smallest, typical and largest amounts; what they could commit. */
  supply: {
    intermediaries: number
    organisations: string[]
    ticketMinEur: number | null
    ticketMaxEur: number | null
    instruments: Count[]
    ticketTypicalMedianEur: number | null
    committableEur: number
    committableAnswered: number
    /** Intermediaries here that serve several countries: their volume shows in each of them. */
    multiCountry: number
  }
  /** Demand without any intermediary in the same country and field. */
  gap: boolean
  /**
   * The gap in euros (docs/adr/065): wanted (city project cost + service-provider need, each
   * response once per cell) minus what intermediaries serving the country could commit. An amount
   * that spans several policy fields shows under each: not additive across rows.
   */
  euros: {
    wantedEur: number
    wantedAnswered: number
    committableEur: number
    committableAnswered: number
    differenceEur: number
    coverage: 'no_intermediary' | 'no_volume' | 'volume'
  }
}

export interface ReviewSummary {
  total: number
  byType: Count[]
  byStatus: Count[]
  byCountry: Count[]
  /** Headline themes across questionnaires: demand (cities, Member States) and supply (intermediaries). */
  themes: {
    policyFieldsDemand: ThemeFigure
    targetGroupsDemand: ThemeFigure
    instrumentsDemand: ThemeFigure
    instrumentsSupply: ThemeFigure
    policyFieldsSupply: ThemeFigure
  }
  questionnaires: QuestionnaireBreakdown[]
  demandSupply: DemandSupplyCell[]
  /** Euro figures by kind, each response once: per country, and for all countries (`country: null`). */
  sizes: SizeTotal[]
  /** Median readiness (overall and per dimension) by respondent type × country, and per type for all countries. */
  readiness: ReadinessMedian[]
  /** The gap in euros per country × policy field × instrument (review-gap.ts, docs/adr/066). */
  gapByInstrument: GapRow[]
}

export interface ThemeFigure {
  /** Responses (of the types concerned) that answered the theme's question. */
  answered: number
  /** Responses of the types concerned. */
  of: number
  counts: Count[]
}

export interface ReviewListItem {
  id: string
  organisation: string
  country: string
  respondentType: RespondentType
  status: ReviewStatus
  definitionVersion: number
  submittedAt: string | null
  statusChangedAt: string
  policyFields: string[]
  targetGroups: string[]
  instruments: string[]
  sizeEur: number | null
  /** The response's readiness under its own version's rules (issue #18); null when its version is not known. */
  readiness: { overall: number; dimensions: Record<Dimension, number> } | null
}

const DEMAND_TYPES: RespondentType[] = ['city', 'member_state']
const SUPPLY_TYPES: RespondentType[] = ['financial_intermediary']
/** Filter sets whose totals are kept (each holds its responses' rows; least recently used goes first). */
const ROLLUPS_KEPT = 8

/**
 * DG HOME's review: the summary (one pipeline, cached per data generation and filter set), the
 * filtered list and export, and the workflow on a response (status, notes, history).
 */
export class ReviewService {
  private readonly responses: DocumentCollection
  private readonly organisations: DocumentCollection
  private readonly figuresKept = new WeakMap<
    QuestionValues,
    { stamp: number; question: Question; figures: QuestionFigures }
  >()
  private readonly demandKept = new WeakMap<object, DemandSupplyCell[]>()
  /** Kept totals per filter set; the assembled summary per language (it holds translated labels). */
  private readonly rollups = new Map<string, { rollup: SummaryRollup; summaries: Map<string, ReviewSummary> }>()
  private readonly definitionsKept = new Map<string, QuestionnaireDefinition | null>()
  /** What reviewers see of every response, shared by the summary, the list and the export. */
  private readonly views: ResponseViews

  constructor(
    store: DocumentStore,
    private readonly questionnaires: ResponseService,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.responses = store.collection('responses')
    this.organisations = store.collection('organisations')
    this.views = new ResponseViews(this.responses, this.organisations)
  }

  /** The summary for a filter set, from totals kept per filter set and brought up to date with every call. */
  async summary(filters: ReviewFilters): Promise<ReviewSummary> {
    const key = filterKey(filters)
    let entry = this.rollups.get(key)
    if (entry) this.rollups.delete(key)
    else entry = { rollup: new SummaryRollup(filters), summaries: new Map() }
    this.rollups.set(key, entry)
    if (this.rollups.size > ROLLUPS_KEPT) this.rollups.delete(this.rollups.keys().next().value!)
    await this.views.refresh()
    const changed = entry.rollup.update(this.views, await this.definitionsOf(this.views))
    if (changed) entry.summaries.clear()
    const locale = currentLocale()
    let summary = entry.summaries.get(locale)
    if (!summary) {
      summary = await this.assemble(entry.rollup.raw(), filters)
      entry.summaries.set(locale, summary)
    }
    return summary
  }

  /** The summary from scratch, without kept totals (benchmarks and tests compare the two). */
  async computeSummary(filters: ReviewFilters): Promise<ReviewSummary> {
    const views = new ResponseViews(this.responses, this.organisations)
    await views.refresh()
    const rollup = new SummaryRollup(filters)
    rollup.update(views, await this.definitionsOf(views))
    return this.assemble(rollup.raw(), filters)
  }

  /** The definitions of every version the views answer (few; definitions never change once answered). */
  private async definitionsOf(views: ResponseViews): Promise<DefinitionOf> {
    for (const view of views.all()) {
      const key = `${view.respondentType}@${view.definitionVersion}`
      if (!this.definitionsKept.has(key))
        this.definitionsKept.set(key, await this.questionnaires.definition(view.respondentType, view.definitionVersion))
    }
    return (type, version) => this.definitionsKept.get(`${type}@${version}`) ?? undefined
  }

  /** One page of the responses that pass the filters, newest status change first. */
  async list(
    filters: ReviewFilters,
    page: number,
    pageSize: number,
  ): Promise<{ items: ReviewListItem[]; total: number }> {
    const matching = await this.matching(filters)
    const definitionOf = await this.definitionsOf(this.views)
    matching.sort((x, y) => compare(y.statusChangedAt, x.statusChangedAt) || compare(x.id, y.id))
    const start = (page - 1) * pageSize
    return {
      items: matching
        .slice(start, start + pageSize)
        .map((view) => listItem(view, definitionOf(view.respondentType, view.definitionVersion))),
      total: matching.length,
    }
  }

  /** Every response that passes the filters, with its definition and visible answers (exports). */
  async exportRows(filters: ReviewFilters): Promise<
    {
      item: ReviewListItem
      organisationId: string
      definition: QuestionnaireDefinition
      answers: Record<string, unknown>
      valuesShown: ResponseView['valuesShown']
      draftChanged: string[]
      submitted: Record<string, unknown>
    }[]
  > {
    const docs = await this.matching(filters)
    docs.sort(
      (x, y) =>
        compare(x.respondentType, y.respondentType) ||
        compare(x.country, y.country) ||
        compare(x.organisation, y.organisation) ||
        compare(x.id, y.id),
    )
    const rows = []
    for (const doc of docs) {
      const definition = await this.questionnaires.definition(doc.respondentType, doc.definitionVersion)
      if (definition)
        rows.push({
          item: listItem(doc, definition),
          organisationId: doc.organisationId,
          definition,
          answers: doc.a,
          valuesShown: doc.valuesShown,
          draftChanged: doc.draftChanged,
          submitted: doc.submitted ?? {},
        })
    }
    return rows
  }

  /** "Ready for a pilot": the lower bound of the current city questionnaire's "high" readiness band. */
  async pilotThreshold(): Promise<number> {
    const city = await this.questionnaires.currentDefinition('city')
    return readinessBands(city ?? {}).high
  }

  /** Registered organisations without a submitted response of their type, by country × type (review-targets.ts). */
  async targets(query: TargetQuery): Promise<{ total: number; groups: TargetGroup[] }> {
    await this.views.refresh()
    const organisations = (await this.organisations.find(
      {},
      { projection: { name: 1, country: 1, respondentType: 1, demo: 1 } },
    )) as unknown as RegisteredOrganisation[]
    return targetGroups(organisations, this.views.all(), query)
  }

  /** Each filter value's count under the current filters, and every country that has responses (review-facets.ts). */
  async filterCounts(filters: ReviewFilters): Promise<{ counts: FacetCounts; countries: string[] }> {
    await this.views.refresh()
    const definitionOf = await this.definitionsOf(this.views)
    return {
      counts: facetCounts(this.views.all(), filters, (view) =>
        definitionOf(view.respondentType, view.definitionVersion),
      ),
      countries: countriesSeen(this.views.all(), filters.includeDemo),
    }
  }

  /** The questions of the current questionnaires that an answer filter can name, with their options. */
  async answerChoices(): Promise<
    {
      respondentType: RespondentType
      title: string
      questions: { id: string; label: string; options: { value: string; label: string }[] }[]
    }[]
  > {
    const result = []
    for (const respondentType of RESPONDENT_TYPES) {
      const definition = await this.questionnaires.currentDefinition(respondentType)
      if (!definition) continue
      const questions = allQuestions(definition).flatMap((question) => {
        if (question.type === 'yes_no')
          return [
            {
              id: question.id,
              label: question.label,
              options: [
                { value: 'yes', label: t('questionnaire.answers.yes') },
                { value: 'no', label: t('questionnaire.answers.no') },
              ],
            },
          ]
        if (question.type === 'single_choice' || question.type === 'multiple_choice')
          return [
            {
              id: question.id,
              label: question.label,
              options: optionsOf(question).map((o) => ({ value: o.value, label: o.label })),
            },
          ]
        return []
      })
      result.push({ respondentType, title: definition.title, questions })
    }
    return result
  }

  private async matching(filters: ReviewFilters): Promise<ResponseView[]> {
    await this.views.refresh()
    const definitionOf = await this.definitionsOf(this.views)
    return [...this.views.all()].filter((view) =>
      matchesFilters(view, filters, definitionOf(view.respondentType, view.definitionVersion)),
    )
  }

  /** A response as a reviewer sees it (404 unless submitted, or a draft shared with consent). */
  async open(
    principal: Principal,
    id: string,
  ): Promise<{
    context: ResponseContext
    answers: ResponseRecord['answers']
    status: ReviewStatus
    log: ReviewLogEntry[]
    allowed: readonly SettableStatus[]
  }> {
    const context = await this.questionnaires.read(principal, id)
    const record = context.record as ReviewedRecord
    const status = reviewStatusOf(record.status)
    return {
      context,
      answers: this.questionnaires.answersFor(context),
      status,
      log: [...(record.reviewLog ?? [])].reverse(),
      allowed: TRANSITIONS[status],
    }
  }

  /** The matcher's result for the answers the reviewer sees, or the questions still missing for a needs profile. */
  matches(
    context: ResponseContext,
  ): { result: MatchResult; missing?: undefined } | { result?: undefined; missing: string[] } {
    try {
      return { result: this.questionnaires.match(context) }
    } catch (error) {
      if (error instanceof ProfileIncompleteError) return { missing: error.missing }
      throw error
    }
  }

  /**
   * Moves a response through the workflow and/or adds a note. Bumps the response version, so a
   * write by its authors based on the earlier version fails (409) rather than undoing the lock.
   */
  async update(
    principal: Principal,
    id: string,
    input: { status?: SettableStatus | undefined; note?: string | undefined; version?: number | undefined },
  ): Promise<ReviewedRecord> {
    const { context, status } = await this.open(principal, id)
    const record = context.record as ReviewedRecord
    if (status === 'draft') throw new AppError(409, 'not_submitted', t('review.errors.draft'))
    if (input.version !== undefined && input.version !== record.version)
      throw new ConflictError(t('review.errors.stale', { read: input.version, current: record.version }))
    const to = input.status ?? status
    const note = input.note?.trim() || null
    if (to === status && note === null)
      throw new ValidationError({ status: [t('review.errors.nothing')], note: [t('review.errors.nothing')] })
    if (to !== status && !TRANSITIONS[status].includes(to as SettableStatus)) {
      throw new AppError(
        409,
        'invalid_transition',
        t('review.errors.transition', {
          from: t(`review.status.${status}`),
          to: t(`review.status.${to}`),
          allowed: TRANSITIONS[status].map((s) => t(`review.status.${s}`)).join(', '),
        }),
      )
    }
    const at = this.now().toISOString()
    const entry: ReviewLogEntry = {
      at,
      userId: principal.user.id,
      userName: principal.user.name,
      from: status,
      to,
      note,
    }
    const set: Record<string, unknown> = { version: record.version + 1, reviewedAt: at }
    if (to !== status) Object.assign(set, { status: STORED_STATUS[to], statusChangedAt: at })
    const result = await this.responses.updateOne(
      { _id: id, version: record.version },
      { $set: set, $push: { reviewLog: entry } },
    )
    if (result.matchedCount !== 1)
      throw new ConflictError(t('review.errors.stale', { read: record.version, current: record.version + 1 }))
    return {
      ...record,
      ...set,
      status: (set.status as ResponseRecord['status']) ?? record.status,
      reviewLog: [...(record.reviewLog ?? []), entry],
    } as ReviewedRecord
  }

  /** A question's figures, kept until its values change (the list of texts and the numbers are what cost). */
  private figures(question: Question, values: QuestionValues | undefined): QuestionFigures {
    if (!values) return breakdown(question, [])
    const kept = this.figuresKept.get(values)
    if (kept && kept.stamp === values.stamp && kept.question === question) return kept.figures
    const figures = breakdown(question, [...values.values.values()])
    this.figuresKept.set(values, { stamp: values.stamp, question, figures })
    return figures
  }

  /** The demand/supply cells, kept until the demand rows change (sorting thousands of organisation names costs). */
  private demandSupplyOf(raw: RawSummary): DemandSupplyCell[] {
    let cells = this.demandKept.get(raw.demandVersion)
    if (!cells) {
      cells = demandSupply(raw)
      this.demandKept.set(raw.demandVersion, cells)
    }
    return cells
  }

  private async assemble(raw: RawSummary, filters: ReviewFilters): Promise<ReviewSummary> {
    const total = raw.total
    const counts = (rows: { _id: string; n: number }[], list: string, order?: readonly string[]) =>
      sortCounts(
        rows.map((row) => ({
          value: row._id,
          label:
            list === 'country'
              ? countryLabel(row._id)
              : list === 'status'
                ? tDynamic(`review.status.${row._id}`)
                : label(list, row._id),
          count: row.n,
        })),
        order,
      )
    const typeTotals = new Map<string, number>(raw.byType.map((row) => [row._id, row.n]))
    const versionsOf = (type: RespondentType) =>
      raw.byTypeVersion.filter((row) => row._id.t === type).map((row) => row._id.v)

    const theme = (
      name: 'policyField' | 'targetGroup' | 'instrument',
      types: RespondentType[],
      list: string,
    ): ThemeFigure => {
      const byValue = new Map<string, number>()
      let answeredCount = 0
      for (const type of types) {
        for (const v of versionsOf(type)) {
          const id = THEME_QUESTIONS[name][type].find((q) => raw.questions.has(`${type}@${v}:${q}`))
          const question = id === undefined ? undefined : raw.questions.get(`${type}@${v}:${id}`)
          if (!question) continue
          answeredCount += question.answered
          for (const { x, n } of question.values.values())
            if (typeof x === 'string') byValue.set(x, (byValue.get(x) ?? 0) + n)
        }
      }
      const of = types.reduce((sum, type) => sum + (typeTotals.get(type) ?? 0), 0)
      return {
        answered: answeredCount,
        of,
        counts: sortCounts([...byValue].map(([value, count]) => ({ value, label: label(list, value), count }))),
      }
    }

    const questionnaires: QuestionnaireBreakdown[] = []
    const versions = [...raw.byTypeVersion].sort(
      (x, y) =>
        RESPONDENT_TYPES.indexOf(x._id.t as RespondentType) - RESPONDENT_TYPES.indexOf(y._id.t as RespondentType) ||
        y._id.v - x._id.v,
    )
    for (const row of versions) {
      const type = row._id.t as RespondentType
      const definition = await this.questionnaires.definition(type, row._id.v)
      if (!definition) continue
      const prefix = `${type}@${row._id.v}:`
      questionnaires.push({
        respondentType: type,
        version: row._id.v,
        title: definition.title,
        responses: row.n,
        questions: allQuestions(definition).map((question) => {
          const values = raw.questions.get(prefix + question.id)
          return {
            id: question.id,
            label: question.label,
            type: question.type,
            answered: values?.answered ?? 0,
            of: row.n,
            ...this.figures(question, values),
          }
        }),
      })
    }

    return {
      total,
      byType: counts(raw.byType, 'respondentType', RESPONDENT_TYPES),
      byStatus: counts(
        raw.byStatus.map((row) => ({ _id: reviewStatusOf(row._id), n: row.n })),
        'status',
        ['draft', 'new', 'in_review', 'follow_up', 'closed'],
      ),
      byCountry: counts(raw.byCountry, 'country'),
      themes: {
        policyFieldsDemand: theme('policyField', DEMAND_TYPES, 'policyField'),
        targetGroupsDemand: theme('targetGroup', DEMAND_TYPES, 'targetGroup'),
        instrumentsDemand: theme('instrument', [...DEMAND_TYPES, 'service_provider'], 'instrument'),
        instrumentsSupply: theme('instrument', SUPPLY_TYPES, 'instrument'),
        policyFieldsSupply: theme('policyField', SUPPLY_TYPES, 'policyField'),
      },
      questionnaires,
      demandSupply: this.demandSupplyOf(raw),
      sizes: sizeTotals(raw.figures),
      readiness: readinessMedians(raw.figures),
      gapByInstrument: gapByInstrument(raw.demand, filters),
    }
  }
}

type QuestionFigures = Pick<QuestionBreakdown, 'options' | 'numbers' | 'texts'>

function breakdown(question: Question, values: { x: AnswerValue; n: number }[]): QuestionFigures {
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'scale': {
      const found = new Map(values.map((v) => [String(v.x), v.n]))
      const options = optionsOf(question).map((o) => ({
        value: o.value,
        label: o.label,
        count: found.get(o.value) ?? 0,
      }))
      // Values no longer offered (an older option list), in a stable order.
      const known = new Set(options.map((o) => o.value))
      for (const [value, count] of [...found].sort(([x], [y]) => collator.compare(x, y)))
        if (!known.has(value)) options.push({ value, label: value, count })
      return { options }
    }
    case 'yes_no': {
      const yes = values.filter((v) => v.x === true).reduce((s, v) => s + v.n, 0)
      const no = values.filter((v) => v.x === false).reduce((s, v) => s + v.n, 0)
      return {
        options: [
          { value: 'yes', label: t('questionnaire.answers.yes'), count: yes },
          { value: 'no', label: t('questionnaire.answers.no'), count: no },
        ],
      }
    }
    case 'country':
      return {
        options: sortCounts(values.map((v) => ({ value: String(v.x), label: countryLabel(String(v.x)), count: v.n }))),
      }
    case 'number':
    case 'amount':
      return { numbers: numberStats(values.filter((v): v is { x: number; n: number } => typeof v.x === 'number')) }
    default:
      // Sort the distinct texts, then repeat each as often as it was given.
      return {
        texts: values
          .map((v) => ({ text: String(v.x), key: foldedKey(String(v.x)), n: v.n }))
          .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : collator.compare(x.text, y.text)))
          .flatMap((v) => Array.from({ length: v.n }, () => v.text)),
      }
  }
}

/** Count, min, max, mean and median of numbers given as value → how many. */
export function numberStats(values: { x: number; n: number }[]): QuestionBreakdown['numbers'] {
  const sorted = [...values].sort((a, b) => a.x - b.x)
  const n = sorted.reduce((s, v) => s + v.n, 0)
  if (n === 0) return undefined
  const sum = sorted.reduce((s, v) => s + v.x * v.n, 0)
  const at = (rank: number) => {
    let seen = 0
    for (const v of sorted) {
      seen += v.n
      if (seen > rank) return v.x
    }
    return sorted.at(-1)!.x
  }
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2
  return { n, min: sorted[0]!.x, max: sorted.at(-1)!.x, mean: sum / n, median, sum }
}

function demandSupply(raw: RawSummary): DemandSupplyCell[] {
  const cells = new Map<string, DemandSupplyCell>()
  const cell = (f: string, c: string) => {
    const key = `${f}|${c}`
    let found = cells.get(key)
    if (!found) {
      found = {
        policyField: f,
        country: c,
        demand: {
          cities: 0,
          memberStates: 0,
          serviceProviders: 0,
          organisations: [],
          sizeSumEur: 0,
          sizeAnswered: 0,
          instruments: [],
          sizeByKind: {},
        },
        supply: {
          intermediaries: 0,
          organisations: [],
          ticketMinEur: null,
          ticketMaxEur: null,
          instruments: [],
          ticketTypicalMedianEur: null,
          committableEur: 0,
          committableAnswered: 0,
          multiCountry: 0,
        },
        gap: false,
        euros: {
          wantedEur: 0,
          wantedAnswered: 0,
          committableEur: 0,
          committableAnswered: 0,
          differenceEur: 0,
          coverage: 'no_intermediary',
        },
      }
      cells.set(key, found)
    }
    return found
  }
  for (const row of raw.demand) {
    const { c, t: type, f } = row._id
    if (typeof f !== 'string') continue
    const target = cell(f, c)
    for (const [kind, total] of Object.entries(row.kinds) as [SizeKind, { sum: number; n: number }][]) {
      if (type === 'financial_intermediary') continue
      const into = (target.demand.sizeByKind[kind] ??= { sumEur: 0, answered: 0 })
      into.sumEur += total.sum
      into.answered += total.n
    }
    if (type === 'financial_intermediary') {
      target.supply.intermediaries += row.n
      target.supply.organisations.push(...row.orgs)
      if (row.ticketMin !== null)
        target.supply.ticketMinEur = Math.min(target.supply.ticketMinEur ?? Infinity, row.ticketMin)
      if (row.ticketMax !== null) target.supply.ticketMaxEur = Math.max(target.supply.ticketMaxEur ?? 0, row.ticketMax)
      target.supply.ticketTypicalMedianEur = numberStatsOf(row.ticketTypicals)?.median ?? null
      target.supply.committableEur += row.kinds.intermediary_committable?.sum ?? 0
      target.supply.committableAnswered += row.kinds.intermediary_committable?.n ?? 0
      target.supply.multiCountry += row.multiCountry
    } else if (type === 'service_provider') {
      target.demand.serviceProviders += row.n
    } else {
      if (type === 'city') target.demand.cities += row.n
      else target.demand.memberStates += row.n
      target.demand.organisations.push(...row.orgs)
      target.demand.sizeSumEur += row.sizeSum
      target.demand.sizeAnswered += row.sizeN
    }
  }
  for (const row of raw.demandInstruments) {
    const { c, t: type, f, i } = row._id
    if (typeof f !== 'string' || typeof i !== 'string') continue
    const target = cell(f, c)
    const list =
      type === 'financial_intermediary'
        ? target.supply.instruments
        : type === 'service_provider'
          ? null
          : target.demand.instruments
    if (!list) continue
    const existing = list.find((x) => x.value === i)
    if (existing) existing.count += row.n
    else list.push({ value: i, label: label('instrument', i), count: row.n })
  }
  const result = [...cells.values()]
  for (const c of result) {
    c.gap = c.demand.cities + c.demand.memberStates > 0 && c.supply.intermediaries === 0
    const wanted = DEMAND_KINDS.map((kind) => c.demand.sizeByKind[kind] ?? { sumEur: 0, answered: 0 })
    const wantedEur = wanted.reduce((sum, k) => sum + k.sumEur, 0)
    c.euros = {
      wantedEur,
      wantedAnswered: wanted.reduce((sum, k) => sum + k.answered, 0),
      committableEur: c.supply.committableEur,
      committableAnswered: c.supply.committableAnswered,
      differenceEur: wantedEur - c.supply.committableEur,
      coverage:
        c.supply.intermediaries === 0 ? 'no_intermediary' : c.supply.committableAnswered === 0 ? 'no_volume' : 'volume',
    }
    c.demand.organisations.sort(collator.compare)
    c.supply.organisations.sort(collator.compare)
    c.demand.instruments = sortCounts(c.demand.instruments)
    c.supply.instruments = sortCounts(c.supply.instruments)
  }
  return result.sort((x, y) => x.policyField.localeCompare(y.policyField) || x.country.localeCompare(y.country))
}

/** Strings in code-unit order, as MongoDB sorts them (no collation). */
function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0
}

function readinessOf(
  definition: QuestionnaireDefinition | undefined,
  answers: Record<string, unknown>,
): ReviewListItem['readiness'] {
  if (!definition) return null
  const profile = readinessProfile(
    definition,
    shownAnswers(answers, definition) as Parameters<typeof readinessProfile>[1],
  )
  return {
    overall: profile.overall,
    dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, profile.dimensions[d].score])) as Record<
      Dimension,
      number
    >,
  }
}

function listItem(doc: ResponseView, definition: QuestionnaireDefinition | undefined): ReviewListItem {
  const a = doc.a
  const list = (theme: 'policyField' | 'targetGroup' | 'instrument') => {
    const value = themeAnswerOf(a, theme, doc.respondentType)
    return Array.isArray(value) ? value.map(String) : []
  }
  const size = themeAnswerOf(a, 'size', doc.respondentType)
  return {
    id: doc.id,
    organisation: doc.organisation,
    country: doc.country,
    respondentType: doc.respondentType,
    status: reviewStatusOf(doc.status),
    definitionVersion: doc.definitionVersion,
    submittedAt: doc.submittedAt ?? null,
    statusChangedAt: doc.statusChangedAt,
    policyFields: list('policyField'),
    targetGroups: list('targetGroup'),
    instruments: list('instrument'),
    sizeEur: typeof size === 'number' ? size : null,
    readiness: readinessOf(definition, a),
  }
}

/** Largest first, then by label; with `order`, in that order instead. */
function sortCounts(list: Count[], order?: readonly string[]): Count[] {
  if (order) return [...list].sort((x, y) => order.indexOf(x.value) - order.indexOf(y.value))
  return [...list].sort((x, y) => y.count - x.count || x.label.localeCompare(y.label))
}

/** Sorts texts as `localeCompare` does, without building a collator per comparison. */
const collator = new Intl.Collator()

/**
 * The key free texts are sorted by (no accents, lower case; computed once per distinct text), the
 * collator only between texts with the same key: thousands of texts per question are sorted again
 * whenever one of them changes.
 */
const foldedKeys = new Map<string, string>()
function foldedKey(text: string): string {
  let key = foldedKeys.get(text)
  if (key === undefined) {
    key = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    if (foldedKeys.size > 200_000) foldedKeys.clear()
    foldedKeys.set(text, key)
  }
  return key
}
export function countryLabel(code: string): string {
  return code === 'ZZ' ? t('review.unknownCountry') : countryName(code)
}
