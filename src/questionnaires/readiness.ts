import { answerOf, conditionHolds, visibleQuestionIds, type AnswerValue, type Answers } from './answers.js'
import {
  allQuestions,
  DIMENSIONS,
  type Dimension,
  type QuestionnaireDefinition,
  type ReadinessBands,
  type ReadinessRule,
} from './definition.js'

/**
 * The readiness profile of a response (docs/questionnaires.md §Readiness profile): per dimension
 * (knowledge, capacity, partnerships, pipeline, data) the points its answers earn under the
 * definition's readiness rules, as a share of the points available, 0-100. Unanswered and hidden
 * questions earn nothing; every rule counts towards the maximum, so "no" to a question whose
 * follow-up would have earned points leaves those points open. Overall = the rounded mean of the five.
 * "What would raise it" lists the `raise` text of the rules that earn less than their maximum,
 * largest gap first (at most three per dimension).
 */
export interface DimensionScore {
  score: number
  earned: number
  max: number
  /** Plain-language steps that would raise the score, largest gap first. */
  raise: string[]
}

export interface ReadinessProfile {
  overall: number
  dimensions: Record<Dimension, DimensionScore>
  /** The definition's cap that lowered the overall score (low capacity), when one applies. */
  cap?: { maxOverall: number; reason: string }
}

export const MAX_RAISE_TIPS = 3

export function rulePoints(rule: ReadinessRule, value: AnswerValue | undefined): { earned: number; max: number } {
  if (rule.points) {
    const max = Math.max(0, ...Object.values(rule.points))
    if (value === undefined || Array.isArray(value)) return { earned: 0, max }
    const key = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)
    return { earned: rule.points[key] ?? 0, max }
  }
  if (rule.each !== undefined && rule.max !== undefined) {
    const chosen = Array.isArray(value) ? value.filter((v) => !(rule.except ?? []).includes(v)).length : 0
    return { earned: Math.min(rule.max, chosen * rule.each), max: rule.max }
  }
  const points = rule.ifAnswered ?? 0
  const answered = value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== ''
  return { earned: answered ? points : 0, max: points }
}

/** The rule's advice, or the first `raiseInstead` whose condition the (shown) answers meet. */
function raiseText(rule: ReadinessRule, answers: Answers, visible: Set<string>): string {
  const instead = rule.raiseInstead?.find(
    ({ when }) => visible.has(when.question) && conditionHolds(when, answerOf(answers, when.question)),
  )
  return instead?.raise ?? rule.raise
}

/**
 * The definition's readiness bands; a definition published before bands were data (the v1 files,
 * frozen) keeps the bands it was shown with then.
 */
export function readinessBands(definition: Pick<QuestionnaireDefinition, 'readinessBands'>): ReadinessBands {
  return definition.readinessBands ?? BANDS_BEFORE_V2
}
const BANDS_BEFORE_V2: ReadinessBands = { medium: 40, high: 70 }

export function readinessProfile(definition: QuestionnaireDefinition, answers: Answers): ReadinessProfile {
  const visible = visibleQuestionIds(definition, answers)
  const totals = new Map<Dimension, { earned: number; max: number; gaps: { gap: number; text: string }[] }>()
  for (const dimension of DIMENSIONS) totals.set(dimension, { earned: 0, max: 0, gaps: [] })
  for (const question of allQuestions(definition)) {
    const value = visible.has(question.id) ? answerOf(answers, question.id) : undefined
    for (const rule of question.readiness ?? []) {
      const { earned, max } = rulePoints(rule, value)
      const total = totals.get(rule.dimension)!
      total.earned += earned
      total.max += max
      if (earned < max) total.gaps.push({ gap: max - earned, text: raiseText(rule, answers, visible) })
    }
  }
  const dimensions = {} as Record<Dimension, DimensionScore>
  for (const dimension of DIMENSIONS) {
    const { earned, max, gaps } = totals.get(dimension)!
    const raise = [...new Set(gaps.sort((a, b) => b.gap - a.gap).map((g) => g.text))].slice(0, MAX_RAISE_TIPS)
    dimensions[dimension] = { score: max === 0 ? 0 : Math.round((100 * earned) / max), earned, max, raise }
  }
  const mean = Math.round(DIMENSIONS.reduce((sum, d) => sum + dimensions[d].score, 0) / DIMENSIONS.length)
  // Low capacity caps the overall score (the definition's readinessCaps, on shown answers only).
  const caps = (definition.readinessCaps ?? []).filter((cap) =>
    cap.when.every((c) => visible.has(c.question) && conditionHolds(c, answerOf(answers, c.question))),
  )
  const cap = caps.sort((a, b) => a.maxOverall - b.maxOverall)[0]
  if (cap && cap.maxOverall < mean)
    return { overall: cap.maxOverall, dimensions, cap: { maxOverall: cap.maxOverall, reason: cap.reason } }
  return { overall: mean, dimensions }
}
