import { type Response, Router } from 'express'
import { z } from 'zod'
import { principalOf, requireRole } from '../accounts/access.js'
import type { WriteQuotas } from '../quotas/write-quotas.js'
import { NotFoundError, TooManyRequestsError } from '../errors.js'
import { formatDateTime } from '../i18n/format.js'
import { currentLocale, t } from '../i18n/i18n.js'
import { isEuLanguage, nativeName } from '../i18n/locales.js'
import { bodyString, formErrors } from '../http/forms.js'
import { sendPage } from '../http/pages.js'
import { paginationView } from '../http/pagination.js'
import { fieldErrors, parseQuery } from '../http/validate.js'
import { TranslationReportInput, TranslationReportStatus } from './translation-report.js'
import type { TranslationReportRepository } from './translation-report-repository.js'

const PAGE_SIZE = 50
const NewQuery = z.strictObject({ page: z.string().max(2000).optional() })
const ListQuery = z.strictObject({
  status: TranslationReportStatus.default('open'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
})
const ReportId = z.uuid()
const FIELD_IDS = { locale: 'locale', page: 'page', problem: 'problem', suggestion: 'suggestion' }

/** "Report a translation problem" (anyone, throttled per address and account) and the editors' list of reports. */
export function translationReportsPages(reports: TranslationReportRepository, quotas: WriteQuotas): Router {
  const router = Router()

  router.get('/translation-problems/new', (req, res) => {
    const { page } = parseQuery(NewQuery, req.query)
    const localPage = page && page.startsWith('/') && !page.startsWith('//') ? page.slice(0, 500) : ''
    renderForm(res, { locale: currentLocale(), page: localPage, problem: '', suggestion: '' })
  })

  router.post('/translation-problems', async (req, res) => {
    const values = {
      locale: bodyString(req.body, 'locale'),
      page: bodyString(req.body, 'page'),
      problem: bodyString(req.body, 'problem'),
      suggestion: bodyString(req.body, 'suggestion'),
    }
    const parsed = TranslationReportInput.safeParse(req.body)
    if (!parsed.success) return renderForm(res, values, fieldErrors(parsed.error), 400)
    // The write quota (ADR 033), with this form's own words.
    await quotas.take('translationReport', { userId: req.principal?.user.id, ip: req.ip }).catch((error: unknown) => {
      if (!(error instanceof TooManyRequestsError)) throw error
      throw new TooManyRequestsError(
        error.retryAfterSeconds,
        t('translationReports.errors.tooMany', { minutes: Math.ceil(error.retryAfterSeconds / 60) }),
      )
    })
    await reports.create(parsed.data, req.principal?.user.id ?? null)
    res.redirect(303, '/translation-problems/thanks')
  })

  router.get('/translation-problems/thanks', (_req, res) => {
    sendPage(res, 'pages/translation-reports/thanks', { title: t('translationReports.thanksTitle') })
  })

  router.get('/curation/translation-problems', requireRole('curator', 'admin'), async (req, res) => {
    res.locals.navSection = 'curation'
    const query = parseQuery(ListQuery, req.query)
    const { items, total } = await reports.list(query.status, { skip: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE })
    sendPage(res, 'pages/translation-reports/list', {
      title: t('translationReports.listTitle'),
      status: query.status,
      countText: t('translationReports.count', { count: total }),
      filters: TranslationReportStatus.options.map((value) => ({
        value,
        label: t(value === 'open' ? 'translationReports.status.open' : 'translationReports.status.closed'),
        href: `/curation/translation-problems?status=${value}`,
        current: value === query.status,
      })),
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
      pagination: paginationView(
        query.page,
        total,
        PAGE_SIZE,
        (page) => `/curation/translation-problems?status=${query.status}&page=${page}`,
      ),
    })
  })

  router.post('/curation/translation-problems/:id/close', requireRole('curator', 'admin'), async (req, res) => {
    const id = ReportId.safeParse(req.params.id)
    if (!id.success || !(await reports.close(id.data, principalOf(req).user.id)))
      throw new NotFoundError('Translation report')
    res.redirect(303, '/curation/translation-problems?status=open')
  })

  return router
}

function renderForm(
  res: Response,
  values: Record<keyof typeof FIELD_IDS, string>,
  fields: Record<string, string[]> = {},
  status = 200,
): void {
  const { errors, errorList } = formErrors(fields, FIELD_IDS)
  sendPage(
    res,
    'pages/translation-reports/new',
    {
      title: t('translationReports.title'),
      values,
      errors,
      errorList,
      languages: (res.locals.languages ?? []).map((language) => ({
        code: language.code,
        name: language.name,
        selected: language.code === values.locale,
      })),
    },
    status,
  )
}
