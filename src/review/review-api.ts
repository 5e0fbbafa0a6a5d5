import { Router, type Request } from 'express'
import { z } from 'zod'
import { principalOf, requireRole } from '../accounts/access.js'
import { NotFoundError, ValidationError } from '../errors.js'
import { parse } from '../http/validate.js'
import { t } from '../i18n/i18n.js'
import { gapCsv, reviewCsv, reviewJson } from './review-export.js'
import {
  ReviewExportQuery,
  ReviewFilters,
  ReviewListQuery,
  SETTABLE_STATUSES,
  reviewStatusOf,
  supplyLeftOut,
} from './review-query.js'
import type { ReviewService } from './review-service.js'
import { TargetQuery } from './review-targets.js'
import type { AuditLog } from '../accounts/audit-log.js'
import { auditContext } from '../accounts/principal.js'
import type { ContactDirectory } from '../privacy/contact-directory.js'

export const ReviewResponseId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/)
export const ReviewPatchBody = z
  .strictObject({
    status: z.enum(SETTABLE_STATUSES).optional(),
    note: z
      .string()
      .max(2000, { error: () => t('review.errors.noteLength') })
      .optional(),
    version: z.number().int().min(1).optional(),
  })
  .refine((body) => body.status !== undefined || (body.note ?? '').trim() !== '', {
    error: () => t('review.errors.nothing'),
    path: ['status'],
  })

const idOf = (req: Request): string => {
  const parsed = ReviewResponseId.safeParse(req.params.id)
  if (!parsed.success) throw new NotFoundError('Response')
  return parsed.data
}

/** `/api/v1/review/…` (DESIGN §5): reviewers and admins only (401 anonymous, 403 other roles). */
export function reviewApi(review: ReviewService, privacy: { contacts: ContactDirectory; audit: AuditLog }): Router {
  const router = Router()
  router.use('/review', requireRole('reviewer', 'admin'))

  router.get('/review/summary', async (req, res) => {
    const filters = parse(ReviewFilters, req.query)
    res.json({ filters, summary: await review.summary(filters) })
  })

  router.get('/review/targets', async (req, res) => {
    const filters = parse(TargetQuery, req.query)
    res.json({ filters, ...(await review.targets(filters)) })
  })

  router.get('/review/responses', async (req, res) => {
    const { page, pageSize, ...filters } = parse(ReviewListQuery, req.query)
    const { items, total } = await review.list(filters, page, pageSize)
    res.json({ items: items.map((item) => ({ ...item, url: `/review/responses/${item.id}` })), total, page, pageSize })
  })

  router.patch('/review/responses/:id', async (req, res) => {
    const id = idOf(req)
    const body = parse(ReviewPatchBody, req.body ?? {})
    const record = await review.update(principalOf(req), id, body)
    res.json({
      id: record.id,
      status: reviewStatusOf(record.status),
      version: record.version,
      statusChangedAt: record.statusChangedAt,
      reviewLog: record.reviewLog ?? [],
    })
  })

  router.get('/review/export', async (req, res) => {
    const { format, table, contacts, reason, ...filters } = parse(ReviewExportQuery, req.query)
    if (format === 'csv' && table === 'gap') {
      // Without intermediaries every row would read "no intermediary": say why instead of a wrong table.
      if (supplyLeftOut(filters))
        throw new ValidationError({ respondentType: [t('review.gapInstrument.supplyLeftOut')] })
      // Figures only, no personal data: contact details are never part of it (nothing to audit).
      const rows = (await review.summary(filters)).gapByInstrument
      res.type('text/csv; charset=utf-8').attachment('review-gap.csv').send(gapCsv(rows))
      return
    }
    const rows = await review.exportRows(filters)
    const directory = contacts ? await contactsFor(req, rows, { reason, format }) : undefined
    if (format === 'json') {
      // A download, as the CSV: the browser saves the file instead of opening it in the tab.
      // The gap in euros per policy field × country (docs/adr/065) and per instrument (docs/adr/066), same filters.
      const summary = await review.summary(filters)
      const gapEur = summary.demandSupply.map(({ policyField, country, euros }) => ({ policyField, country, ...euros }))
      res.attachment('review-responses.json').json({
        ...reviewJson(rows, directory),
        supplyLeftOut: supplyLeftOut(filters),
        gapEur,
        gapByInstrument: summary.gapByInstrument,
      })
      return
    }
    res.type('text/csv; charset=utf-8').attachment('review-responses.csv').send(reviewCsv(rows, directory))
  })

  /** Members' contact details for the exported organisations, the request audited with its reason (docs/adr/060). */
  async function contactsFor(
    req: Request,
    rows: Awaited<ReturnType<ReviewService['exportRows']>>,
    asked: { reason: string | undefined; format: string },
  ) {
    const directory = await privacy.contacts.forOrganisations(rows.map((row) => row.organisationId))
    const principal = principalOf(req)
    await privacy.audit.record(
      'contacts_exported',
      auditContext(req, principal.via === 'token' ? 'api' : 'page'),
      principal.user.email,
      {
        reason: asked.reason ?? '',
        format: asked.format,
        responses: String(rows.length),
        query: (req.originalUrl.split('?')[1] ?? '').slice(0, 1000),
      },
    )
    return directory
  }

  return router
}
