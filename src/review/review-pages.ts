import { Router, type Request } from 'express'
import { z } from 'zod'
import { principalOf, requireRole } from '../accounts/access.js'
import { AppError, NotFoundError, ValidationError } from '../errors.js'
import { formErrors } from '../http/forms.js'
import { sendPage } from '../http/pages.js'
import { parse } from '../http/validate.js'
import { label, t, tDynamic } from '../i18n/i18n.js'
import { answerText } from '../questionnaires/answers.js'
import { readinessView } from '../questionnaires/questionnaire-views.js'
import { readinessProfile } from '../questionnaires/readiness.js'
import { INSTRUMENTS, POLICY_FIELDS, RESPONDENT_TYPES, TARGET_GROUPS } from '../shared/codelists.js'
import { barChart, demandSupplyRows, listRow, questionnaireView, sizeRows, themeChart } from './review-presenters.js'
import { activeFilterCount, filterQueryString, REVIEW_STATUSES, ReviewListQuery, SETTABLE_STATUSES, type ReviewFilters } from './review-query.js'
import { countryLabel, type ReviewService } from './review-service.js'

const IdParam = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/)
const StatusForm = z.strictObject({
  _csrf: z.string().optional(),
  status: z.enum(['', ...SETTABLE_STATUSES]).optional(),
  note: z.string().max(2000).optional(),
  version: z.coerce.number().int().min(1).optional(),
})

const idOf = (req: Request): string => {
  const parsed = IdParam.safeParse(req.params.id)
  if (!parsed.success) throw new NotFoundError('Response')
  return parsed.data
}

/** /review: DG HOME's dashboard and the review of one response (reviewers and admins only). */
export function reviewPages(review: ReviewService): Router {
  const router = Router()
  router.use('/review', requireRole('reviewer', 'admin'))
  router.use('/review', (_req, res, next) => {
    res.locals.navSection = 'review'
    next()
  })

  router.get('/review', async (req, res) => {
    const { page, pageSize, ...filters } = parse(ReviewListQuery, req.query)
    const [summary, list] = await Promise.all([review.summary(filters), review.list(filters, page, pageSize)])
    const pages = Math.max(1, Math.ceil(list.total / pageSize))
    const qs = (extra: Record<string, string>) => filterQueryString(filters, extra)
    const countries = [...new Set([...summary.byCountry.map((c) => c.value), ...filters.country])].sort()
    sendPage(res, 'pages/review/dashboard', {
      title: t('review.title'),
      total: summary.total,
      totalLine: t('review.totalLine', { total: summary.total }),
      filterLine: activeFilterCount(filters) > 0 ? t('review.filters.active', { count: activeFilterCount(filters) }) : t('review.filters.none'),
      filterGroups: [
        group('respondentType', RESPONDENT_TYPES, filters.respondentType, (v) => label('respondentType', v)),
        group('country', countries, filters.country, countryLabel),
        group('status', REVIEW_STATUSES, filters.status, (v) => tDynamic(`review.status.${v}`)),
        group('policyField', POLICY_FIELDS, filters.policyField, (v) => label('policyField', v)),
        group('targetGroup', TARGET_GROUPS, filters.targetGroup, (v) => label('targetGroup', v)),
        group('instrument', INSTRUMENTS, filters.instrument, (v) => label('instrument', v)),
      ],
      answerFilters: filters.answer,
      definitionVersions: filters.definitionVersion,
      includeDemo: filters.includeDemo,
      overviewCharts: [
        barChart('chart-type', t('review.charts.byType'), summary.byType, summary.total, t('review.basedOnAll', { total: summary.total })),
        barChart('chart-status', t('review.charts.byStatus'), summary.byStatus, summary.total, t('review.basedOnAll', { total: summary.total })),
        barChart('chart-country', t('review.charts.byCountry'), summary.byCountry, summary.total, t('review.basedOnAll', { total: summary.total })),
      ],
      needsCharts: [themeChart('chart-fields', 'policyFieldsDemand', summary.themes.policyFieldsDemand), themeChart('chart-groups', 'targetGroupsDemand', summary.themes.targetGroupsDemand)],
      instrumentCharts: [themeChart('chart-ins-demand', 'instrumentsDemand', summary.themes.instrumentsDemand), themeChart('chart-ins-supply', 'instrumentsSupply', summary.themes.instrumentsSupply)],
      demandSupply: demandSupplyRows(summary.demandSupply, (policyField, country) => `/review?${filterQueryString({ ...filters, policyField: [policyField as ReviewFilters['policyField'][number]], country: [country] })}#responses`),
      sizes: sizeRows(summary.sizes),
      includeDrafts: filters.includeDrafts,
      gaps: t('review.demandSupply.gaps', { count: summary.demandSupply.filter((c) => c.gap).length, cells: summary.demandSupply.length }),
      responses: list.items.map(listRow),
      listCaption: t('review.list.caption', { page, pages }),
      previous: page > 1 ? `/review?${qs({ page: String(page - 1) })}#responses` : null,
      next: page < pages ? `/review?${qs({ page: String(page + 1) })}#responses` : null,
      questionnaires: summary.questionnaires.map(questionnaireView),
      csvUrl: `/api/v1/review/export?${qs({ format: 'csv' })}`,
      jsonUrl: `/api/v1/review/export?${qs({ format: 'json' })}`,
    })
  })

  router.get('/review/responses/:id', async (req, res) => {
    parse(z.strictObject({ saved: z.literal('1').optional() }), req.query)
    sendPage(res, 'pages/review/response', { ...(await responseView(review, req, idOf(req))), saved: req.query.saved === '1' })
  })

  router.post('/review/responses/:id', async (req, res) => {
    const id = idOf(req)
    const form = StatusForm.safeParse(req.body ?? {})
    try {
      if (!form.success) throw new ValidationError({ status: [t('review.errors.nothing')] })
      const status = form.data.status || undefined
      await review.update(principalOf(req), id, { status, note: form.data.note, version: form.data.version })
      res.redirect(303, `/review/responses/${encodeURIComponent(id)}?saved=1`)
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error
      const view = await responseView(review, req, id)
      const fields = error instanceof ValidationError ? { status: error.fields?.status ?? [error.message] } : { status: [error.message] }
      const { errorList } = formErrors(fields, { status: 'review-status' })
      sendPage(res, 'pages/review/response', { ...view, title: t('errors.titlePrefix', { title: view.title }), errorList, note: form.success ? form.data.note : '' }, error.status)
    }
  })

  return router
}

function group(name: string, values: readonly string[], selected: readonly (string | number)[], labelOf: (value: string) => string) {
  return {
    name,
    legend: tDynamic(`review.filters.${name}`),
    options: values.map((value) => ({ value, label: labelOf(value), id: `filter-${name}-${value}`, checked: selected.map(String).includes(value) })),
  }
}

async function responseView(review: ReviewService, req: Request, id: string) {
  const { context, answers, status, log, allowed } = await review.open(principalOf(req), id)
  const { record, definition, organisation } = context
  return {
    title: t('review.response.title', { organisation: organisation.name }),
    id: record.id,
    action: `/review/responses/${encodeURIComponent(record.id)}`,
    version: record.version,
    organisation: organisation.name,
    type: label('respondentType', record.respondentType),
    country: countryLabel(organisation.country),
    questionnaire: `${definition.title}, ${t('review.response.version', { version: definition.version })}`,
    status: t(`review.status.${status}`),
    isDraft: status === 'draft',
    submittedAt: record.submission?.at.slice(0, 16).replace('T', ' ') ?? null,
    keepLabel: t('review.response.keep', { status: t(`review.status.${status}`) }),
    allowed: allowed.map((value) => ({ value, label: t(`review.status.${value}`) })),
    // Under the response's own version's rules (issue #18).
    readiness: readinessView(readinessProfile(definition, answers)),
    sections: definition.sections.map((section) => ({
      title: section.title,
      questions: section.questions.map((q) => ({ label: q.label, answer: answerText(q, answers[q.id]) || null })),
    })),
    log: log.map((entry) => ({
      when: entry.at.slice(0, 16).replace('T', ' '),
      what:
        entry.from !== entry.to
          ? t('review.response.changed', { name: entry.userName, from: t(`review.status.${entry.from}`), to: t(`review.status.${entry.to}`) })
          : t('review.response.noted', { name: entry.userName }),
      note: entry.note ?? '',
    })),
  }
}
