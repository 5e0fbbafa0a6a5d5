import { t } from '../i18n/i18n.js'
import { activeFilterCount, EMPTY_FILTERS, filterQueryString, type ReviewFilters } from './review-query.js'
import type { ReviewService } from './review-service.js'

/**
 * What an empty dashboard says instead of empty charts and tables (issue #12): with no filter, what
 * will appear and where respondents answer; with filters, that nothing matches and how to widen.
 * Either way, a link to the demonstration responses when there are some and they are left out.
 */
export async function reviewEmptyView(review: ReviewService, filters: ReviewFilters) {
  const filtered = activeFilterCount({ ...filters, includeDemo: false }) > 0
  const demo = !filters.includeDemo && (await review.summary({ ...filters, includeDemo: true })).total > 0
  return {
    heading: filtered ? t('review.emptyState.filteredHeading') : t('review.emptyState.heading'),
    paragraphs: filtered
      ? [t('review.emptyState.filteredText')]
      : [t('review.emptyState.text'), t('review.emptyState.drafts')],
    questionnairesLink: filtered ? null : { url: '/questionnaires', text: t('review.emptyState.questionnairesLink') },
    clearLink: filtered
      ? {
          url: filters.includeDemo
            ? `/review?${filterQueryString({ ...EMPTY_FILTERS, includeDemo: true })}`
            : '/review',
          text: t('review.emptyState.clearLink'),
        }
      : null,
    demoLink: demo
      ? {
          url: `/review?${filterQueryString({ ...filters, includeDemo: true })}`,
          text: t('review.emptyState.demoLink'),
        }
      : null,
  }
}
