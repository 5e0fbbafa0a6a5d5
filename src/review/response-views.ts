import type { RespondentType } from '../shared/codelists.js'
import type { DocumentCollection } from '../storage/document-store.js'
import type { QuestionnaireDefinition } from '../questionnaires/definition.js'
import { countriesOf } from './response-figures.js'
import { withinRanges } from './review-ranges.js'
import { storedIdFor } from '../questionnaires/shared-question-ids.js'
import { STORED_STATUS, THEME_QUESTIONS, type ReviewFilters } from './review-query.js'

/**
 * What reviewers see of each response, kept in memory and brought up to date on every call (docs/adr/027).
 * Each refresh reads every response's `version` (every write bumps it: authors' saves, submissions,
 * review moves), then reads again only the responses whose version moved, with plain `find`s: no
 * aggregation stage, so the same code runs on MongoDB, FerretDB and the embedded engine, and no
 * document larger than one stored response ever crosses the wire, however many responses there are.
 */
export interface ResponseView {
  id: string
  version: number
  respondentType: RespondentType
  definitionVersion: number
  /** The stored status (`submitted` is the review's `new`). */
  status: string
  statusChangedAt: string
  submittedAt: string | undefined
  /** A submitted response, or a draft whose authors consented to DG HOME seeing it. */
  visible: boolean
  demo: boolean
  synthetic: boolean
  organisationId: string
  /** The organisation's country (`ZZ` while the organisation is not found) and name. */
  country: string
  organisation: string
  /** The answers reviewers see: the live answers with consent, else the last submission. */
  a: Record<string, unknown>
  /**
   * Which values `a` holds: the submitted ones, a draft never submitted, or a submission with
   * newer draft values its authors let DG HOME see (`draftChanged` names those questions).
   */
  valuesShown: ValuesShown
  draftChanged: string[]
  /** The submitted answers, when `a` holds newer draft values for some questions. */
  submitted: Record<string, unknown> | undefined
}

export type ValuesShown = 'submitted' | 'draft' | 'submitted_with_newer_draft'

/** The questions whose live answer differs from the submitted one. */
export function draftChanges(live: Record<string, unknown>, submitted: Record<string, unknown>): string[] {
  const ids = new Set([...Object.keys(live), ...Object.keys(submitted)])
  return [...ids].filter((id) => JSON.stringify(live[id] ?? null) !== JSON.stringify(submitted[id] ?? null)).sort()
}

interface StoredResponse {
  _id: string
  version: number
  respondentType: RespondentType
  definitionVersion: number
  status: string
  organisationId: string
  consentToViewDraft?: boolean
  statusChangedAt: string
  answers?: Record<string, unknown>
  submission?: { at?: string; answers?: Record<string, unknown> } | null
  demo?: boolean
  synthetic?: boolean
}

/** Reads this many responses per `find` when many changed (keeps `$in` lists modest). */
const CHUNK = 500
const FIELDS = {
  version: 1,
  respondentType: 1,
  definitionVersion: 1,
  status: 1,
  organisationId: 1,
  consentToViewDraft: 1,
  statusChangedAt: 1,
  answers: 1,
  submission: 1,
  demo: 1,
  synthetic: 1,
} as const

export class ResponseViews {
  private readonly views = new Map<string, ResponseView>()
  private organisationCount = -1
  private queue: Promise<void> = Promise.resolve()
  /** Moves on whenever a view is added, replaced or dropped. */
  generation = 0

  constructor(
    private readonly responses: DocumentCollection,
    private readonly organisations: DocumentCollection,
  ) {}

  /** Brings the views up to date with the store; refreshes run one at a time. */
  refresh(): Promise<void> {
    const next = this.queue.then(
      () => this.update(),
      () => this.update(),
    )
    this.queue = next
    return next
  }

  all(): IterableIterator<ResponseView> {
    return this.views.values()
  }

  get(id: string): ResponseView | undefined {
    return this.views.get(id)
  }

  private async update(): Promise<void> {
    const [stored, organisationCount] = await Promise.all([
      this.responses.find({}, { projection: { version: 1 } }) as Promise<{ _id: string; version: number }[]>,
      this.organisations.countDocuments({}),
    ])
    const present = new Set<string>()
    const stale: string[] = []
    for (const { _id, version } of stored) {
      present.add(_id)
      if (this.views.get(_id)?.version !== version) stale.push(_id)
    }
    for (const id of this.views.keys()) {
      if (present.has(id)) continue
      this.views.delete(id)
      this.generation++
    }
    // Organisations are only ever added; a response whose organisation was missing may now find it.
    if (organisationCount !== this.organisationCount) {
      const listed = new Set(stale)
      for (const view of this.views.values()) if (view.country === 'ZZ' && !listed.has(view.id)) stale.push(view.id)
      this.organisationCount = organisationCount
    }
    for (let i = 0; i < stale.length; i += CHUNK) {
      const docs = (await this.responses.find(
        { _id: { $in: stale.slice(i, i + CHUNK) } },
        { projection: FIELDS },
      )) as unknown as StoredResponse[]
      const orgIds = [...new Set(docs.map((doc) => doc.organisationId))]
      const orgs = new Map(
        (await this.organisations.find({ _id: { $in: orgIds } }, { projection: { name: 1, country: 1 } })).map(
          (org) => [org._id, org as { _id: string; name?: string; country?: string }],
        ),
      )
      for (const doc of docs) {
        const org = orgs.get(doc.organisationId)
        this.views.set(doc._id, viewOf(doc, org))
        this.generation++
      }
    }
  }
}

function viewOf(doc: StoredResponse, org: { name?: string; country?: string } | undefined): ResponseView {
  const consent = doc.consentToViewDraft === true
  const submitted = doc.submission?.answers
  const draftChanged = consent && submitted ? draftChanges(doc.answers ?? {}, submitted) : []
  const valuesShown: ValuesShown = !submitted
    ? consent
      ? 'draft'
      : 'submitted'
    : draftChanged.length > 0
      ? 'submitted_with_newer_draft'
      : 'submitted'
  return {
    id: doc._id,
    version: doc.version,
    respondentType: doc.respondentType,
    definitionVersion: doc.definitionVersion,
    status: doc.status,
    statusChangedAt: doc.statusChangedAt,
    submittedAt: doc.submission?.at,
    visible: doc.status !== 'draft' || consent,
    demo: doc.demo === true,
    synthetic: doc.synthetic === true,
    organisationId: doc.organisationId,
    country: org?.country ?? 'ZZ',
    organisation: org?.name ?? '',
    a: (consent ? doc.answers : doc.submission?.answers) ?? {},
    valuesShown,
    draftChanged,
    submitted: draftChanged.length > 0 ? submitted : undefined,
  }
}

/**
 * The review's filters on a view (docs/adr/017): what reviewers may see (no demo or synthetic data
 * unless asked), then every filter; a list is OR inside itself, filters AND together. An answer
 * matches a value when it is that value or a list holding it (MongoDB's `$in` on a field).
 */
export function matchesFilters(
  view: ResponseView,
  filters: ReviewFilters,
  definition?: QuestionnaireDefinition,
): boolean {
  if (!view.visible) return false
  if (!filters.includeDemo && (view.demo || view.synthetic)) return false
  // Shared drafts only when asked for (issue #18): a draft may still change its mind.
  if (view.status === 'draft' && !filters.includeDrafts && !filters.status.includes('draft')) return false
  if (filters.respondentType.length > 0 && !filters.respondentType.includes(view.respondentType)) return false
  if (filters.status.length > 0 && !filters.status.some((s) => STORED_STATUS[s] === view.status)) return false
  if (filters.definitionVersion.length > 0 && !filters.definitionVersion.includes(view.definitionVersion)) return false
  // An intermediary is found by the countries it serves as well as by where it is registered.
  if (
    filters.country.length > 0 &&
    ![view.country, ...countriesOf(view.respondentType, view.a, view.country)].some((c) => filters.country.includes(c))
  )
    return false
  for (const theme of ['policyField', 'targetGroup', 'instrument'] as const) {
    const values: readonly unknown[] = filters[theme]
    if (values.length === 0) continue
    const questions = new Set(Object.values(THEME_QUESTIONS[theme]).flat())
    if (![...questions].some((q) => answerIn(view.a[q], values))) return false
  }
  const byQuestion = new Map<string, (string | number | boolean)[]>()
  for (const item of filters.answer) {
    const [questionId, raw] = item.split(':') as [string, string]
    byQuestion.set(questionId, [...(byQuestion.get(questionId) ?? []), ...answerValues(raw)])
  }
  // A shared concept's id (docs/adr/068) also finds older versions' answers under their own id.
  for (const [questionId, values] of byQuestion)
    if (!answerIn(view.a[storedIdFor(questionId, view.respondentType, view.definitionVersion)], values)) return false
  return withinRanges(view, filters, definition)
}

function answerIn(answer: unknown, values: readonly unknown[]): boolean {
  if (Array.isArray(answer)) return answer.some((item) => values.includes(item))
  return values.includes(answer)
}

/** A filter value as the stored answer types it may match: "yes"/"no" are booleans, digits numbers. */
function answerValues(raw: string): (string | number | boolean)[] {
  if (raw === 'yes') return ['yes', true]
  if (raw === 'no') return ['no', false]
  if (/^-?\d+(\.\d+)?$/.test(raw)) return [raw, Number(raw)]
  return [raw]
}
