import { NeedsProfile } from '../matching/needs-profile.js'
import { answerOf, isAnswered, visibleQuestionIds, type Answers } from './answers.js'
import { PROFILE_FIELDS, type ProfileField, type ProfileSource, type QuestionnaireDefinition } from './definition.js'

/**
 * Answers → needs profile (DESIGN §5), by the definition's `profile` mapping (docs/questionnaires.md
 * §Needs profile). Per field:
 * - `{organisation: "country"}`: the organisation's registered country;
 * - `{value: x}`: always x;
 * - `{question, map?, drop?, default?}`: the answer, through `map` (answer value → profile value;
 *   each chosen option of a multiple choice is mapped and the results joined; null drops it) or
 *   copied as it is without the `drop` values. An unanswered or hidden question gives `default`;
 *   without a default the question must be answered.
 * respondentType is the definition's. The result is parsed by `NeedsProfile`, so it is canonical.
 * `spendingType` is optional in the profile: it is taken from a question with the id
 * `spending_type` when a definition has one (its options are the profile's values); otherwise it
 * is left out and the matcher treats it as `both`.
 */
export type ProfileResult = { ok: true; profile: NeedsProfile } | { ok: false; missing: string[] }

export interface ProfileContext {
  /** The organisation's country (ISO alpha-2). */
  country: string
}

const LIST_FIELDS: readonly ProfileField[] = ['policyFields', 'targetGroups', 'partners']

export function toNeedsProfile(
  definition: QuestionnaireDefinition,
  answers: Answers,
  context: ProfileContext,
): ProfileResult {
  const visible = visibleQuestionIds(definition, answers)
  const built: Record<string, unknown> = { respondentType: definition.respondentType }
  const missing: string[] = []
  for (const field of PROFILE_FIELDS) {
    const result = resolve(field, definition.profile[field], answers, visible, context)
    if ('missing' in result) missing.push(result.missing)
    else built[field] = result.value
  }
  if (missing.length > 0) return { ok: false, missing: [...new Set(missing)] }
  const spending = spendingTypeAnswer(answers, visible)
  if (spending !== undefined) built.spendingType = spending
  const parsed = NeedsProfile.safeParse(built)
  if (parsed.success) return { ok: true, profile: parsed.data }
  // A mapped list can end up empty (every choice dropped): name the question that feeds the failing field.
  const failing = new Set(parsed.error.issues.map((issue) => String(issue.path[0])))
  const questions = PROFILE_FIELDS.filter((field) => failing.has(field)).map((field) => {
    const source = definition.profile[field]
    return 'question' in source ? source.question : field
  })
  return { ok: false, missing: questions }
}

function resolve(
  field: ProfileField,
  source: ProfileSource,
  answers: Answers,
  visible: Set<string>,
  context: ProfileContext,
): { value: unknown } | { missing: string } {
  if ('organisation' in source) return { value: context.country }
  if ('value' in source) return { value: source.value }
  const answer = visible.has(source.question) ? answerOf(answers, source.question) : undefined
  if (!isAnswered(answer))
    return source.default !== undefined ? { value: source.default } : { missing: source.question }
  const isList = LIST_FIELDS.includes(field)
  if (source.map) {
    const map = new Map(Object.entries(source.map))
    const key = (v: unknown) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v))
    if (Array.isArray(answer) || isList) {
      const values = (Array.isArray(answer) ? answer : [answer])
        .map((v) => map.get(key(v)))
        .filter((v) => v !== null && v !== undefined)
      return { value: [...new Set(values.flat())] }
    }
    const mapped = map.get(key(answer))
    if (mapped === null || mapped === undefined)
      return source.default !== undefined ? { value: source.default } : { missing: source.question }
    return { value: mapped }
  }
  if (Array.isArray(answer)) return { value: answer.filter((v) => !(source.drop ?? []).includes(v)) }
  return { value: answer }
}

export const SPENDING_TYPE_QUESTION = 'spending_type'

function spendingTypeAnswer(answers: Answers, visible: Set<string>): unknown {
  if (!visible.has(SPENDING_TYPE_QUESTION)) return undefined
  const answer = answerOf(answers, SPENDING_TYPE_QUESTION)
  return isAnswered(answer) && typeof answer === 'string' ? answer : undefined
}
