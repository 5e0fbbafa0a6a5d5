import { z } from 'zod'
import { NeedsProfile } from '../matching/needs-profile.js'
import { RespondentType } from '../shared/codelists.js'
import { Condition, DIMENSIONS, QUESTION_TYPES, ReadinessRule } from './definition.js'
import { RESPONSE_STATUSES } from './response.js'

/**
 * The JSON shapes of `/api/v1/questionnaires…` and `/api/v1/responses…`, for the OpenAPI document
 * (src/api-docs/api-operations.ts) and the tests. The routes' request schemas live in questionnaires-api.ts.
 */

export const AnswerValueJson = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])
export const AnswersJson = z.record(z.string(), AnswerValueJson)

const OptionJson = z.object({
  value: z.string(),
  label: z.string(),
  hint: z.string().optional(),
  exclusive: z.boolean().optional(),
})

const QuestionJson = z.object({
  id: z.string(),
  type: z.enum(QUESTION_TYPES),
  label: z.string(),
  hint: z.string().optional(),
  required: z.boolean(),
  glossary: z.array(z.object({ slug: z.string(), url: z.string() })),
  showIf: Condition.optional(),
  readiness: z.array(ReadinessRule).optional(),
  options: z.array(OptionJson).optional(),
  codelist: z.string().optional(),
  /** With a codelist: the codelist values offered (all when absent) and options added after them; `options` lists them all. */
  only: z.array(z.string()).optional(),
  extraOptions: z.array(OptionJson).optional(),
  minChoices: z.number().int().optional(),
  maxChoices: z.number().int().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minLabel: z.string().optional(),
  maxLabel: z.string().optional(),
  integer: z.boolean().optional(),
  unit: z.string().optional(),
  maxLength: z.number().int().optional(),
})

export const QuestionnaireSummaryJson = z.object({
  respondentType: RespondentType,
  version: z.number().int(),
  publishedAt: z.iso.date(),
  title: z.string(),
  estimatedMinutes: z.number().int(),
  sections: z.number().int(),
  questions: z.number().int(),
  url: z.string(),
  page: z.string(),
})

export const QuestionnaireListJson = z.object({ items: z.array(QuestionnaireSummaryJson) })

export const QuestionnaireJson = z.object({
  respondentType: RespondentType,
  version: z.number().int(),
  versions: z.array(z.number().int()),
  publishedAt: z.iso.date(),
  changeNote: z.string().optional(),
  title: z.string(),
  intro: z.string(),
  benefits: z.array(z.string()),
  estimatedMinutes: z.number().int(),
  sections: z.array(
    z.object({ id: z.string(), title: z.string(), intro: z.string().optional(), questions: z.array(QuestionJson) }),
  ),
  profileMapping: z.record(z.string(), z.unknown()),
  page: z.string(),
})

const DimensionJson = z.object({
  score: z.number().int().min(0).max(100),
  earned: z.number(),
  max: z.number(),
  raise: z.array(z.string()),
})
export const ReadinessJson = z.object({
  overall: z.number().int().min(0).max(100),
  dimensions: z.object(
    Object.fromEntries(DIMENSIONS.map((d) => [d, DimensionJson])) as Record<
      (typeof DIMENSIONS)[number],
      typeof DimensionJson
    >,
  ),
})

export const ResponseJson = z.object({
  id: z.uuid(),
  organisation: z.object({ id: z.string(), name: z.string(), country: z.string() }),
  respondentType: RespondentType,
  questionnaireVersion: z.number().int(),
  status: z.enum(RESPONSE_STATUSES),
  locked: z.boolean(),
  version: z.number().int(),
  consentToViewDraft: z.boolean(),
  demo: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  submittedAt: z.iso.datetime().nullable(),
  changedSinceSubmission: z.boolean(),
  answers: AnswersJson,
  progress: z.object({
    answered: z.number().int(),
    total: z.number().int(),
    problems: z.array(z.object({ questionId: z.string(), message: z.string() })),
  }),
  readiness: ReadinessJson,
  needsProfile: NeedsProfile.nullable(),
  needsProfileMissing: z.array(z.string()).optional(),
  submission: z.object({ at: z.iso.datetime(), by: z.string(), version: z.number().int() }).nullable(),
  history: z.array(
    z.object({
      action: z.enum(['created', 'saved', 'submitted', 'consent_given', 'consent_withdrawn']),
      at: z.iso.datetime(),
      firstAt: z.iso.datetime(),
      by: z.string(),
      fromVersion: z.number().int(),
      toVersion: z.number().int(),
      questionIds: z.array(z.string()).optional(),
    }),
  ),
  links: z.object({ self: z.string(), page: z.string(), match: z.string(), questionnaire: z.string() }),
})

/** 409 on a stale version: the shared error body plus the current version and what changed. */
export const ConflictJson = z.object({
  error: z.object({
    code: z.literal('conflict'),
    message: z.string(),
    currentVersion: z.number().int(),
    yourVersion: z.unknown(),
    changes: z.array(
      z.object({
        questionId: z.string(),
        label: z.string(),
        by: z.string().nullable(),
        at: z.iso.datetime().nullable(),
        theirs: AnswerValueJson.nullable(),
        yours: AnswerValueJson.nullable().optional(),
        conflict: z.boolean(),
      }),
    ),
  }),
})

/** The documented PATCH body (the route checks each answer against the questionnaire version). */
export const AnswersPatchJson = z.strictObject({
  answers: z.record(z.string(), AnswerValueJson.nullable()).optional(),
  version: z.number().int().min(1),
  consentToViewDraft: z.boolean().optional(),
})
