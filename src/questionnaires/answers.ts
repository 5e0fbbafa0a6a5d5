import { z } from 'zod'
import { t, tDynamic } from '../i18n/i18n.js'
import { countryName, formatMoney, formatNumber } from '../http/view-helpers.js'
import { allQuestions, optionsOf, type Condition, type Question, type QuestionnaireDefinition } from './definition.js'

/**
 * Answers: one value per question id, checked by zod schemas generated from the definition.
 * single choice → option value · multiple choice → option values · scale, number, amount → number ·
 * yes/no → boolean · country → ISO 3166-1 alpha-2 · short and long text → string. Unanswered = absent.
 */
export type AnswerValue = string | number | boolean | string[]
export type Answers = Record<string, AnswerValue>

export const MAX_AMOUNT = 1e12
export const DEFAULT_SHORT_TEXT = 200
export const DEFAULT_LONG_TEXT = 2000

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })
/** An ISO 3166-1 alpha-2 code that CLDR knows (not "XX"). */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false
  try {
    return regionNames.of(code) !== code
  } catch {
    return false
  }
}

function maxLengthOf(question: Question): number {
  if (question.type === 'short_text') return question.maxLength ?? DEFAULT_SHORT_TEXT
  if (question.type === 'long_text') return question.maxLength ?? DEFAULT_LONG_TEXT
  return 0
}

/** The zod schema of one answer (never null: clearing an answer is `null` in a PATCH, handled apart). */
export function answerSchema(question: Question): z.ZodType<AnswerValue> {
  const e = (key: string, params?: Record<string, unknown>) => ({
    error: () => tDynamic(`questionnaire.errors.${key}`, params),
  })
  switch (question.type) {
    case 'single_choice': {
      const values = optionsOf(question).map((o) => o.value)
      return z.string(e('choice')).refine((v) => values.includes(v), e('choice'))
    }
    case 'multiple_choice': {
      const options = optionsOf(question)
      const values = options.map((o) => o.value)
      const exclusive = options.filter((o) => o.exclusive).map((o) => o.value)
      const max = question.maxChoices ?? values.length
      return z
        .array(
          z.string(e('choices')).refine((v) => values.includes(v), e('choices')),
          e('choices'),
        )
        .max(max, e('tooManyChoices', { max }))
        .refine((list) => new Set(list).size === list.length, e('duplicateChoices'))
        .refine(
          (list) => list.length <= 1 || !list.some((v) => exclusive.includes(v)),
          e('exclusiveChoice', { option: options.find((o) => o.exclusive)?.label ?? '' }),
        )
    }
    case 'scale':
      return z
        .number(e('scale', { min: question.min, max: question.max }))
        .int(e('scale', { min: question.min, max: question.max }))
        .min(question.min, e('scale', { min: question.min, max: question.max }))
        .max(question.max, e('scale', { min: question.min, max: question.max }))
    case 'number': {
      let schema = z.number(e('number')).finite(e('number'))
      if (question.integer !== false) schema = schema.int(e('wholeNumber'))
      if (question.min !== undefined)
        schema = schema.min(question.min, e('numberMin', { min: formatNumber(question.min) }))
      if (question.max !== undefined)
        schema = schema.max(question.max, e('numberMax', { max: formatNumber(question.max) }))
      return schema
    }
    case 'amount': {
      const min = question.min ?? 0
      const max = question.max ?? MAX_AMOUNT
      return z
        .number(e('amount'))
        .int(e('amountWhole'))
        .min(min, e('amountMin', { min: formatMoney(min, 'EUR') }))
        .max(max, e('amountMax', { max: formatMoney(max, 'EUR') }))
    }
    case 'yes_no':
      return z.boolean(e('yesNo'))
    case 'country':
      return z.string(e('country')).refine(isCountryCode, e('country'))
    case 'short_text':
    case 'long_text': {
      const max = maxLengthOf(question)
      return z
        .string(e('text'))
        .refine((v) => v.trim().length > 0, e('textEmpty'))
        .refine((v) => v.length <= max, e('textTooLong', { max: formatNumber(max) }))
        .transform((v) => v.trim())
    }
  }
}

const schemaCache = new WeakMap<Question, z.ZodType<AnswerValue>>()
function cachedSchema(question: Question): z.ZodType<AnswerValue> {
  let schema = schemaCache.get(question)
  if (!schema) {
    schema = answerSchema(question)
    schemaCache.set(question, schema)
  }
  return schema
}

export interface AnswerCheck {
  value?: AnswerValue
  error?: string
}

/** Validates one typed answer (from the API or the store). */
export function checkAnswer(question: Question, value: unknown): AnswerCheck {
  const result = cachedSchema(question).safeParse(value)
  if (result.success) return { value: result.data }
  return { error: result.error.issues[0]?.message ?? t('questionnaire.errors.invalid') }
}

export interface AnswersPatch {
  /** null clears the answer. */
  set: Map<string, AnswerValue | null>
  /** Problems by `answers.<questionId>`. */
  errors: Record<string, string[]>
}

/**
 * A partial set of answers from the API: each key must be a question of this definition (version),
 * each value null or a valid answer. Every problem is reported, with its question id.
 */
export function parseAnswersPatch(definition: QuestionnaireDefinition, input: unknown): AnswersPatch {
  const set = new Map<string, AnswerValue | null>()
  const errors = new Map<string, string[]>()
  if (!isPlainObject(input)) {
    errors.set('answers', [t('questionnaire.errors.answersObject')])
    return { set, errors: Object.fromEntries(errors) }
  }
  const byId = new Map(allQuestions(definition).map((q) => [q.id, q]))
  for (const key of Object.keys(input)) {
    const question = byId.get(key)
    if (!question) {
      errors.set(`answers.${key}`, [t('questionnaire.errors.unknownQuestion', { version: definition.version })])
      continue
    }
    const value = input[key]
    if (value === null) {
      set.set(key, null)
      continue
    }
    const checked = checkAnswer(question, value)
    if (checked.error !== undefined) errors.set(`answers.${key}`, [checked.error])
    else set.set(key, checked.value!)
  }
  return { set, errors: Object.fromEntries(errors) }
}

// ---- visibility (conditional questions) ---------------------------------------------------------

export function conditionHolds(condition: Condition, answer: AnswerValue | undefined): boolean {
  if (answer === undefined) return false
  if (condition.includesAny) return Array.isArray(answer) && answer.some((v) => condition.includesAny!.includes(v))
  if (condition.anyOf) return !Array.isArray(answer) && condition.anyOf.includes(answer)
  return answer === condition.equals
}

/** Ids of the questions shown for these answers: a condition holds and the question it depends on is itself shown. */
export function visibleQuestionIds(definition: QuestionnaireDefinition, answers: Answers): Set<string> {
  const visible = new Set<string>()
  for (const question of allQuestions(definition)) {
    const condition = question.showIf
    if (
      !condition ||
      (visible.has(condition.question) && conditionHolds(condition, answerOf(answers, condition.question)))
    )
      visible.add(question.id)
  }
  return visible
}

/** Own-property read: a question id never reaches Object.prototype. */
export function answerOf(answers: Answers, id: string): AnswerValue | undefined {
  return Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : undefined
}

export function isAnswered(value: AnswerValue | undefined | null): boolean {
  if (value === undefined || value === null) return false
  if (Array.isArray(value)) return value.length > 0
  return true
}

/** The message for a required question left unanswered, or for too few choices; null when complete. */
export function missingMessage(question: Question, value: AnswerValue | undefined): string | null {
  if (
    question.type === 'multiple_choice' &&
    Array.isArray(value) &&
    question.minChoices &&
    value.length > 0 &&
    value.length < question.minChoices
  ) {
    return t('questionnaire.errors.minChoices', { min: question.minChoices })
  }
  if (!question.required || isAnswered(value)) return null
  const key: Record<Question['type'], string> = {
    single_choice: 'requiredChoice',
    multiple_choice: 'requiredChoices',
    scale: 'requiredChoice',
    yes_no: 'requiredYesNo',
    number: 'requiredNumber',
    amount: 'requiredAmount',
    country: 'requiredCountry',
    short_text: 'requiredText',
    long_text: 'requiredText',
  }
  return tDynamic(`questionnaire.errors.${key[question.type]}`)
}

export interface Completeness {
  /** Visible questions, answered visible questions. */
  total: number
  answered: number
  /** Problems per question id, in questionnaire order: required answers missing, invalid stored answers. */
  problems: Map<string, string>
  visible: Set<string>
}

/** What submit checks: every visible required question answered, every visible answer valid. */
export function completeness(definition: QuestionnaireDefinition, answers: Answers): Completeness {
  const visible = visibleQuestionIds(definition, answers)
  const problems = new Map<string, string>()
  let total = 0
  let answered = 0
  for (const question of allQuestions(definition)) {
    if (!visible.has(question.id)) continue
    total++
    const value = answerOf(answers, question.id)
    if (isAnswered(value)) answered++
    const invalid = value === undefined ? undefined : checkAnswer(question, value).error
    const problem = invalid ?? missingMessage(question, value)
    if (problem) problems.set(question.id, problem)
  }
  return { total, answered, problems, visible }
}

/** The answers without those of hidden questions (what a submission keeps). */
export function visibleAnswers(definition: QuestionnaireDefinition, answers: Answers): Answers {
  const visible = visibleQuestionIds(definition, answers)
  const kept: Answers = {}
  for (const question of allQuestions(definition)) {
    const value = answerOf(answers, question.id)
    if (visible.has(question.id) && value !== undefined) kept[question.id] = value
  }
  return kept
}

// ---- form values (pages) -------------------------------------------------------------------------

/** "2 500 000", "2,500,000", "2.500.000", "EUR 2500000", "12,5" → numbers; anything else stays text and fails. */
export function parseNumberText(text: string): number | string | null {
  const compact = text
    .replace(/[\s\u00a0\u202f_']/g, '')
    .replace(/^(eur|€)/i, '')
    .replace(/(eur|€|%)$/i, '')
  if (compact === '') return null
  if (/^-?\d+$/.test(compact)) return Number(compact)
  if (/^-?\d{1,3}(,\d{3})+$/.test(compact) || /^-?\d{1,3}(\.\d{3})+$/.test(compact))
    return Number(compact.replace(/[.,]/g, ''))
  if (/^-?\d+[.,]\d+$/.test(compact)) return Number(compact.replace(',', '.'))
  return text
}

export interface FormAnswer {
  /** The typed value; null = unanswered. Absent when the input is not valid. */
  value?: AnswerValue | null
  error?: string
  /** What the user typed or chose, to show again. */
  raw: string[]
}

/** Reads one question from a urlencoded form body (values are strings, repeated names are arrays). */
export function answerFromForm(question: Question, input: unknown): FormAnswer {
  const raw = (Array.isArray(input) ? input : input === undefined ? [] : [input]).filter(
    (v): v is string => typeof v === 'string',
  )
  if (question.type === 'multiple_choice') {
    const chosen = raw.filter((v) => v !== '')
    return finish(question, chosen, raw)
  }
  if (raw.length > 1) return { error: t('questionnaire.errors.oneAnswer'), raw }
  const text = raw[0] ?? ''
  if (question.type === 'short_text' || question.type === 'long_text') {
    return text.trim() === '' ? { value: null, raw } : finish(question, text, raw)
  }
  const trimmed = text.trim()
  if (trimmed === '') return { value: null, raw }
  switch (question.type) {
    case 'yes_no':
      return trimmed === 'yes' || trimmed === 'no'
        ? { value: trimmed === 'yes', raw }
        : { error: t('questionnaire.errors.yesNo'), raw }
    case 'scale':
      return /^\d+$/.test(trimmed)
        ? finish(question, Number(trimmed), raw)
        : { error: t('questionnaire.errors.scale', { min: question.min, max: question.max }), raw }
    case 'number':
    case 'amount': {
      const parsed = parseNumberText(trimmed)
      if (typeof parsed !== 'number')
        return {
          error: t(question.type === 'amount' ? 'questionnaire.errors.amount' : 'questionnaire.errors.number'),
          raw,
        }
      return finish(question, parsed, raw)
    }
    case 'country':
      return finish(question, trimmed.toUpperCase(), raw)
    default:
      return finish(question, trimmed, raw)
  }
}

function finish(question: Question, value: unknown, raw: string[]): FormAnswer {
  const checked = checkAnswer(question, value)
  return checked.error !== undefined ? { error: checked.error, raw } : { value: checked.value!, raw }
}

/** An answer as strings, the way a form shows it. */
export function answerToRaw(value: AnswerValue | undefined | null): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return [...value]
  if (typeof value === 'boolean') return [value ? 'yes' : 'no']
  return [String(value)]
}

// ---- display -------------------------------------------------------------------------------------

/** An answer in words, for the check page, print view and CSV ("" when unanswered). */
export function answerText(question: Question, value: AnswerValue | undefined | null): string {
  if (!isAnswered(value)) return ''
  const v = value as AnswerValue
  switch (question.type) {
    case 'single_choice':
      return optionsOf(question).find((o) => o.value === v)?.label ?? String(v)
    case 'multiple_choice': {
      const options = optionsOf(question)
      return (v as string[]).map((item) => options.find((o) => o.value === item)?.label ?? item).join('; ')
    }
    case 'scale':
      return t('questionnaire.answers.scaleValue', {
        value: String(v),
        max: question.max,
        minLabel: question.minLabel,
        maxLabel: question.maxLabel,
      })
    case 'yes_no':
      return t(v === true ? 'questionnaire.answers.yes' : 'questionnaire.answers.no')
    case 'amount':
      return formatMoney(v as number, 'EUR')
    case 'number':
      // A calendar year reads 2029, not "2,029 year".
      if (question.unit === 'year') return String(v)
      if (!question.unit) return formatNumber(v as number)
      return question.unit === '%' ? `${formatNumber(v as number)}%` : `${formatNumber(v as number)} ${question.unit}`
    case 'country':
      return countryName(String(v))
    default:
      return String(v)
  }
}

/** Deep equality of two answers (arrays compared in order). */
export function sameAnswer(a: AnswerValue | null | undefined, b: AnswerValue | null | undefined): boolean {
  const x = a ?? null
  const y = b ?? null
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => v === y[i])
  return x === y
}
