import { textField } from '../http/forms.js'
import { displayName } from '../accounts/account.js'
import { Router, type Request } from 'express'
import { z } from 'zod'
import { principalOf, requireRole } from '../accounts/access.js'
import { AppError, NotFoundError, ValidationError } from '../errors.js'
import { formErrors } from '../http/forms.js'
import { sendPage } from '../http/pages.js'
import { fieldErrors, parseQuery } from '../http/validate.js'
import { formatDateTime, formatNumber } from '../i18n/format.js'
import { TargetQuery } from './review-targets.js'
import { label, t, tDynamic } from '../i18n/i18n.js'
import { answerText } from '../questionnaires/answers.js'
import { readinessView } from '../questionnaires/questionnaire-views.js'
import { readinessBands, readinessProfile } from '../questionnaires/readiness.js'
import { INSTRUMENTS, POLICY_FIELDS, RESPONDENT_TYPES, TARGET_GROUPS } from '../shared/codelists.js'
import {
  barChart,
  demandSupplyRows,
  gapInstrumentRows,
  listRow,
  questionnaireView,
  sizeRows,
  themeChart,
} from './review-presenters.js'
import {
  activeFilterCount,
  filterQueryString,
  REVIEW_STATUSES,
  RANGE_KEYS,
  RANGE_SHAPE,
  ReviewListQuery,
  SETTABLE_STATUSES,
  type RangeKey,
  type ReviewFilters,
  supplyLeftOut,
} from './review-query.js'
import type { FacetCounts, FacetGroup } from './review-facets.js'
import { draftChanges } from './response-views.js'
import { countryLabel, type ReviewService } from './review-service.js'
import { reviewMatchesView } from './review-matches.js'
import { reviewEmptyView } from './review-empty.js'

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
    const { query, rangeErrors, rawRanges } = withoutBadRanges(req.query)
    const { page, pageSize, ...filters } = parseQuery(ReviewListQuery, query)
    const [summary, list, facets, answerChoices, pilotMin] = await Promise.all([
      review.summary(filters),
      review.list(filters, page, pageSize),
      review.filterCounts(filters),
      review.answerChoices(),
      review.pilotThreshold(),
    ])
    const pages = Math.max(1, Math.ceil(list.total / pageSize))
    const qs = (extra: Record<string, string>) => filterQueryString(filters, extra)
    // Every value stays on offer, whatever is chosen: the counts say what each would give.
    const countries = [...new Set([...facets.countries, ...filters.country])].sort()
    const answerLabels = answerLabelsOf(answerChoices)
    const ranges = rangeFieldsOf(filters, rawRanges, rangeErrors)
    sendPage(
      res,
      'pages/review/dashboard',
      {
        title: rangeErrors ? t('errors.titlePrefix', { title: t('review.title') }) : t('review.title'),
        commonQuestions: commonQuestions(filters.includeDemo, new Date(), pilotMin),
        targetsUrl: `/review/targets${filters.includeDemo ? '?includeDemo=true' : ''}`,
        errorList: ranges.errorList,
        rangeFields: ranges.fields,
        total: summary.total,
        totalLine: t('review.totalLine', { total: summary.total }),
        filterLine:
          activeFilterCount(filters) > 0
            ? t('review.filters.active', { count: activeFilterCount(filters) })
            : t('review.filters.none'),
        filterGroups: [
          group('respondentType', RESPONDENT_TYPES, filters.respondentType, facets.counts, (v) =>
            label('respondentType', v),
          ),
          group('country', countries, filters.country, facets.counts, countryLabel),
          group('status', REVIEW_STATUSES, filters.status, facets.counts, (v) => tDynamic(`review.status.${v}`)),
          group('policyField', POLICY_FIELDS, filters.policyField, facets.counts, (v) => label('policyField', v)),
          group('targetGroup', TARGET_GROUPS, filters.targetGroup, facets.counts, (v) => label('targetGroup', v)),
          group('instrument', INSTRUMENTS, filters.instrument, facets.counts, (v) => label('instrument', v)),
        ],
        activeFilters: activeFilters(filters, answerLabels),
        answerGroups: answerChoices.flatMap((questionnaire) =>
          questionnaire.questions.map((question) => ({
            label: t('review.filters.answerGroup', { questionnaire: questionnaire.title, question: question.label }),
            options: question.options.map((option) => ({
              value: `${question.id}:${option.value}`,
              label: option.label,
            })),
          })),
        ),
        answerFilters: filters.answer,
        definitionVersions: filters.definitionVersion,
        includeDemo: filters.includeDemo,
        empty: summary.total === 0 ? await reviewEmptyView(review, filters) : null,
        overviewCharts: [
          barChart(
            'chart-type',
            t('review.charts.byType'),
            summary.byType,
            summary.total,
            t('review.basedOnAll', { total: summary.total }),
          ),
          barChart(
            'chart-status',
            t('review.charts.byStatus'),
            summary.byStatus,
            summary.total,
            t('review.basedOnAll', { total: summary.total }),
          ),
          barChart(
            'chart-country',
            t('review.charts.byCountry'),
            summary.byCountry,
            summary.total,
            t('review.basedOnAll', { total: summary.total }),
          ),
        ],
        needsCharts: [
          themeChart('chart-fields', 'policyFieldsDemand', summary.themes.policyFieldsDemand),
          themeChart('chart-groups', 'targetGroupsDemand', summary.themes.targetGroupsDemand),
        ],
        instrumentCharts: [
          themeChart('chart-ins-demand', 'instrumentsDemand', summary.themes.instrumentsDemand),
          themeChart('chart-ins-supply', 'instrumentsSupply', summary.themes.instrumentsSupply),
        ],
        demandSupply: demandSupplyRows(
          summary.demandSupply,
          (policyField, country) =>
            `/review?${filterQueryString({ ...filters, policyField: [policyField as ReviewFilters['policyField'][number]], country: [country] })}#responses`,
        ),
        supplyLeftOut: supplyLeftOut(filters) ? t('review.gapInstrument.supplyLeftOut') : null,
        gapInstrument: {
          rows: gapInstrumentRows(summary.gapByInstrument),
          filtered: filters.coverage.length > 0 ? t('review.gapInstrument.coverageFiltered') : null,
          csvUrl: `/api/v1/review/export?${qs({ table: 'gap' })}`,
        },
        coverageFilters: filters.coverage,
        sizes: sizeRows(summary.sizes),
        includeDrafts: filters.includeDrafts,
        gaps: t('review.demandSupply.gaps', {
          count: summary.demandSupply.filter((c) => c.gap).length,
          cells: summary.demandSupply.length,
        }),
        responses: list.items.map(listRow),
        listCaption: t('review.list.caption', { page, pages }),
        previous: page > 1 ? `/review?${qs({ page: String(page - 1) })}#responses` : null,
        next: page < pages ? `/review?${qs({ page: String(page + 1) })}#responses` : null,
        questionnaires: summary.questionnaires.map(questionnaireView),
        csvUrl: `/api/v1/review/export?${qs({ format: 'csv' })}`,
        jsonUrl: `/api/v1/review/export?${qs({ format: 'json' })}`,
        // The export with contact details: the same filters, a reason (audited) and the format (src/privacy).
        contactExport: {
          hidden: [...new URLSearchParams(qs({})).entries()].map(([name, value]) => ({ name, value })),
          reason: textField({
            name: 'reason',
            id: 'contacts-reason',
            label: t('privacy.exports.reasonLabel'),
            hint: t('privacy.exports.reasonHint'),
          }),
        },
      },
      rangeErrors ? 400 : 200,
    )
  })

  router.get('/review/targets', async (req, res) => {
    const query = parseQuery(TargetQuery, req.query)
    const { total, groups } = await review.targets(query)
    sendPage(res, 'pages/review/targets', {
      title: t('review.targets.title'),
      includeDemo: query.includeDemo,
      totalLine: total > 0 ? t('review.targets.total', { count: total }) : t('review.targets.none'),
      groups: groups.map((group) => ({
        country: countryLabel(group.country),
        type: label('respondentType', group.respondentType),
        count: formatNumber(group.count),
        names: group.organisations.map((o) => o.name).join(', '),
      })),
    })
  })

  router.get('/review/responses/:id', async (req, res) => {
    parseQuery(z.strictObject({ saved: z.literal('1').optional() }), req.query)
    sendPage(res, 'pages/review/response', {
      ...(await responseView(review, req, idOf(req))),
      saved: req.query.saved === '1',
    })
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
      const fields =
        error instanceof ValidationError
          ? { status: error.fields?.status ?? [error.message] }
          : { status: [error.message] }
      const { errorList } = formErrors(fields, { status: 'review-status' })
      sendPage(
        res,
        'pages/review/response',
        {
          ...view,
          title: t('errors.titlePrefix', { title: view.title }),
          errorList,
          note: form.success ? form.data.note : '',
        },
        error.status,
      )
    }
  })

  return router
}

function group(
  name: FacetGroup,
  values: readonly string[],
  selected: readonly (string | number)[],
  counts: FacetCounts,
  labelOf: (value: string) => string,
) {
  return {
    name,
    legend: tDynamic(`review.filters.${name}`),
    options: values.map((value) => {
      const count = counts[name].get(value) ?? 0
      return {
        value,
        label: t('review.filters.option', { label: labelOf(value), count }),
        id: `filter-${name}-${value}`,
        checked: selected.map(String).includes(value),
      }
    }),
  }
}

type AnswerChoices = Awaited<ReturnType<ReviewService['answerChoices']>>

/** "questionId:value" → "Question: Option", for the list of active filters. */
function answerLabelsOf(choices: AnswerChoices): Map<string, string> {
  const labels = new Map<string, string>()
  for (const questionnaire of choices)
    for (const question of questionnaire.questions)
      for (const option of question.options)
        labels.set(
          `${question.id}:${option.value}`,
          t('review.filters.answerActive', { question: question.label, answer: option.label }),
        )
  return labels
}

/** Every chosen filter value, each with the address of the dashboard without it. */
function activeFilters(filters: ReviewFilters, answerLabels: Map<string, string>) {
  const items: { text: string; removeUrl: string; removeText: string }[] = []
  const without = (key: keyof ReviewFilters, value: string | number | boolean) => {
    const rest = {
      ...filters,
      [key]: key === 'includeDemo' ? false : (filters[key] as readonly (string | number)[]).filter((v) => v !== value),
    } as ReviewFilters
    const query = filterQueryString(rest)
    return `/review${query ? `?${query}` : ''}`
  }
  const add = (key: keyof ReviewFilters, value: string | number | boolean, text: string) =>
    items.push({ text, removeUrl: without(key, value), removeText: t('review.filters.remove', { filter: text }) })
  const named = (key: string, value: string) =>
    t('review.filters.activeItem', { filter: tDynamic(`review.filters.${key}`), value })
  for (const v of filters.respondentType) add('respondentType', v, named('respondentType', label('respondentType', v)))
  for (const v of filters.country) add('country', v, named('country', countryLabel(v)))
  for (const v of filters.status) add('status', v, named('status', tDynamic(`review.status.${v}`)))
  for (const v of filters.policyField) add('policyField', v, named('policyField', label('policyField', v)))
  for (const v of filters.targetGroup) add('targetGroup', v, named('targetGroup', label('targetGroup', v)))
  for (const v of filters.instrument) add('instrument', v, named('instrument', label('instrument', v)))
  for (const v of filters.definitionVersion)
    add('definitionVersion', v, t('review.filters.versionActive', { version: v }))
  for (const v of filters.answer) add('answer', v, answerLabels.get(v) ?? t('review.filters.answerRaw', { answer: v }))
  for (const v of filters.coverage)
    add('coverage', v, named('coverage', tDynamic(`review.gapInstrument.coverageFilter.${v}`)))
  for (const key of RANGE_KEYS) {
    const value = filters[key]
    if (value === undefined) continue
    const text = t('review.ranges.active', { filter: tDynamic(`review.ranges.${key}`), value })
    const query = filterQueryString({ ...filters, [key]: undefined })
    items.push({
      text,
      removeUrl: `/review${query ? `?${query}` : ''}`,
      removeText: t('review.filters.remove', { filter: text }),
    })
  }
  if (filters.includeDemo) add('includeDemo', true, t('review.filters.includeDemo'))
  return items
}

/**
 * DG HOME's three questions (issue #18) as dashboard links that set the filters. `pilotMin` is
 * the current city questionnaire's "high" readiness band (its definition file, readinessBands).
 */
function commonQuestions(includeDemo: boolean, now: Date, pilotMin: number) {
  const year = now.getUTCFullYear()
  const demo = includeDemo ? '&includeDemo=true' : ''
  const years = [year, year + 1, year + 2].map((y) => `&answer=financing_year:${y}`).join('')
  return [
    {
      text: t('review.common.pilot', { min: pilotMin, until: year + 2 }),
      url: `/review?respondentType=city&readinessMin=${pilotMin}&answer=consent_pilot_contact:yes${years}${demo}#responses`,
    },
    {
      text: t('review.common.amif'),
      url: `/review?respondentType=member_state&answer=facility_options:eu_amif_facility${demo}#sizes`,
    },
    {
      text: t('review.common.microfinanceGap'),
      url: `/review?instrument=microfinance&coverage=no_intermediary${demo}#gap-instrument`,
    },
  ]
}

/**
 * The query without the range bounds that do not parse (docs/adr/065): the dashboard shows the
 * rest, with a message on each bad box (the API answers 400 instead).
 */
function withoutBadRanges(query: Request['query']): {
  query: Request['query']
  rangeErrors: Record<string, string[]> | null
  rawRanges: Partial<Record<RangeKey, string>>
} {
  const rawRanges: Partial<Record<RangeKey, string>> = {}
  for (const key of RANGE_KEYS) if (typeof query[key] === 'string') rawRanges[key] = query[key]
  const result = z.strictObject(RANGE_SHAPE).safeParse(Object.fromEntries(RANGE_KEYS.map((k) => [k, query[k]])))
  if (result.success) return { query, rangeErrors: null, rawRanges }
  const rangeErrors = fieldErrors(result.error)
  const kept = Object.fromEntries(Object.entries(query).filter(([key]) => !(key in rangeErrors)))
  return { query: kept, rangeErrors, rawRanges }
}

function rangeFieldsOf(
  filters: ReviewFilters,
  raw: Partial<Record<RangeKey, string>>,
  errors: Record<string, string[]> | null,
) {
  const fields = RANGE_KEYS.map((key) => {
    const message = errors?.[key]?.[0]
    const label = tDynamic(`review.ranges.${key}`)
    return {
      name: key,
      id: `filter-${key}`,
      label,
      max: key.startsWith('readiness') ? 100 : 1e13,
      step: key.startsWith('readiness') ? 1 : 'any',
      value: message ? (raw[key] ?? '') : (filters[key] ?? ''),
      error: message ? t('review.ranges.error', { field: label, message }) : undefined,
    }
  })
  return {
    fields,
    errorList: fields.filter((f) => f.error).map((f) => ({ text: f.error!, href: `#${f.id}` })),
  }
}

async function responseView(review: ReviewService, req: Request, id: string) {
  const { context, answers, status, log, allowed } = await review.open(principalOf(req), id)
  const { record, definition, organisation } = context
  // With consent, reviewers see the live answers: each one newer than the submission is marked.
  const submitted = record.submission?.answers
  const changed = new Set(record.consentToViewDraft && submitted ? draftChanges(record.answers, submitted) : [])
  const valuesNote = !submitted
    ? record.consentToViewDraft
      ? t('review.response.valuesDraft')
      : null
    : changed.size > 0
      ? t('review.response.valuesNewerDraft', { count: changed.size })
      : t('review.response.valuesSubmitted')
  return {
    matches: reviewMatchesView(review, context),
    valuesNote,
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
    submittedAt: record.submission ? formatDateTime(record.submission.at) : null,
    keepLabel: t('review.response.keep', { status: t(`review.status.${status}`) }),
    allowed: allowed.map((value) => ({ value, label: t(`review.status.${value}`) })),
    // Under the response's own version's rules (issue #18).
    readiness: readinessView(readinessProfile(definition, answers), readinessBands(definition)),
    sections: definition.sections.map((section) => ({
      title: section.title,
      questions: section.questions.map((q) => ({
        label: q.label,
        answer: answerText(q, answers[q.id]) || null,
        newerDraft: changed.has(q.id) ? t('review.response.newerDraft') : null,
        submittedAnswer: changed.has(q.id)
          ? t('review.response.submittedValue', {
              answer:
                (submitted?.[q.id] === undefined ? '' : answerText(q, submitted[q.id])) ||
                t('review.response.unanswered'),
            })
          : null,
      })),
    })),
    statusLog: log.map((entry) => ({
      when: formatDateTime(entry.at),
      what:
        entry.from !== entry.to
          ? t('review.response.changed', {
              name: displayName(entry.userName),
              from: t(`review.status.${entry.from}`),
              to: t(`review.status.${entry.to}`),
            })
          : t('review.response.noted', { name: displayName(entry.userName) }),
      note: entry.note ?? '',
    })),
  }
}
