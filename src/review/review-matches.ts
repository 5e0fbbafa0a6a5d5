import { t } from '../i18n/i18n.js'
import type { MatchResult } from '../matching/match-result.js'
import { allQuestions } from '../questionnaires/definition.js'
import type { ResponseContext } from '../questionnaires/response-service.js'
import type { ReviewService } from './review-service.js'

const MATCHES_SHOWN = 5

/** The top instruments and funds for the response's needs profile (issue #12), with a link to the full result. */
export function reviewMatchesView(review: ReviewService, context: ResponseContext) {
  const { result, missing } = review.matches(context)
  const fullUrl = `/responses/${encodeURIComponent(context.record.id)}/match`
  if (!result) {
    const labels = new Map(allQuestions(context.definition).map((q) => [q.id, q.label]))
    return { missing: missing.map((id) => labels.get(id) ?? id) }
  }
  const option =
    (kind: 'instruments' | 'funds') => (o: MatchResult['instruments'][number] | MatchResult['funds'][number]) => ({
      name: o.name,
      url: `/${kind}/${o.slug}`,
      score: t('match.result.outOf100', { score: o.score }),
      fit: t(`match.result.fit.${o.fit}`),
    })
  return {
    instruments: result.instruments.slice(0, MATCHES_SHOWN).map(option('instruments')),
    funds: result.funds.slice(0, MATCHES_SHOWN).map(option('funds')),
    fullUrl,
  }
}
