import { t } from '../i18n/i18n.js'
import { MatchQuery, profileFromAnswers, readRawAnswers } from './match-form.js'
import { answersSummary } from './match-presenters.js'
import type { MatchResult } from './match-result.js'
import type { NeedsProfile } from './needs-profile.js'

/**
 * What a what-if change did (issue #12): the what-if form carries the answers it was filled from
 * (`before`, their query string); the result then says which answers changed and which instruments
 * and funds moved, by how many points and places.
 */

/** The profile of a `before` query string; null when it is not a complete, valid set of answers (then nothing is compared). */
export function profileFromQueryString(text: string | undefined): NeedsProfile | null {
  if (!text) return null
  const params = new URLSearchParams(text)
  const query: Record<string, string[]> = {}
  for (const [name, value] of params) (query[name] ??= []).push(value)
  const parsed = MatchQuery.safeParse(query)
  if (!parsed.success || parsed.data.before !== undefined) return null
  return profileFromAnswers(readRawAnswers(parsed.data)).profile ?? null
}

type Ranked = MatchResult['instruments'][number] | MatchResult['funds'][number]

function moves(before: readonly Ranked[], after: readonly Ranked[]) {
  const earlier = new Map(before.map((option, index) => [option.slug, { score: option.score, rank: index + 1 }]))
  const moved = []
  for (const [index, option] of after.entries()) {
    const was = earlier.get(option.slug)
    if (!was) continue
    const rank = index + 1
    const points = option.score - was.score
    if (points === 0 && rank === was.rank) continue
    const scoreText =
      points === 0
        ? t('match.whatChanged.sameScore', { name: option.name, score: option.score })
        : t(points > 0 ? 'match.whatChanged.up' : 'match.whatChanged.down', {
            name: option.name,
            points: Math.abs(points),
            from: was.score,
            to: option.score,
          })
    const rankText =
      rank === was.rank
        ? t('match.whatChanged.sameRank', { rank })
        : t('match.whatChanged.rank', { from: was.rank, to: rank })
    moved.push({
      text: `${scoreText} ${rankText}`,
      points,
      direction: points > 0 ? 'up' : points < 0 ? 'down' : 'same',
    })
  }
  return moved.sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
}

export function whatChangedView(before: { profile: NeedsProfile; result: MatchResult }, after: MatchResult) {
  const was = new Map(answersSummary(before.profile).map((row) => [row.field, row.value]))
  const answers = answersSummary(after.profile)
    .filter((row) => was.get(row.field) !== row.value)
    .map((row) => t('match.whatChanged.answer', { label: row.label, from: was.get(row.field) ?? '', to: row.value }))
  const instruments = moves(before.result.instruments, after.instruments)
  const funds = moves(before.result.funds, after.funds)
  return {
    answers,
    instruments,
    funds,
    nothingMoved: instruments.length === 0 && funds.length === 0,
    summary: t('match.whatChanged.summary', { instruments: instruments.length, funds: funds.length }),
  }
}
