import { Router } from 'express'
import { sendPage } from '../http/pages.js'
import { formatDate, formatNumber } from './format.js'
import { coverageOf, currentLocale, offeredLocales, t } from './i18n.js'
import { EU_LANGUAGES, intlLocale, nativeName } from './locales.js'

/** /languages: every official EU language with how much of the site it covers and who reviewed it. */
export function languagesPages(): Router {
  const router = Router()
  router.get('/languages', (_req, res) => {
    const names = new Intl.DisplayNames([intlLocale(currentLocale())], { type: 'language' })
    const offered = offeredLocales()
    const rows = EU_LANGUAGES.map((code) => {
      const coverage = coverageOf(code)
      const meta = coverage.catalogue?.meta
      const percent = coverage.total === 0 ? 0 : Math.floor((coverage.translated / coverage.total) * 100)
      return {
        code,
        nativeName: nativeName(code),
        name: names.of(code) ?? code,
        coverage: t('languages.coverage', {
          translated: formatNumber(coverage.translated),
          total: formatNumber(coverage.total),
          percent,
        }),
        status: !coverage.catalogue
          ? t('languages.status.none')
          : offered.includes(code)
            ? t('languages.status.offered')
            : t('languages.status.partial'),
        review:
          code === 'en'
            ? t('languages.review.source')
            : !meta
              ? ''
              : !meta.nativeSpeakerReviewed
                ? t('languages.review.pending')
                : meta.reviewedOn
                  ? t('languages.review.doneOn', {
                      by: meta.reviewedBy ?? t('languages.review.unnamed'),
                      date: formatDate(meta.reviewedOn),
                    })
                  : t('languages.review.done', { by: meta.reviewedBy ?? t('languages.review.unnamed') }),
        translatedBy: meta?.translatedBy ?? '',
        href: offered.includes(code) ? `/languages?lang=${code}` : null,
      }
    })
    sendPage(res, 'pages/languages', { title: t('languages.title'), rows, offeredCount: offered.length })
  })
  return router
}
