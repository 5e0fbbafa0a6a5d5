import type { RespondentType } from '../shared/codelists.js'
import type { AnswerValue, Answers } from './answers.js'

/**
 * A questionnaire response: the answers of one organisation to one version of its questionnaire
 * (docs/adr/009-response-drafts-and-co-authoring.md).
 *
 * Status: `draft` → `submitted` (by the respondents) → `in_review` → `follow_up` → `closed` (set by
 * DG HOME's review). While `in_review`, `follow_up` or `closed` the response is locked for its
 * authors; setting it back to `submitted` unlocks it. After submit the authors may keep changing
 * answers until the review starts: `submission` keeps what was last submitted (what reviewers
 * see), `changedSinceSubmission` tells that the live answers differ until they submit again.
 */
export const RESPONSE_STATUSES = ['draft', 'submitted', 'in_review', 'follow_up', 'closed'] as const
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number]
export const LOCKED_STATUSES: readonly ResponseStatus[] = ['in_review', 'follow_up', 'closed']

export interface AnswerChange {
  questionId: string
  from: AnswerValue | null
  to: AnswerValue | null
}

export type HistoryAction = 'created' | 'saved' | 'submitted' | 'consent_given' | 'consent_withdrawn'

/** Who changed what, when. Consecutive saves by one person within 10 minutes share one entry. */
export interface HistoryEntry {
  action: HistoryAction
  /** The response version before the first write of this entry, and after its last. */
  fromVersion: number
  toVersion: number
  firstAt: string
  at: string
  userId: string
  userName: string
  changes: AnswerChange[]
}

export interface Submission {
  answers: Answers
  at: string
  userId: string
  userName: string
  /** The response version that was submitted. */
  responseVersion: number
}

export interface ResponseRecord {
  id: string
  organisationId: string
  respondentType: RespondentType
  /** The questionnaire version answered (seed/questionnaires, collection `questionnaires`). */
  definitionVersion: number
  /** Unique while open: one response per organisation, type and round (a new round after one is closed). */
  openKey: string
  status: ResponseStatus
  answers: Answers
  /** Optimistic locking: every write names the version it read; a stale one is a 409. */
  version: number
  /** The authors let DG HOME see the draft in progress (answers not yet submitted). */
  consentToViewDraft: boolean
  /** Demonstration data: excluded from real figures. */
  demo: boolean
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
  submission: Submission | null
  changedSinceSubmission: boolean
  /** When the status last changed (the review sets it too). */
  statusChangedAt: string
  history: HistoryEntry[]
}

export const isLocked = (record: Pick<ResponseRecord, 'status'>) => LOCKED_STATUSES.includes(record.status)
