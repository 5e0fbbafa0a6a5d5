import type { QuestionnaireDefinition } from '../questionnaires/definition.js'
import { readinessProfile } from '../questionnaires/readiness.js'
import { figuresOf, shownAnswers } from './response-figures.js'
import type { ResponseView } from './response-views.js'
import type { ReviewFilters } from './review-query.js'

type Ranges = Pick<ReviewFilters, 'readinessMin' | 'readinessMax' | 'amountMin' | 'amountMax'>

const within = (value: number, min: number | undefined, max: number | undefined) =>
  (min === undefined || value >= min) && (max === undefined || value <= max)

/**
 * The numeric ranges (docs/adr/065): the overall readiness under the response's own version's
 * rules, and any of its euro amounts by kind (a response passes when one of them is in range).
 * A response without the figure (no definition, no amount) fails a range that is set.
 */
export function withinRanges(
  view: ResponseView,
  ranges: Ranges,
  definition: QuestionnaireDefinition | undefined,
): boolean {
  const readinessSet = ranges.readinessMin !== undefined || ranges.readinessMax !== undefined
  const amountSet = ranges.amountMin !== undefined || ranges.amountMax !== undefined
  if (!readinessSet && !amountSet) return true
  if (!definition) return false
  const answers = shownAnswers(view.a, definition)
  if (readinessSet) {
    const overall = readinessProfile(definition, answers as Parameters<typeof readinessProfile>[1]).overall
    if (!within(overall, ranges.readinessMin, ranges.readinessMax)) return false
  }
  if (amountSet) {
    const amounts = Object.values(figuresOf(view.respondentType, answers, view.country).sizes)
    if (!amounts.some((amount) => within(amount, ranges.amountMin, ranges.amountMax))) return false
  }
  return true
}
