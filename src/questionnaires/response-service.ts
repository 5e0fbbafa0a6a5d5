import { randomUUID } from 'node:crypto'
import type { Organisation, User } from '../accounts/account.js'
import type { AccountService } from '../accounts/account-service.js'
import { hasRole, respondentMayAccess } from '../accounts/access.js'
import type { Principal } from '../accounts/principal.js'
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js'
import { label, t } from '../i18n/i18n.js'
import type { MatchResult } from '../matching/match-result.js'
import type { MatchService } from '../matching/match-service.js'
import type { RespondentType } from '../shared/codelists.js'
import { DuplicateKeyError } from '../storage/document-store.js'
import { answerOf, completeness, sameAnswer, visibleAnswers, type AnswerValue, type Answers } from './answers.js'
import { allQuestions, type QuestionnaireDefinition } from './definition.js'
import type { QuestionnaireRepository } from './questionnaire-repository.js'
import { readinessProfile, type ReadinessProfile } from './readiness.js'
import { isLocked, type AnswerChange, type HistoryEntry, type ResponseRecord } from './response.js'
import type { ResponseRepository } from './response-repository.js'
import { toNeedsProfile, type ProfileResult } from './to-needs-profile.js'

/** Consecutive saves by one person within this time share one history entry. */
export const COALESCE_MS = 10 * 60 * 1000
/** History entries kept on the record (older ones are dropped; a conflict older than that is handled conservatively). */
export const MAX_HISTORY = 200
/** And at most this much of it (JSON bytes), so co-authors trading long answers cannot grow a response without bound (ADR 033). */
export const MAX_HISTORY_BYTES = 512 * 1024

/** What the principal may do with a response: its organisation's respondents write, DG HOME reads. */
export type ResponseRole = 'author' | 'reviewer'

export interface ResponseContext {
  record: ResponseRecord
  definition: QuestionnaireDefinition
  organisation: Organisation
  role: ResponseRole
}

/** A question someone else changed since the version a writer read. */
export interface ChangedQuestion {
  questionId: string
  /** The value at the writer's version; undefined when the history no longer tells. */
  base: AnswerValue | null | undefined
  theirs: AnswerValue | null
  by: string | null
  /** The user who changed it last (null when unknown). */
  byId: string | null
  at: string | null
}

/** 409: the write named a version that is not the stored one. Carries what changed since. */
export class StaleVersionError extends AppError {
  constructor(
    readonly current: ResponseContext,
    readonly readVersion: number,
    readonly changes: ChangedQuestion[],
    readonly yours: ReadonlyMap<string, AnswerValue | null>,
  ) {
    super(409, 'conflict', t('response.conflict.apiMessage', { read: readVersion, current: current.record.version }))
  }
}

/** 409: the review has started; the authors can no longer change the response. */
export class ResponseLockedError extends AppError {
  constructor(readonly record: ResponseRecord) {
    super(409, 'response_locked', t('response.locked.apiMessage', { status: record.status }))
  }
}

/** 409: the answers do not yet give a needs profile (for matches). */
export class ProfileIncompleteError extends AppError {
  constructor(readonly missing: string[]) {
    super(
      409,
      'profile_incomplete',
      t('response.match.incompleteMessage'),
      Object.fromEntries(missing.map((id) => [`answers.${id}`, [t('response.match.neededForMatch')]])),
    )
  }
}

export interface SaveInput {
  answers: ReadonlyMap<string, AnswerValue | null>
  version: number
  consentToViewDraft?: boolean | undefined
}

export class ResponseService {
  constructor(
    private readonly responses: ResponseRepository,
    private readonly definitions: QuestionnaireRepository,
    private readonly accounts: AccountService,
    private readonly matcher: MatchService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  currentDefinition(respondentType: RespondentType): Promise<QuestionnaireDefinition | null> {
    return this.definitions.current(respondentType)
  }

  definition(respondentType: RespondentType, version: number): Promise<QuestionnaireDefinition | null> {
    return this.definitions.get(respondentType, version)
  }

  definitionVersions(respondentType: RespondentType) {
    return this.definitions.versions(respondentType)
  }

  /** The organisation's open (not closed) response of its type, if any. */
  async openResponseOf(user: User): Promise<ResponseRecord | null> {
    if (user.role !== 'respondent' || !user.organisationId) return null
    const organisation = await this.accounts.organisation(user.organisationId)
    return organisation
      ? this.responses.findOpen(organisation.id, organisation.respondentType, organisation.demo === true)
      : null
  }

  organisation(id: string): Promise<Organisation | null> {
    return this.accounts.organisation(id)
  }

  /** Starts the organisation's response, or returns the one already open (co-authors share it). */
  async start(
    user: User,
    input: { respondentType?: RespondentType | undefined; demo?: boolean | undefined },
  ): Promise<{ context: ResponseContext; created: boolean }> {
    if (user.role !== 'respondent' || !user.organisationId)
      throw new ForbiddenError(t('response.errors.respondentsOnly'))
    const organisation = await this.accounts.organisation(user.organisationId)
    if (!organisation) throw new NotFoundError('Organisation')
    const respondentType = input.respondentType ?? organisation.respondentType
    if (respondentType !== organisation.respondentType) {
      throw new ValidationError({
        respondentType: [
          t('response.errors.typeMismatch', {
            organisation: organisation.name,
            type: label('respondentType', organisation.respondentType),
          }),
        ],
      })
    }
    const demo = input.demo ?? organisation.demo === true
    const existing = await this.responses.findOpen(organisation.id, respondentType, demo)
    if (existing) return { context: await this.contextOf(existing, organisation, 'author'), created: false }
    const definition = await this.definitions.current(respondentType)
    if (!definition) throw new NotFoundError('Questionnaire')
    const round = (await this.responses.countClosed(organisation.id, respondentType, demo)) + 1
    const at = this.now().toISOString()
    const record: ResponseRecord = {
      id: randomUUID(),
      organisationId: organisation.id,
      respondentType,
      definitionVersion: definition.version,
      openKey: `${organisation.id}:${respondentType}:${demo ? 'demo' : 'real'}:${round}`,
      status: 'draft',
      answers: {},
      version: 1,
      consentToViewDraft: false,
      demo,
      createdAt: at,
      createdBy: user.id,
      updatedAt: at,
      updatedBy: user.id,
      submission: null,
      changedSinceSubmission: false,
      statusChangedAt: at,
      history: [
        {
          action: 'created',
          fromVersion: 0,
          toVersion: 1,
          firstAt: at,
          at,
          userId: user.id,
          userName: user.name,
          changes: [],
        },
      ],
    }
    try {
      await this.responses.insert(record)
    } catch (error) {
      // A colleague started it at the same moment: theirs is the response.
      if (!(error instanceof DuplicateKeyError)) throw error
      const again = await this.responses.findOpen(organisation.id, respondentType, demo)
      if (!again) throw error
      return { context: await this.contextOf(again, organisation, 'author'), created: false }
    }
    return { context: { record, definition, organisation, role: 'author' }, created: true }
  }

  /**
   * A response the principal may see: respondents of its organisation (authors); reviewers and
   * admins once it is submitted, or a draft whose authors consented. Anyone else: 404.
   */
  async read(principal: Principal | undefined, id: string): Promise<ResponseContext> {
    const record = await this.responses.get(id)
    if (!record) throw new NotFoundError('Response')
    if (respondentMayAccess(principal, record.organisationId)) return this.contextOf(record, undefined, 'author')
    if (hasRole(principal, 'reviewer', 'admin') && (record.status !== 'draft' || record.consentToViewDraft))
      return this.contextOf(record, undefined, 'reviewer')
    throw new NotFoundError('Response')
  }

  /** Only the organisation's respondents write; others get the same 404 as for an unknown id. */
  async forAuthor(principal: Principal | undefined, id: string): Promise<ResponseContext> {
    const context = await this.read(principal, id)
    if (context.role !== 'author') throw new NotFoundError('Response')
    return context
  }

  /** Saves some answers (null clears one) and/or the consent, at the version the writer read. */
  async save(principal: Principal, id: string, input: SaveInput): Promise<ResponseContext> {
    const context = await this.forAuthor(principal, id)
    const { record } = context
    if (isLocked(record)) throw new ResponseLockedError(record)
    const known = new Set(allQuestions(context.definition).map((q) => q.id))
    const unknown = [...input.answers.keys()].filter((id) => !known.has(id))
    if (unknown.length > 0) {
      throw new ValidationError(
        Object.fromEntries(
          unknown.map((id) => [
            `answers.${id}`,
            [t('questionnaire.errors.unknownQuestion', { version: context.definition.version })],
          ]),
        ),
      )
    }
    if (record.version !== input.version) throw this.stale(context, input.version, input.answers)
    const answers: Answers = { ...record.answers }
    const changes: AnswerChange[] = []
    for (const [questionId, incoming] of input.answers) {
      const value = Array.isArray(incoming) && incoming.length === 0 ? null : incoming
      const before = answerOf(answers, questionId) ?? null
      if (sameAnswer(before, value)) continue
      changes.push({ questionId, from: before, to: value })
      if (value === null) delete answers[questionId]
      else answers[questionId] = value
    }
    const consent = input.consentToViewDraft
    const consentChanged = consent !== undefined && consent !== record.consentToViewDraft
    if (changes.length === 0 && !consentChanged) return context
    const at = this.now().toISOString()
    const user = principal.user
    const next = record.version + 1
    let history = record.history
    const entry = (action: HistoryEntry['action'], list: AnswerChange[]): HistoryEntry => ({
      action,
      fromVersion: record.version,
      toVersion: next,
      firstAt: at,
      at,
      userId: user.id,
      userName: user.name,
      changes: list,
    })
    if (changes.length > 0) history = appendHistory(history, entry('saved', changes))
    if (consentChanged) history = appendHistory(history, entry(consent ? 'consent_given' : 'consent_withdrawn', []))
    const updated: ResponseRecord = {
      ...record,
      answers,
      version: next,
      updatedAt: at,
      updatedBy: user.id,
      consentToViewDraft: consent ?? record.consentToViewDraft,
      changedSinceSubmission:
        record.submission !== null &&
        !sameAnswers(visibleAnswers(context.definition, answers), record.submission.answers),
      history,
    }
    await this.write(context, updated, input.version, input.answers)
    return { ...context, record: updated }
  }

  /**
   * Submits: every visible required question answered and every answer valid, else a 400 listing
   * each problem by `answers.<questionId>`. Answers of hidden questions are dropped. Submitting
   * again after changes replaces the submission; submitting an unchanged submission changes nothing.
   */
  async submit(principal: Principal, id: string, version?: number): Promise<ResponseContext> {
    const context = await this.forAuthor(principal, id)
    const { record, definition } = context
    if (isLocked(record)) throw new ResponseLockedError(record)
    if (version !== undefined && version !== record.version) throw this.stale(context, version, new Map())
    const check = completeness(definition, record.answers)
    if (check.problems.size > 0) {
      const fields = Object.fromEntries(
        [...check.problems].map(([questionId, message]) => [`answers.${questionId}`, [message]]),
      )
      throw new ValidationError(fields, t('response.errors.submitIncomplete', { count: check.problems.size }))
    }
    const kept = visibleAnswers(definition, record.answers)
    const dropped: AnswerChange[] = Object.keys(record.answers)
      .filter((questionId) => !(questionId in kept))
      .map((questionId) => ({ questionId, from: record.answers[questionId]!, to: null }))
    if (record.status === 'submitted' && !record.changedSinceSubmission && dropped.length === 0) return context
    const at = this.now().toISOString()
    const next = record.version + 1
    const user = principal.user
    const updated: ResponseRecord = {
      ...record,
      answers: kept,
      status: 'submitted',
      statusChangedAt: record.status === 'submitted' ? record.statusChangedAt : at,
      version: next,
      updatedAt: at,
      updatedBy: user.id,
      submission: { answers: kept, at, userId: user.id, userName: user.name, responseVersion: next },
      changedSinceSubmission: false,
      history: appendHistory(record.history, {
        action: 'submitted',
        fromVersion: record.version,
        toVersion: next,
        firstAt: at,
        at,
        userId: user.id,
        userName: user.name,
        changes: dropped,
      }),
    }
    await this.write(context, updated, record.version, new Map())
    return { ...context, record: updated }
  }

  /** The answers this principal sees: authors the live ones; reviewers the draft only with consent, else the submission. */
  answersFor(context: ResponseContext): Answers {
    const { record, role } = context
    if (role === 'author' || record.consentToViewDraft) return record.answers
    return record.submission?.answers ?? {}
  }

  profile(context: ResponseContext, answers: Answers = this.answersFor(context)): ProfileResult {
    return toNeedsProfile(context.definition, answers, { country: context.organisation.country })
  }

  readiness(context: ResponseContext, answers: Answers = this.answersFor(context)): ReadinessProfile {
    return readinessProfile(context.definition, answers)
  }

  /**
   * The matcher's result for the response's needs profile; 409 while the answers do not give one.
   * Its readiness is the response's own profile (the same numbers as GET /api/v1/responses/:id).
   */
  match(context: ResponseContext): MatchResult {
    const answers = this.answersFor(context)
    const profile = this.profile(context, answers)
    if (!profile.ok) throw new ProfileIncompleteError(profile.missing)
    const readiness = this.readiness(context, answers)
    const dimensions = Object.fromEntries(
      Object.entries(readiness.dimensions).map(([name, dimension]) => [name, dimension.score]),
    )
    return this.matcher.match(profile.profile, {
      overall: readiness.overall,
      dimensions: dimensions as MatchResult['readiness']['dimensions'],
    })
  }

  private async write(
    context: ResponseContext,
    updated: ResponseRecord,
    expectedVersion: number,
    yours: ReadonlyMap<string, AnswerValue | null>,
  ): Promise<void> {
    if (await this.responses.replaceIfVersion(updated, expectedVersion)) return
    const fresh = await this.responses.get(updated.id)
    if (!fresh) throw new NotFoundError('Response')
    throw this.stale({ ...context, record: fresh, definition: context.definition }, expectedVersion, yours)
  }

  private stale(
    context: ResponseContext,
    readVersion: number,
    yours: ReadonlyMap<string, AnswerValue | null>,
  ): StaleVersionError {
    return new StaleVersionError(context, readVersion, changesSince(context.record, readVersion, yours), yours)
  }

  private async contextOf(
    record: ResponseRecord,
    organisation: Organisation | undefined,
    role: ResponseRole,
  ): Promise<ResponseContext> {
    const definition = await this.definitions.get(record.respondentType, record.definitionVersion)
    if (!definition)
      throw new Error(
        `Questionnaire ${record.respondentType} version ${record.definitionVersion} is missing from the store`,
      )
    const org = organisation ?? (await this.accounts.organisation(record.organisationId))
    if (!org) throw new NotFoundError('Response')
    return { record, definition, organisation: org, role }
  }
}

/** Adds a history entry, folding a save into the previous one when the same person saved just before. */
export function appendHistory(history: HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const last = history.at(-1)
  const fold =
    last !== undefined &&
    entry.action === 'saved' &&
    last.action === 'saved' &&
    last.userId === entry.userId &&
    last.toVersion === entry.fromVersion &&
    Date.parse(entry.at) - Date.parse(last.at) < COALESCE_MS
  if (!fold) return withinBudget([...history, entry].slice(-MAX_HISTORY))
  const changes = last.changes.map((change) => ({ ...change }))
  for (const change of entry.changes) {
    const earlier = changes.find((c) => c.questionId === change.questionId)
    if (earlier) earlier.to = change.to
    else changes.push({ ...change })
  }
  const merged: HistoryEntry = {
    ...last,
    toVersion: entry.toVersion,
    at: entry.at,
    changes: changes.filter((c) => !sameAnswer(c.from, c.to)),
  }
  return withinBudget([...history.slice(0, -1), merged])
}

/** Drops the oldest entries while the history is over its byte budget (the newest one always stays). */
function withinBudget(history: HistoryEntry[]): HistoryEntry[] {
  const sizes = history.map((entry) => Buffer.byteLength(JSON.stringify(entry)))
  let total = sizes.reduce((sum, size) => sum + size, 0)
  let first = 0
  while (total > MAX_HISTORY_BYTES && first < history.length - 1) total -= sizes[first++]!
  return first === 0 ? history : history.slice(first)
}

/**
 * The questions others changed after `readVersion`, from the history: the value then (`base`), the
 * value now (`theirs`), who changed it last and when. When the history no longer reaches back that
 * far, every question the writer sends whose stored value differs is reported with an unknown base.
 */
export function changesSince(
  record: ResponseRecord,
  readVersion: number,
  yours: ReadonlyMap<string, AnswerValue | null>,
): ChangedQuestion[] {
  const entries = record.history.filter((entry) => entry.toVersion > readVersion)
  const complete = readVersion <= record.version && entries.length > 0 && entries[0]!.fromVersion <= readVersion
  const found = new Map<string, ChangedQuestion>()
  for (const entry of entries) {
    for (const change of entry.changes) {
      const seen = found.get(change.questionId)
      if (seen) {
        seen.by = entry.userName
        seen.byId = entry.userId
        seen.at = entry.at
      } else {
        found.set(change.questionId, {
          questionId: change.questionId,
          base: change.from,
          theirs: null,
          by: entry.userName,
          byId: entry.userId,
          at: entry.at,
        })
      }
    }
  }
  for (const change of found.values()) change.theirs = answerOf(record.answers, change.questionId) ?? null
  const changes = [...found.values()].filter((change) => !sameAnswer(change.base ?? null, change.theirs))
  if (!complete) {
    for (const [questionId, value] of yours) {
      const theirs = answerOf(record.answers, questionId) ?? null
      if (!changes.some((c) => c.questionId === questionId) && !sameAnswer(theirs, value))
        changes.push({ questionId, base: undefined, theirs, by: null, byId: null, at: null })
      const listed = changes.find((c) => c.questionId === questionId)
      if (listed) listed.base = undefined
    }
  }
  return changes
}

export type Reconciled = 'conflict' | 'theirs' | 'agree'

/**
 * Three-way merge of one question: `agree` when both hold the same value, `theirs` when only the
 * other person changed it (the writer still has the base value), otherwise `conflict`.
 */
export function reconcile(change: ChangedQuestion, yours: AnswerValue | null | undefined): Reconciled {
  if (yours === undefined) return 'theirs'
  if (sameAnswer(yours, change.theirs)) return 'agree'
  if (change.base !== undefined && sameAnswer(yours, change.base)) return 'theirs'
  return 'conflict'
}

function sameAnswers(a: Answers, b: Answers): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of keys) if (!sameAnswer(answerOf(a, key), answerOf(b, key))) return false
  return true
}
