import type { Request, Response } from 'express'
import { z } from 'zod'
import { formatDateTime } from '../accounts/account-presenters.js'
import { hasRole, principalOf } from '../accounts/access.js'
import { formatDate } from '../i18n/format.js'
import { t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { PageParam, paginationView } from '../http/pagination.js'
import { parse, parseQuery } from '../http/validate.js'
import { fieldLabel, recordToRaw } from './curation-forms.js'
import { type CurationPageDeps, inCurationNav, NoQuery, PAGE_SIZE, readRecordForm } from './curation-page-forms.js'
import { curationUrl, historyEntryView } from './curation-presenters.js'
import { proposalFieldsView, proposalStatusView, proposeView } from './curation-proposal-views.js'
import type { CurationKind } from './curation-schemas.js'
import { dataQualityReport } from './data-quality.js'
import { ProposalContent, ProposalId, ProposalStatus } from './proposals.js'
import { sourceHealth, type SourceHealthReport } from './source-health.js'

export const DoneQuery = z.strictObject({
  done: z.enum(['created', 'saved', 'retired', 'reinstated', 'published', 'rejected', 'sent']).optional(),
})
const QueueQuery = z.strictObject({
  status: ProposalStatus.default('pending'),
  done: z.enum(['rejected']).optional(),
  page: PageParam,
})
const CURATED_KINDS = ['investments', 'instruments', 'funds', 'glossary', 'guidance'] as const

/** GET /data-quality (public): what the cases miss, and the health of the sources they cite. */
export const showDataQuality =
  ({ search, catalogue, healthSettings }: CurationPageDeps) =>
  (req: Request, res: Response) => {
    parseQuery(NoQuery, req.query)
    const report = dataQualityReport(search.all())
    const canCurate = hasRole(req.principal, 'curator', 'admin')
    const health = sourceHealth(
      {
        investments: search.all(),
        instruments: catalogue?.instruments(),
        funds: catalogue?.funds(),
        glossary: catalogue?.sourceGlossary(),
        guidance: catalogue?.guidance(),
      },
      healthSettings,
    )
    sendPage(res, 'pages/curation/data-quality', {
      title: t('curation.quality.title'),
      report,
      ...dataQualityView(report, canCurate),
      canPropose: req.principal !== undefined,
      sources: sourceHealthView(health, canCurate),
    })
  }

function dataQualityView(report: ReturnType<typeof dataQualityReport>, canCurate: boolean) {
  return {
    summary: [
      { label: t('curation.quality.total'), value: report.total },
      { label: t('curation.quality.average'), value: `${report.averageScore}%` },
      { label: t('curation.quality.keyCompleteCount'), value: report.priority1Complete },
      { label: t('curation.quality.neverVerifiedCount'), value: report.neverVerified },
      { label: t('curation.quality.verifiedLastYear'), value: report.verifiedLastYear },
    ],
    fields: report.fields.map((f) => ({
      label: fieldLabel('investments', f.field),
      priority: f.priority,
      applicable: f.applicable,
      missing: f.missing,
      share: f.applicable === 0 ? '0%' : `${Math.round((f.missing / f.applicable) * 100)}%`,
    })),
    least: report.leastComplete.map((r) => ({
      title: r.title,
      url: canCurate ? curationUrl('investments', r.id) : r.url,
      score: r.completeness.score,
      missing: r.completeness.missing.map((m) => fieldLabel('investments', m.field)).join(', '),
      verified: r.lastVerified ? formatDate(r.lastVerified) : t('curation.quality.neverVerifiedShort'),
    })),
  }
}

/** The source-health counts of /data-quality, and (for curators) the records that cite only a generic dataset page. */
function sourceHealthView(report: SourceHealthReport, canCurate: boolean) {
  return {
    summary: [
      { label: t('sources.addresses'), value: report.counts.urls },
      { label: t('sources.citations'), value: report.counts.citations },
      { label: t('sources.duplicates'), value: report.counts.duplicates },
      { label: t('sources.malformed'), value: report.counts.malformed },
      { label: t('sources.genericOnly'), value: report.counts.genericOnly },
    ],
    genericOnly: report.genericOnly.map(({ record }) => ({
      id: record.id,
      url: canCurate ? curationUrl(record.kind, record.id) : curationRecordPage(record.kind, record.id),
    })),
  }
}

function curationRecordPage(kind: CurationKind, id: string): string {
  return kind === 'investments' ? `/investments/${id}` : kind === 'glossary' ? `/glossary#${id}` : `/${kind}/${id}`
}

/** GET /proposals/new: any signed-in user proposes a case. */
export const showProposeForm = () => (req: Request, res: Response) => {
  parseQuery(NoQuery, req.query)
  sendPage(res, 'pages/curation/propose', proposeView({ raw: recordToRaw('proposals', {}), errors: new Map() }))
}

/** POST /proposals/new */
export const propose =
  ({ proposals }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const { raw, errors, record } = readRecordForm('proposals', req.body)
    if (!record) return sendPage(res, 'pages/curation/propose', proposeView({ raw, errors }), 400)
    const proposal = await proposals.propose(principalOf(req).user, ProposalContent.parse(record))
    res.redirect(303, `/proposals/${proposal.id}?done=sent`)
  }

/** GET /proposals/:id: where one's proposal stands. */
export const showProposal =
  ({ proposals }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const { done } = parseQuery(DoneQuery, req.query)
    const user = principalOf(req).user
    const proposal = await proposals.read(parse(ProposalId, req.params.id), user)
    sendPage(res, 'pages/curation/proposal-status', {
      title: proposal.content.title,
      notice: done === 'sent' ? t('curation.proposals.sent') : undefined,
      status: proposalStatusView(proposal),
      fields: proposalFieldsView(proposal),
      moderateUrl: hasRole(req.principal, 'curator', 'admin') ? `/curation/proposals/${proposal.id}` : null,
    })
  }

/** GET /curation: the records per kind, the pending proposals, the recent changes. */
export const showOverview =
  ({ curation, proposals }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    parseQuery(NoQuery, req.query)
    inCurationNav(res)
    const kinds = await Promise.all(
      CURATED_KINDS.map(async (kind) => {
        const all = await curation.list(kind)
        const retired = all.filter((r) => r.retired).length
        return {
          kind,
          url: `/curation/${kind}`,
          name: t(`curation.kinds.${kind}.many`),
          live: all.length - retired,
          retired,
        }
      }),
    )
    const recent = await curation.recent(10)
    sendPage(res, 'pages/curation/index', {
      title: t('curation.title'),
      kinds,
      pending: await proposals.pendingCount(),
      recent: recent.map((entry) => ({
        ...historyEntryView(entry),
        kindName: t(`curation.kinds.${entry.kind}.one`),
        recordId: entry.recordId,
        url: `${curationUrl(entry.kind, entry.recordId)}/history`,
      })),
    })
  }

/** GET /curation/proposals: the moderation queue, one tab per status. */
export const showQueue =
  ({ proposals }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const { status, done, page } = parseQuery(QueueQuery, req.query)
    inCurationNav(res)
    const { items: list, total } = await proposals.list(principalOf(req).user, status, { page, pageSize: PAGE_SIZE })
    sendPage(res, 'pages/curation/proposals', {
      pagination: paginationView(page, total, PAGE_SIZE, (p) => `/curation/proposals?status=${status}&page=${p}`),
      title: t('curation.proposals.queueTitle'),
      notice: done === 'rejected' ? t('curation.proposals.rejectedNotice') : undefined,
      tabs: ProposalStatus.options.map((value) => ({
        url: `/curation/proposals?status=${value}`,
        label: t(`curation.proposalStatus.${value}`),
        current: value === status,
      })),
      caption: t('curation.proposals.caption', { status: t(`curation.proposalStatus.${status}`) }),
      items: list.map((p) => ({
        url: `/curation/proposals/${p.id}`,
        title: p.content.title,
        by: p.proposedBy.name,
        at: formatDateTime(p.createdAt),
        status: t(`curation.proposalStatus.${p.status}`),
      })),
    })
  }
