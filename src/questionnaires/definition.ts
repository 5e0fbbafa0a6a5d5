import { z } from 'zod'
import { label } from '../i18n/i18n.js'
import { NeedsProfile } from '../matching/needs-profile.js'
import {
  FUNDS,
  INSTRUMENTS,
  PARTNERS,
  POLICY_FIELDS,
  RESPONDENT_TYPES,
  STAGES,
  TARGET_GROUPS,
} from '../shared/codelists.js'

/**
 * A questionnaire definition: versioned data in `seed/questionnaires/<respondentType>.v<version>.json`
 * (docs/adr/008-questionnaires-as-versioned-data.md, docs/questionnaires.md).
 *
 * A definition has sections of questions; each question has a type, a plain-language label and hint,
 * a required flag and limits, options (its own or a codelist of DESIGN §4), glossary terms, an
 * optional condition on an earlier answer (`showIf`), readiness rules and, at definition level, the
 * mapping of answers to a needs profile (`profile`). Everything is checked here when the seed is read.
 */

export const QUESTION_TYPES = [
  'single_choice',
  'multiple_choice',
  'scale',
  'number',
  'amount',
  'yes_no',
  'country',
  'short_text',
  'long_text',
] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

export const DIMENSIONS = ['knowledge', 'capacity', 'partnerships', 'pipeline', 'data'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** Codelists of DESIGN §4 a question can take its options from; labels come from the message catalogue. */
export const CODELISTS = {
  policyField: POLICY_FIELDS,
  targetGroup: TARGET_GROUPS,
  instrument: INSTRUMENTS,
  fund: FUNDS,
  partner: PARTNERS,
  stage: STAGES,
} as const satisfies Record<string, readonly string[]>
export type CodelistName = keyof typeof CODELISTS

/** Question ids are answer keys in the store and form field names: lower-case letters, digits and `_`. */
export const QuestionId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,59}$/, 'Use lower-case letters, digits and _ (start with a letter)')
const OptionValue = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,59}$/, 'Use lower-case letters, digits, _ and -')
const Text = (max: number) => z.string().trim().min(1).max(max)
const GlossarySlug = z.string().regex(/^[a-z0-9-]+$/)

export const AnswerOption = z.strictObject({
  value: OptionValue,
  label: Text(200),
  hint: Text(300).optional(),
  /** Multiple choice: this option ("None of these") cannot be combined with others. */
  exclusive: z.boolean().optional(),
})
export type AnswerOption = z.infer<typeof AnswerOption>

const Scalar = z.union([z.string(), z.number(), z.boolean()])

/** Shown only when an earlier answer makes the question relevant. Exactly one operator. */
export const Condition = z
  .strictObject({
    question: QuestionId,
    /** Single choice, yes/no (true/false), scale: the answer equals this value. */
    equals: Scalar.optional(),
    /** Single choice or scale: the answer is one of these. */
    anyOf: z.array(Scalar).min(1).optional(),
    /** Multiple choice: at least one of these is chosen. */
    includesAny: z.array(OptionValue).min(1).optional(),
  })
  .refine(
    (c) => [c.equals, c.anyOf, c.includesAny].filter((v) => v !== undefined).length === 1,
    'Give exactly one of equals, anyOf, includesAny',
  )
export type Condition = z.infer<typeof Condition>

/**
 * Readiness rules (docs/questionnaires.md §Readiness): points a question's answer earns in a dimension.
 * - `points`: per answer value (single choice, scale "1".."5", yes/no "yes"/"no"); max = the highest.
 * - `each` + `max`: per chosen option of a multiple choice (options in `except` earn nothing), capped.
 * - `ifAnswered`: points for any answer (numbers, amounts, text).
 * `raise` says, in plain words, what would raise the score; it is shown while the rule earns less than its max.
 * `raiseInstead` replaces it when an answer makes it wrong (a city that named a promotional bank is not
 * told to find one): the first entry whose `when` holds wins.
 */
export const ReadinessRule = z
  .strictObject({
    dimension: z.enum(DIMENSIONS),
    points: z.record(z.string(), z.number().int().min(0).max(100)).optional(),
    each: z.number().int().min(1).max(100).optional(),
    max: z.number().int().min(1).max(100).optional(),
    except: z.array(OptionValue).optional(),
    ifAnswered: z.number().int().min(1).max(100).optional(),
    raise: Text(300),
    raiseInstead: z
      .array(z.strictObject({ when: Condition, raise: Text(300) }))
      .min(1)
      .max(3)
      .optional(),
  })
  .refine(
    (r) =>
      (r.points !== undefined ? 1 : 0) + (r.each !== undefined ? 1 : 0) + (r.ifAnswered !== undefined ? 1 : 0) === 1,
    'Give exactly one of points, each (with max) or ifAnswered',
  )
  .refine((r) => (r.each === undefined) === (r.max === undefined), 'each and max go together')
export type ReadinessRule = z.infer<typeof ReadinessRule>

const base = {
  id: QuestionId,
  label: Text(300),
  hint: Text(600).optional(),
  required: z.boolean(),
  /** Glossary slugs (seed/glossary.json) explaining the terms the question uses. */
  glossary: z.array(GlossarySlug).max(5).optional(),
  showIf: Condition.optional(),
  readiness: z.array(ReadinessRule).max(3).optional(),
}

const choiceSource = {
  options: z.array(AnswerOption).min(2).max(40).optional(),
  codelist: z.enum(Object.keys(CODELISTS) as [CodelistName, ...CodelistName[]]).optional(),
  /** With a codelist: only these of its values. */
  only: z.array(OptionValue).min(1).optional(),
  /** With a codelist: options added after its values (for example "none" or "not sure"). */
  extraOptions: z.array(AnswerOption).max(5).optional(),
}

export const Question = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('single_choice'), ...choiceSource }),
  z.strictObject({
    ...base,
    type: z.literal('multiple_choice'),
    ...choiceSource,
    minChoices: z.number().int().min(1).optional(),
    maxChoices: z.number().int().min(1).optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('scale'),
    min: z.number().int().min(0).max(1),
    max: z.number().int().min(3).max(10),
    minLabel: Text(100),
    maxLabel: Text(100),
  }),
  z.strictObject({
    ...base,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().optional(),
    unit: Text(40).optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('amount'),
    min: z.number().int().min(0).optional(),
    max: z.number().int().max(1e12).optional(),
  }),
  z.strictObject({ ...base, type: z.literal('yes_no') }),
  z.strictObject({ ...base, type: z.literal('country') }),
  z.strictObject({ ...base, type: z.literal('short_text'), maxLength: z.number().int().min(1).max(500).optional() }),
  z.strictObject({ ...base, type: z.literal('long_text'), maxLength: z.number().int().min(1).max(5000).optional() }),
])
export type Question = z.infer<typeof Question>
export type ChoiceQuestion = Extract<Question, { type: 'single_choice' | 'multiple_choice' }>

export const Section = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,40}$/),
  title: Text(120),
  intro: Text(800).optional(),
  questions: z.array(Question).min(1).max(40),
})
export type Section = z.infer<typeof Section>

/** Where a needs-profile field comes from (docs/questionnaires.md §Needs profile). */
export const ProfileSource = z.union([
  z.strictObject({ organisation: z.literal('country') }),
  z.strictObject({ value: z.unknown() }),
  z.strictObject({
    question: QuestionId,
    /** Answer value (yes/no: "yes"/"no"; scale: "1".."5") → profile value; null drops the value from a list. */
    map: z.record(z.string(), z.unknown()).optional(),
    /** Multiple choice copied as it is: option values left out of the profile (for example "none"). */
    drop: z.array(OptionValue).optional(),
    /** Used when the question is unanswered or hidden; without it the answer is needed for a profile. */
    default: z.unknown().optional(),
  }),
])
export type ProfileSource = z.infer<typeof ProfileSource>

export const PROFILE_FIELDS = [
  'country',
  'policyFields',
  'targetGroups',
  'investmentSizeEur',
  'ticketSizeEur',
  'revenueModel',
  'outcomesMeasurable',
  'borrowingCapacity',
  'financialExpertise',
  'partners',
  'cofinancingAvailable',
] as const
export type ProfileField = (typeof PROFILE_FIELDS)[number]

const ProfileMapping = z.strictObject(
  Object.fromEntries(PROFILE_FIELDS.map((field) => [field, ProfileSource])) as Record<
    ProfileField,
    typeof ProfileSource
  >,
)
export type ProfileMapping = z.infer<typeof ProfileMapping>

/**
 * A ceiling on the overall readiness score while every condition holds (issue #18): low capacity
 * caps it, e.g. at most 40 when a city can neither borrow nor co-finance. `reason` is shown with the score.
 */
export const ReadinessCap = z.strictObject({
  when: z.array(Condition).min(1).max(5),
  maxOverall: z.number().int().min(0).max(100),
  reason: Text(300),
})
export type ReadinessCap = z.infer<typeof ReadinessCap>

/**
 * Where the overall readiness score reads "medium" and "high" (issue #18): data, so the review's
 * "ready for a pilot" threshold is the definition's high band, not a number in code.
 */
export const ReadinessBands = z
  .strictObject({ medium: z.number().int().min(1).max(100), high: z.number().int().min(1).max(100) })
  .refine((bands) => bands.medium < bands.high, { message: 'medium must be below high', path: ['medium'] })
export type ReadinessBands = z.infer<typeof ReadinessBands>

export const DefinitionShape = z.strictObject({
  respondentType: z.enum(RESPONDENT_TYPES),
  /** 1, 2, …: a changed questionnaire is a new version; responses keep the version they answer. */
  version: z.number().int().min(1).max(1000),
  publishedAt: z.iso.date(),
  /** What changed since the previous version, for the people who answered it. */
  changeNote: Text(500).optional(),
  title: Text(150),
  intro: Text(1500),
  /** What respondents get out of it, shown on the start page. */
  benefits: z.array(Text(300)).min(1).max(6),
  estimatedMinutes: z.number().int().min(1).max(240),
  sections: z.array(Section).min(1).max(12),
  profile: ProfileMapping,
  readinessCaps: z.array(ReadinessCap).max(10).optional(),
  readinessBands: ReadinessBands.optional(),
})

export const QuestionnaireDefinition = DefinitionShape.superRefine(checkDefinition)
export type QuestionnaireDefinition = z.infer<typeof DefinitionShape>

// ---- helpers used by answers, pages and presenters -----------------------------------------------

export interface ResolvedOption {
  value: string
  label: string
  hint?: string | undefined
  exclusive: boolean
}

/** The options of a choice question, codelist values with their catalogue labels; scale points too. */
export function optionsOf(question: Question): ResolvedOption[] {
  if (question.type === 'single_choice' || question.type === 'multiple_choice') {
    if (question.options)
      return question.options.map((o) => ({
        value: o.value,
        label: o.label,
        hint: o.hint,
        exclusive: o.exclusive === true,
      }))
    if (question.codelist) {
      const values = CODELISTS[question.codelist].filter((v) => !question.only || question.only.includes(v))
      return [
        ...values.map((value) => ({ value, label: label(question.codelist!, value), exclusive: false })),
        ...(question.extraOptions ?? []).map((o) => ({
          value: o.value,
          label: o.label,
          hint: o.hint,
          exclusive: o.exclusive === true,
        })),
      ]
    }
    return []
  }
  if (question.type === 'scale') {
    const points: ResolvedOption[] = []
    for (let n = question.min; n <= question.max; n++)
      points.push({ value: String(n), label: String(n), exclusive: false })
    return points
  }
  return []
}

/** The values an answer to the question can take, as strings (yes/no: "yes", "no"). */
export function answerKeys(question: Question): string[] | null {
  if (question.type === 'yes_no') return ['yes', 'no']
  if (question.type === 'single_choice' || question.type === 'multiple_choice' || question.type === 'scale')
    return optionsOf(question).map((o) => o.value)
  return null
}

export function allQuestions(definition: QuestionnaireDefinition): Question[] {
  return definition.sections.flatMap((section) => section.questions)
}

// ---- consistency checks ------------------------------------------------------------------------

function checkDefinition(def: z.infer<typeof DefinitionShape>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  const seen = new Map<string, Question>()
  const sectionIds = new Set<string>()
  def.sections.forEach((section, s) => {
    if (sectionIds.has(section.id)) issue(['sections', s, 'id'], `Duplicate section id "${section.id}"`)
    sectionIds.add(section.id)
    section.questions.forEach((question, q) => {
      const path = ['sections', s, 'questions', q]
      if (seen.has(question.id)) issue([...path, 'id'], `Duplicate question id "${question.id}"`)
      checkQuestion(question, path, issue)
      if (question.showIf) checkCondition(question.showIf, seen, [...path, 'showIf'], issue)
      seen.set(question.id, question)
      ;(question.readiness ?? []).forEach((rule, r) =>
        rule.raiseInstead?.forEach((instead, i) =>
          checkCondition(instead.when, seen, [...path, 'readiness', r, 'raiseInstead', i, 'when'], issue),
        ),
      )
    })
  })
  const dimensions = new Set(allQuestions(def).flatMap((q) => (q.readiness ?? []).map((r) => r.dimension)))
  for (const dimension of DIMENSIONS)
    if (!dimensions.has(dimension)) issue(['sections'], `No readiness rule feeds the dimension "${dimension}"`)
  for (const field of PROFILE_FIELDS) checkProfileSource(field, def.profile[field], seen, ['profile', field], issue)
  ;(def.readinessCaps ?? []).forEach((cap, c) =>
    cap.when.forEach((condition, w) => checkCondition(condition, seen, ['readinessCaps', c, 'when', w], issue)),
  )
}

type Issue = (path: (string | number)[], message: string) => void

function checkQuestion(question: Question, path: (string | number)[], issue: Issue): void {
  if (question.type === 'single_choice' || question.type === 'multiple_choice') {
    if ((question.options === undefined) === (question.codelist === undefined))
      issue(path, 'Give either options or a codelist')
    if (question.options && (question.only || question.extraOptions))
      issue(path, 'only and extraOptions go with a codelist')
    if (question.codelist && question.only) {
      const values: readonly string[] = CODELISTS[question.codelist]
      for (const value of question.only)
        if (!values.includes(value)) issue([...path, 'only'], `"${value}" is not in the ${question.codelist} codelist`)
    }
    const values = optionsOf(question).map((o) => o.value)
    if (new Set(values).size !== values.length) issue(path, 'Option values must be unique')
    if (question.type === 'single_choice' && optionsOf(question).some((o) => o.exclusive))
      issue(path, 'exclusive is for multiple choice')
    if (
      question.type === 'multiple_choice' &&
      question.minChoices &&
      question.maxChoices &&
      question.minChoices > question.maxChoices
    )
      issue(path, 'minChoices is above maxChoices')
  }
  if (
    question.type === 'number' &&
    question.min !== undefined &&
    question.max !== undefined &&
    question.min > question.max
  )
    issue(path, 'min is above max')
  if (
    question.type === 'amount' &&
    question.min !== undefined &&
    question.max !== undefined &&
    question.min > question.max
  )
    issue(path, 'min is above max')
  const keys = answerKeys(question)
  ;(question.readiness ?? []).forEach((rule, r) => {
    const here = [...path, 'readiness', r]
    if (rule.points) {
      if (!keys) issue(here, 'points need a choice, scale or yes/no question; use ifAnswered')
      else
        for (const key of Object.keys(rule.points))
          if (!keys.includes(key)) issue(here, `"${key}" is not an answer of ${question.id}`)
    }
    if (rule.each !== undefined && question.type !== 'multiple_choice') issue(here, 'each is for multiple choice')
    for (const value of rule.except ?? [])
      if (!keys?.includes(value)) issue(here, `"${value}" is not an option of ${question.id}`)
  })
}

function checkCondition(
  condition: Condition,
  earlier: Map<string, Question>,
  path: (string | number)[],
  issue: Issue,
): void {
  const target = earlier.get(condition.question)
  if (!target) {
    issue(path, `showIf must refer to an earlier question; "${condition.question}" is not one`)
    return
  }
  const keys = answerKeys(target)
  if (!keys) {
    issue(path, `showIf needs a choice, scale or yes/no question; ${target.id} is ${target.type}`)
    return
  }
  const asKey = (value: unknown) => (typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value))
  if (condition.includesAny && target.type !== 'multiple_choice')
    issue(path, 'includesAny is for multiple choice questions')
  if ((condition.equals !== undefined || condition.anyOf) && target.type === 'multiple_choice')
    issue(path, 'Use includesAny with a multiple choice question')
  if (condition.equals !== undefined && target.type === 'yes_no' && typeof condition.equals !== 'boolean')
    issue(path, 'A yes/no answer is true or false')
  if (condition.equals !== undefined && target.type === 'scale' && typeof condition.equals !== 'number')
    issue(path, 'A scale answer is a number')
  for (const value of [
    ...(condition.equals !== undefined ? [condition.equals] : []),
    ...(condition.anyOf ?? []),
    ...(condition.includesAny ?? []),
  ]) {
    if (!keys.includes(asKey(value))) issue(path, `"${String(value)}" is not an answer of ${target.id}`)
  }
}

function checkProfileSource(
  field: ProfileField,
  source: ProfileSource,
  questions: Map<string, Question>,
  path: (string | number)[],
  issue: Issue,
): void {
  const fieldSchema = NeedsProfile.shape[field] as z.ZodType
  const isList = field === 'policyFields' || field === 'targetGroups' || field === 'partners'
  const valid = (value: unknown) => fieldSchema.safeParse(isList && !Array.isArray(value) ? [value] : value).success
  if ('organisation' in source) {
    if (field !== 'country') issue(path, 'Only the country comes from the organisation')
    return
  }
  if ('value' in source) {
    if (!valid(source.value)) issue(path, `${JSON.stringify(source.value)} is not a valid ${field}`)
    return
  }
  const question = questions.get(source.question)
  if (!question) {
    issue(path, `No question "${source.question}"`)
    return
  }
  if (source.default !== undefined && !valid(source.default))
    issue(path, `The default ${JSON.stringify(source.default)} is not a valid ${field}`)
  const keys = answerKeys(question)
  if (source.map) {
    if (!keys) {
      issue(path, `map needs a choice, scale or yes/no question; ${question.id} is ${question.type}`)
      return
    }
    for (const key of keys)
      if (!(key in source.map)) issue(path, `map has no entry for the answer "${key}" of ${question.id}`)
    for (const [key, value] of Object.entries(source.map)) {
      if (!keys.includes(key)) issue(path, `"${key}" is not an answer of ${question.id}`)
      if (value !== null && !valid(value))
        issue(path, `${JSON.stringify(value)} (for "${key}") is not a valid ${field}`)
    }
    if (isList !== (question.type === 'multiple_choice') && !(isList && question.type === 'single_choice'))
      issue(path, `${field} cannot come from a ${question.type} question`)
    return
  }
  // Copied as it is: the question's answers must be valid profile values.
  const expected: Record<ProfileField, QuestionType[]> = {
    country: ['country'],
    policyFields: ['multiple_choice'],
    targetGroups: ['multiple_choice'],
    partners: ['multiple_choice'],
    investmentSizeEur: ['amount'],
    ticketSizeEur: ['amount'],
    revenueModel: ['single_choice'],
    borrowingCapacity: ['single_choice'],
    financialExpertise: ['single_choice'],
    outcomesMeasurable: ['yes_no'],
    cofinancingAvailable: ['yes_no'],
  }
  if (!expected[field].includes(question.type)) {
    issue(path, `${field} cannot be copied from a ${question.type} question; add a map`)
    return
  }
  if (keys && question.type !== 'yes_no') {
    const dropped = source.drop ?? []
    for (const key of keys)
      if (!dropped.includes(key) && !valid(key))
        issue(path, `The answer "${key}" of ${question.id} is not a valid ${field}: map or drop it`)
  }
}
