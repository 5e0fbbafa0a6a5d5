import { type Response, Router } from 'express'
import { z } from 'zod'
import { principalOf, requireRole } from '../accounts/access.js'
import type { AttemptThrottle } from '../accounts/login-throttle.js'
import { NotFoundError, TooManyRequestsError } from '../errors.js'
import { formatDateTime } from '../i18n/format.js'
import { currentLocale, t } from '../i18n/i18n.js'
import { isEuLanguage, nativeName } from '../i18n/locales.js'
import { bodyString, formErrors } from '../http/forms.js'
import { sendPage } from '../http/pages.js'
import { fieldErrors, parse } from '../http/validate.js'
import { TranslationReportInput, TranslationReportStatus } from './translation-report.js'
import type { TranslationReportRepository } from './translation-report-repository.js'

const PAGE_SIZE = 50
const HOUR_MS = 3600_000
const NewQuery = z.strictObject({ page: z.string().max(2000).optional() })
const ListQuery = z.strictObject({ status: TranslationReportStatus.default('open'), page: z.coerce.number().int().min(1).max(10_000).default(1) })
const ReportId = z.uuid()
const FIELD_IDS = { locale: 'locale', page: 'page', problem: 'problem', suggestion: 'suggestion' }

/** "Report a translation problem" (anyone, throttled per address and account) and the editors' list of reports. */
export function translationReportsPages(reports: TranslationReportRepository, throttle: AttemptThrottle): Router {
  const router = Router()

  router.get('/translation-problems/new', (req, res) => {
    const { page } = parse(NewQuery, req.query)
    const localPage = page && page.startsWith('/') && !page.startsWith('//') ? page.slice(0, 500) : ''
    renderForm(res, { locale: currentLocale(), page: localPage, problem: '', suggestion: '' })
  })

  router.post('/translation-problems', async (req, res) => {
    const values = { locale: bodyString(req.body, 'locale'), page: bodyString(req.body, 'page'), problem: bodyString(req.body, 'problem'), suggestion: bodyString(req.body, 'suggestion') }
    const parsed = TranslationReportInput.safeParse(req.body)
    if (!parsed.success) return renderForm(res, values, fieldErrors(parsed.error), 400)
    const limits = [{ key: `translation-report:ip:${req.ip ?? 'unknown'}`, max: 10, windowMs: HOUR_MS }]
    if (req.principal) limits.push({ key: `translation-report:user:${req.principal.user.id}`, max: 20, windowMs: 24 * HOUR_MS })
    const attempt = await throttle.attempt(limits)
    if ('blockedForSeconds' in attempt) throw new TooManyRequestsError(attempt.blockedForSeconds, t('translationReports.errors.tooMany', { minutes: Math.ceil(attempt.blockedForSeconds / 60) }))
    await reports.create(parsed.data, req.principal?.user.id ?? null)
    res.redirect(303, '/translation-problems/thanks')
  })

  router.get('/translation-problems/thanks', (_req, res) => {
    sendPage(res, 'pages/translation-reports/thanks', { title: t('translationReports.thanksTitle') })
  })

  router.get('/curation/translation-problems', requireRole('curator', 'admin'), async (req, res) => {
    res.locals.navSection = 'curation'
    const query = parse(ListQuery, req.query)
    const { items, total } = await reports.list(query.status, { skip: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE })
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
    sendPage(res, 'pages/translation-reports/list', {
      title: t('translationReports.listTitle'),
      status: query.status,
      countText: t('translationReports.count', { count: total }),
      filters: TranslationReportStatus.options.map((value) => ({ value, label: t(value === 'open' ? 'translationReports.status.open' : 'translationReports.status.closed'), href: `/curation/translation-problems?status=${value}`, current: value === query.status })),
      reports: items.map((report) => ({
        id: report.id,
        language: isEuLanguage(report.locale) ? nativeName(report.locale) : report.locale,
        locale: report.locale,
        page: report.page,
        pageHref: report.page ? `${report.page}${report.page.includes('?') ? '&' : '?'}lang=${report.locale}` : null,
        problem: report.problem,
        suggestion: report.suggestion,
        when: formatDateTime(report.createdAt),
        closed: report.status === 'closed',
      })),
      previous: query.page > 1 ? `/curation/translation-problems?status=${query.status}&page=${query.page - 1}` : null,
      next: query.page < pages ? `/curation/translation-problems?status=${query.status}&page=${query.page + 1}` : null,
      pageText: t('translationReports.pageOf', { page: query.page, pages }),
    })
  })

  router.post('/curation/translation-problems/:id/close', requireRole('curator', 'admin'), async (req, res) => {
    const id = ReportId.safeParse(req.params.id)
    if (!id.success || !(await reports.close(id.data, principalOf(req).user.id))) throw new NotFoundError('Translation report')
    res.redirect(303, '/curation/translation-problems?status=open')
  })

  return router
}

function renderForm(res: Response, values: Record<keyof typeof FIELD_IDS, string>, fields: Record<string, string[]> = {}, status = 200): void {
  const { errors, errorList } = formErrors(fields, FIELD_IDS)
  sendPage(
    res,
    'pages/translation-reports/new',
    {
      title: t('translationReports.title'),
      values,
      errors,
      errorList,
      languages: (res.locals.languages ?? []).map((language) => ({ code: language.code, name: language.name, selected: language.code === values.locale })),
    },
    status,
  )
}
