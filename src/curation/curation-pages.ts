import { type Request, type Response, Router } from 'express'
import { z } from 'zod'
import { displayName } from '../accounts/account.js'
import { formatDateTime } from '../accounts/account-presenters.js'
import { hasRole, principalOf, requireRole, requireUser } from '../accounts/access.js'
import { ConflictError, ValidationError } from '../errors.js'
import { label, t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { parse, parseQuery } from '../http/validate.js'
import { PageParam, paginationView } from '../http/pagination.js'
import { quota, type WriteQuotas } from '../quotas/write-quotas.js'
import { completenessOf } from '../investments/completeness.js'
import { InvestmentId } from '../investments/investment.js'
import { qualityView } from '../investments/investment-presenters.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import { FUNDS, INSTRUMENTS } from '../shared/codelists.js'
import { actorOf, kindOf } from './curation-api.js'
import {
  bodyToRaw,
  type Candidate,
  displayValue,
  errorsByInput,
  fieldLabel,
  fieldsOf,
  friendlyIssue,
  isFormInput,
  type RawForm,
  rawToCandidate,
  recordToRaw,
} from './curation-forms.js'
import {
  curationUrl,
  errorListOf,
  formView,
  historyEntryView,
  publicUrl,
  recordTitle,
  simpleField,
} from './curation-presenters.js'
import {
  type CurationKind,
  type InvestmentRecord,
  investmentRecordUpdating,
  RECORD_SCHEMAS,
  todayIso,
  Version,
} from './curation-schemas.js'
import { type CuratedRecord, type CurationService, StaleRecordError } from './curation-service.js'
import { dataQualityReport } from './data-quality.js'
import { readSourceHealthSettings, sourceHealth, type SourceHealthReport } from './source-health.js'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import {
  ProposalChangedError,
  ProposalContent,
  ProposalDecidedError,
  ProposalId,
  type Proposal,
  type ProposalService,
  ProposalStatus,
} from './proposals.js'

const PAGE_SIZE = 50
const ListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  show: z.enum(['live', 'retired', 'all']).default('all'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
})
const DoneQuery = z.strictObject({
  done: z.enum(['created', 'saved', 'retired', 'reinstated', 'published', 'rejected', 'sent']).optional(),
})
const QueueQuery = z.strictObject({
  status: ProposalStatus.default('pending'),
  done: z.enum(['rejected']).optional(),
  page: PageParam,
})
const HistoryQuery = z.strictObject({ page: PageParam })
const NoQuery = z.strictObject({})
/** Fields of a record form that are not record fields. */
const CONTROL_FIELDS = new Set(['_version', 'verifiedToday', 'id', 'slug'])

export interface CurationPagesDeps {
  curation: CurationService
  proposals: ProposalService
  search: InvestmentSearch
  quotas: WriteQuotas
  /** For the source-health counts of /data-quality (catalogue and guidance sources). */
  catalogue?: CatalogueService
}

interface FormState {
  raw: RawForm
  errors: Map<string, string>
  /** The id or slug typed on a create form. */
  newId?: string
  verifiedToday?: boolean
  reason?: string
  reasonError?: string | undefined
}

/** Reads a posted record form: the record for the schema, or the messages per input. */
function readRecordForm(
  form: CurationKind | 'proposals',
  body: unknown,
  extra: Record<string, unknown> = {},
  editing: CuratedRecord | null = null,
) {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const unknown = Object.keys(source).filter(
    (name) => !CONTROL_FIELDS.has(name) && name !== 'reason' && !isFormInput(form, name),
  )
  if (unknown.length > 0)
    throw new ValidationError(Object.fromEntries(unknown.map((name) => [name, [t('curation.errors.unknownField')]])))
  const raw = bodyToRaw(form, source)
  const candidate: Candidate = rawToCandidate(form, raw)
  const schema =
    form === 'proposals'
      ? ProposalContent
      : form === 'investments' && editing
        ? investmentRecordUpdating(editing.record as InvestmentRecord)
        : RECORD_SCHEMAS[form]
  const result = schema.safeParse({ ...candidate.value, ...extra }, { error: friendlyIssue })
  const errors = result.success ? new Map<string, string>() : errorsByInput(form, result.error, candidate.factRows)
  return {
    raw,
    errors,
    record: result.success ? (result.data as Record<string, unknown>) : null,
    verifiedToday: source.verifiedToday === 'yes',
  }
}

/** The create form's key input: an investment's or guidance entry's id, a catalogue record's slug. */
function keyName(kind: CurationKind): 'id' | 'slug' {
  return kind === 'investments' || kind === 'guidance' ? 'id' : 'slug'
}

/** The key as part of the record (an investment's id is kept apart from its record). */
function keyInRecord(kind: CurationKind, key: string): Record<string, string> {
  return kind === 'investments' ? {} : { [keyName(kind)]: key }
}

function textOf(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : ''
}

/** The `_version` a form carries (the version the page showed). */
function versionOf(body: unknown): number {
  const sent = (body as Record<string, unknown> | undefined)?._version
  return parse(z.strictObject({ _version: Version }), {
    _version: typeof sent === 'string' && /^\d{1,9}$/.test(sent) ? Number(sent) : sent,
  })._version
}

function titled(title: string, hasErrors: boolean) {
  return { title: hasErrors ? t('errors.titlePrefix', { title }) : title, heading: title }
}

/** Slugs of the codelist that have no record yet (instruments and funds are keyed by codelist). */
async function freeSlugs(curation: CurationService, kind: CurationKind): Promise<string[] | null> {
  if (kind !== 'instruments' && kind !== 'funds') return null
  const taken = new Set((await curation.list(kind)).map((r) => r.id))
  return (kind === 'instruments' ? INSTRUMENTS : FUNDS).filter((slug) => !taken.has(slug))
}

/**
 * Curators' pages (`/curation…`): lists, create and edit forms with versioned saves, retire and
 * reinstate, history; the moderation queue. Any signed-in user: `/proposals/new` and their own
 * proposals. Everyone: `/data-quality`.
 */
export function curationPages({ curation, proposals, search, quotas, catalogue }: CurationPagesDeps): Router {
  const healthSettings = readSourceHealthSettings()
  const router = Router()
  const curator = requireRole('curator', 'admin')
  const idOf = (req: Request) => String(req.params.id)
  const back = (res: Response) => {
    res.locals.navSection = 'curation'
  }

  // ---- data quality (public) ---------------------------------------------------------------
  router.get('/data-quality', (req, res) => {
    parseQuery(NoQuery, req.query)
    const report = dataQualityReport(search.all())
    const canCurate = hasRole(req.principal, 'curator', 'admin')
    sendPage(res, 'pages/curation/data-quality', {
      title: t('curation.quality.title'),
      report,
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
        verified: r.lastVerified ?? t('curation.quality.neverVerifiedShort'),
      })),
      canPropose: req.principal !== undefined,
      sources: sourceHealthView(
        sourceHealth(
          {
            investments: search.all(),
            instruments: catalogue?.instruments(),
            funds: catalogue?.funds(),
            glossary: catalogue?.sourceGlossary(),
            guidance: catalogue?.guidance(),
          },
          healthSettings,
        ),
        canCurate,
      ),
    })
  })

  // ---- proposals: any signed-in user --------------------------------------------------------
  router.get('/proposals/new', requireUser, (req, res) => {
    parseQuery(NoQuery, req.query)
    sendPage(res, 'pages/curation/propose', proposeView({ raw: recordToRaw('proposals', {}), errors: new Map() }))
  })

  router.post('/proposals/new', requireUser, quota(quotas, 'proposal'), async (req, res) => {
    const { raw, errors, record } = readRecordForm('proposals', req.body)
    if (!record) return sendPage(res, 'pages/curation/propose', proposeView({ raw, errors }), 400)
    const proposal = await proposals.propose(principalOf(req).user, ProposalContent.parse(record))
    res.redirect(303, `/proposals/${proposal.id}?done=sent`)
  })

  router.get('/proposals/:id', requireUser, async (req, res) => {
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
  })

  // ---- curation: overview and moderation ----------------------------------------------------
  router.get('/curation', curator, async (req, res) => {
    parseQuery(NoQuery, req.query)
    back(res)
    const kinds = await Promise.all(
      (['investments', 'instruments', 'funds', 'glossary', 'guidance'] as const).map(async (kind) => {
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
  })

  router.get('/curation/proposals', curator, async (req, res) => {
    const { status, done, page } = parseQuery(QueueQuery, req.query)
    back(res)
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
  })

  const renderModeration = (
    res: Response,
    proposal: Proposal,
    state: FormState & { rejectReason?: string; rejectError?: string | undefined; notice?: string | undefined },
    status = 200,
  ) => {
    back(res)
    const errorList = [
      ...errorListOf(state.errors, [
        'id',
        ...fieldsOf('investments').map((f) => (f.type === 'money' ? 'amountValue' : f.name)),
      ]),
      ...(state.rejectError ? [{ text: state.rejectError, href: '#reason' }] : []),
    ]
    sendPage(
      res,
      'pages/curation/moderate',
      {
        ...titled(t('curation.proposals.reviewTitle', { title: proposal.content.title }), errorList.length > 0),
        errorList,
        notice: state.notice,
        status: proposalStatusView(proposal),
        proposedBy: t('curation.proposals.proposedBy', {
          name: proposal.proposedBy.name,
          when: formatDateTime(proposal.createdAt),
        }),
        comment: proposal.content.comment,
        pending: proposal.status === 'pending',
        version: proposal.version,
        publishAction: `/curation/proposals/${proposal.id}/publish`,
        rejectAction: `/curation/proposals/${proposal.id}/reject`,
        idField: simpleField({
          name: 'id',
          label: t('curation.fields.common.id'),
          hint: t('curation.hints.common.idNew'),
          value: state.newId ?? '',
          error: state.errors.get('id'),
          width: 'medium',
        }),
        sections: formView('investments', state.raw, state.errors),
        verified: { checked: state.verifiedToday === true },
        reason: simpleField({
          name: 'reason',
          label: t('curation.proposals.rejectReason'),
          hint: t('curation.proposals.rejectHint'),
          value: state.rejectReason ?? '',
          error: state.rejectError,
          textarea: true,
        }),
        investmentUrl: proposal.investmentId ? curationUrl('investments', proposal.investmentId) : null,
      },
      status,
    )
  }

  router.get('/curation/proposals/:id', curator, async (req, res) => {
    parseQuery(NoQuery, req.query)
    const proposal = await proposals.read(parse(ProposalId, req.params.id), principalOf(req).user)
    renderModeration(res, proposal, { raw: moderationRaw(proposal), errors: new Map() })
  })

  router.post('/curation/proposals/:id/publish', curator, async (req, res) => {
    const id = parse(ProposalId, req.params.id)
    let proposal = await proposals.read(id, principalOf(req).user)
    const version = versionOf(req.body)
    const body = { ...(req.body as Record<string, unknown>) }
    delete body._version
    const { raw, errors, record, verifiedToday } = readRecordForm('investments', body)
    const newId = textOf(req.body, 'id').trim()
    const idCheck = newId === '' ? null : InvestmentId.safeParse(newId)
    if (idCheck && !idCheck.success) errors.set('id', idCheck.error.issues[0]!.message)
    const state: FormState = { raw, errors, newId, verifiedToday }
    if (!record || errors.size > 0) return renderModeration(res, proposal, state, 400)
    try {
      const { investment } = await proposals.publish(
        id,
        version,
        { id: newId || undefined, record: record as never, lastVerified: verifiedToday ? todayIso() : undefined },
        actorOf(req),
      )
      res.redirect(303, `${curationUrl('investments', investment.id)}?done=published`)
    } catch (error) {
      if (error instanceof ProposalDecidedError || error instanceof ProposalChangedError) {
        proposal = error.proposal
        return renderModeration(res, proposal, { ...state, notice: error.message }, 409)
      }
      if (error instanceof ConflictError && !(error instanceof StaleRecordError)) {
        proposal = (await proposals.read(id, principalOf(req).user)) ?? proposal
        errors.set('id', error.message)
        return renderModeration(res, proposal, state, 409)
      }
      if (error instanceof ValidationError) {
        for (const [name, messages] of Object.entries(error.fields ?? {})) errors.set(name, messages[0] ?? '')
        return renderModeration(res, proposal, state, 400)
      }
      throw error
    }
  })

  router.post('/curation/proposals/:id/reject', curator, async (req, res) => {
    const id = parse(ProposalId, req.params.id)
    const proposal = await proposals.read(id, principalOf(req).user)
    const version = versionOf(req.body)
    const reason = textOf(req.body, 'reason').trim()
    const state = { raw: moderationRaw(proposal), errors: new Map<string, string>(), rejectReason: reason }
    if (reason.length < 3)
      return renderModeration(res, proposal, { ...state, rejectError: t('curation.errors.rejectReasonRequired') }, 400)
    if (reason.length > 1000)
      return renderModeration(
        res,
        proposal,
        { ...state, rejectError: t('curation.errors.tooLong', { max: 1000 }) },
        400,
      )
    try {
      await proposals.reject(id, version, reason, actorOf(req))
      res.redirect(303, '/curation/proposals?done=rejected')
    } catch (error) {
      if (error instanceof ProposalDecidedError || error instanceof ProposalChangedError)
        return renderModeration(res, error.proposal, { ...state, notice: error.message }, 409)
      throw error
    }
  })

  // ---- curation: records of a kind ----------------------------------------------------------
  router.get('/curation/:kind', curator, async (req, res) => {
    const kind = kindOf(req)
    const { q, show, page } = parseQuery(ListQuery, req.query)
    back(res)
    const needle = q?.toLowerCase()
    const all = (await curation.list(kind))
      .filter((r) => show === 'all' || (show === 'retired') === r.retired)
      .filter((r) => !needle || r.id.includes(needle) || recordTitle(r).toLowerCase().includes(needle))
    const slice = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    const free = await freeSlugs(curation, kind)
    const link = (p: number) =>
      `/curation/${kind}?${new URLSearchParams({ ...(q ? { q } : {}), show, page: String(p) }).toString()}`
    sendPage(res, 'pages/curation/list', {
      title: t(`curation.kinds.${kind}.many`),
      kind,
      isInvestments: kind === 'investments',
      q: q ?? '',
      shows: (['all', 'live', 'retired'] as const).map((value) => ({
        value,
        label: t(`curation.list.show.${value}`),
        selected: value === show,
      })),
      newUrl: free === null || free.length > 0 ? `/curation/${kind}/new` : null,
      newLabel: t(`curation.kinds.${kind}.new`),
      noNew: free !== null && free.length === 0 ? t('curation.list.noFreeSlug') : null,
      count: t('curation.list.count', { count: all.length }),
      caption: t('curation.list.caption', { kind: t(`curation.kinds.${kind}.many`) }),
      items: slice.map((r) => ({
        title: recordTitle(r),
        id: r.id,
        url: curationUrl(kind, r.id),
        status: r.retired ? t('curation.status.retired') : t('curation.status.live'),
        retired: r.retired,
        version: r.version,
        completeness: r.investment ? `${completenessOf(r.investment).score}%` : null,
        verified: r.lastVerified ?? t('curation.quality.neverVerifiedShort'),
        updated: r.updatedAt ? formatDateTime(r.updatedAt) : t('curation.fromSeed'),
      })),
      pagination: paginationView(page, all.length, PAGE_SIZE, link),
    })
  })

  const renderRecordForm = async (
    res: Response,
    kind: CurationKind,
    current: CuratedRecord | null,
    state: FormState & { conflict?: StaleRecordError; version?: number; notice?: string | undefined },
    status = 200,
  ) => {
    back(res)
    const kindName = t(`curation.kinds.${kind}.one`)
    const heading = current
      ? t('curation.edit.title', { kind: kindName, title: recordTitle(current) })
      : t(`curation.kinds.${kind}.new`)
    const order = [keyName(kind), ...fieldsOf(kind).map((f) => (f.type === 'money' ? 'amountValue' : f.name))]
    const errorList = [
      ...errorListOf(state.errors, order),
      ...(state.reasonError ? [{ text: state.reasonError, href: '#reason' }] : []),
    ]
    const free = current ? null : await freeSlugs(curation, kind)
    const conflict = state.conflict
    sendPage(
      res,
      'pages/curation/edit',
      {
        ...titled(heading, errorList.length > 0 || conflict !== undefined),
        errorList,
        notice: state.notice,
        kind,
        kindUrl: `/curation/${kind}`,
        kindName: t(`curation.kinds.${kind}.many`),
        action: current ? curationUrl(kind, current.id) : `/curation/${kind}/new`,
        version: conflict ? conflict.current.version : (state.version ?? current?.version ?? null),
        record: current ? recordHeader(current) : null,
        conflict: conflict ? conflictView(conflict) : null,
        idField: current
          ? null
          : kind === 'investments' || kind === 'glossary' || kind === 'guidance'
            ? simpleField({
                name: keyName(kind),
                label: t(keyName(kind) === 'id' ? 'curation.fields.common.id' : 'curation.fields.common.slug'),
                hint: t(
                  kind === 'investments'
                    ? 'curation.hints.common.idNew'
                    : kind === 'guidance'
                      ? 'curation.hints.guidance.id'
                      : 'curation.hints.common.slug',
                ),
                value: state.newId ?? '',
                error: state.errors.get(keyName(kind)),
                width: 'medium',
              })
            : null,
        slugSelect:
          !current && free
            ? {
                id: 'slug',
                label: t('curation.fields.common.slug'),
                error: state.errors.get('slug'),
                options: free.map((slug) => ({
                  value: slug,
                  label: fieldLabelOfSlug(kind, slug),
                  selected: slug === state.newId,
                })),
              }
            : null,
        sections: formView(kind, state.raw, state.errors),
        verified: { checked: state.verifiedToday === true, current: current?.lastVerified ?? null },
        submitLabel: current ? t('curation.edit.save') : t('curation.edit.create'),
        reason: current
          ? simpleField({
              name: 'reason',
              label: current.retired ? t('curation.edit.reinstateReason') : t('curation.edit.retireReason'),
              hint: current.retired ? undefined : t('curation.edit.retireHint'),
              value: state.reason ?? '',
              error: state.reasonError,
              textarea: true,
            })
          : null,
      },
      status,
    )
  }

  router.get('/curation/:kind/new', curator, async (req, res) => {
    const kind = kindOf(req)
    parseQuery(NoQuery, req.query)
    await renderRecordForm(res, kind, null, { raw: recordToRaw(kind, {}), errors: new Map() })
  })

  router.post('/curation/:kind/new', curator, async (req, res) => {
    const kind = kindOf(req)
    const newId = textOf(req.body, keyName(kind)).trim()
    const { raw, errors, record, verifiedToday } = readRecordForm(kind, req.body, keyInRecord(kind, newId))
    if (kind === 'investments' && newId !== '') {
      const check = InvestmentId.safeParse(newId)
      if (!check.success) errors.set('id', check.error.issues[0]!.message)
    }
    if (kind !== 'investments' && errors.has(keyName(kind)))
      errors.set(
        keyName(kind),
        kind === 'glossary' || kind === 'guidance' ? t('curation.errors.slug') : t('curation.errors.chooseOption'),
      )
    const state: FormState = { raw, errors, newId, verifiedToday }
    if (!record || errors.size > 0) return renderRecordForm(res, kind, null, state, 400)
    try {
      const created = await curation.create(
        kind,
        {
          id: kind === 'investments' && newId !== '' ? newId : undefined,
          record: record as never,
          lastVerified: verifiedToday ? todayIso() : undefined,
        },
        actorOf(req),
      )
      res.redirect(303, `${curationUrl(kind, created.id)}?done=created`)
    } catch (error) {
      if (error instanceof ConflictError || error instanceof ValidationError) {
        errors.set(
          keyName(kind),
          error instanceof ValidationError
            ? (Object.values(error.fields ?? {})[0]?.[0] ?? error.message)
            : error.message,
        )
        return renderRecordForm(res, kind, null, state, error.status)
      }
      throw error
    }
  })

  router.get('/curation/:kind/:id', curator, async (req, res) => {
    const kind = kindOf(req)
    const { done } = parseQuery(DoneQuery, req.query)
    const current = await curation.get(kind, idOf(req))
    await renderRecordForm(res, kind, current, {
      raw: recordToRaw(kind, current.record as unknown as Record<string, unknown>),
      errors: new Map(),
      notice: done ? t(`curation.done.${done}`) : undefined,
    })
  })

  router.post('/curation/:kind/:id', curator, async (req, res) => {
    const kind = kindOf(req)
    const current = await curation.get(kind, idOf(req))
    const version = versionOf(req.body)
    const { raw, errors, record, verifiedToday } = readRecordForm(
      kind,
      req.body,
      keyInRecord(kind, current.id),
      current,
    )
    const state: FormState = { raw, errors, verifiedToday }
    try {
      // Someone else's save comes first: its 409 page, not this form's field errors.
      await curation.assertCurrent(current, version)
    } catch (error) {
      if (error instanceof StaleRecordError)
        return renderRecordForm(res, kind, error.current, { ...state, conflict: error }, 409)
      throw error
    }
    if (!record || errors.size > 0) return renderRecordForm(res, kind, current, { ...state, version }, 400)
    try {
      await curation.update(
        kind,
        current.id,
        { record: record as never, lastVerified: verifiedToday ? todayIso() : undefined },
        version,
        actorOf(req),
      )
      res.redirect(303, `${curationUrl(kind, current.id)}?done=saved`)
    } catch (error) {
      if (error instanceof StaleRecordError)
        return renderRecordForm(res, kind, error.current, { ...state, conflict: error }, 409)
      throw error
    }
  })

  const statusChange = (op: 'retire' | 'reinstate') =>
    async function (req: Request, res: Response) {
      const kind = kindOf(req)
      const current = await curation.get(kind, idOf(req))
      const version = versionOf(req.body)
      const reason = textOf(req.body, 'reason').trim()
      const unknown = Object.keys((req.body ?? {}) as object).filter((name) => name !== '_version' && name !== 'reason')
      if (unknown.length > 0)
        throw new ValidationError(
          Object.fromEntries(unknown.map((name) => [name, [t('curation.errors.unknownField')]])),
        )
      const raw = recordToRaw(kind, current.record as unknown as Record<string, unknown>)
      const reasonCheck = z.string().max(1000).safeParse(reason)
      if ((op === 'retire' && reason.length < 3) || !reasonCheck.success) {
        const message = reasonCheck.success
          ? t('curation.errors.reasonRequired')
          : t('curation.errors.tooLong', { max: 1000 })
        return renderRecordForm(res, kind, current, { raw, errors: new Map(), reason, reasonError: message }, 400)
      }
      try {
        if (op === 'retire') await curation.retire(kind, current.id, version, reason, actorOf(req))
        else await curation.reinstate(kind, current.id, version, reason === '' ? null : reason, actorOf(req))
        res.redirect(303, `${curationUrl(kind, current.id)}?done=${op === 'retire' ? 'retired' : 'reinstated'}`)
      } catch (error) {
        if (error instanceof StaleRecordError)
          return renderRecordForm(
            res,
            kind,
            error.current,
            {
              raw: recordToRaw(kind, error.current.record as unknown as Record<string, unknown>),
              errors: new Map(),
              reason,
              conflict: error,
            },
            409,
          )
        if (error instanceof ConflictError)
          return renderRecordForm(res, kind, current, { raw, errors: new Map(), reason, notice: error.message }, 409)
        throw error
      }
    }
  router.post('/curation/:kind/:id/retire', curator, statusChange('retire'))
  router.post('/curation/:kind/:id/reinstate', curator, statusChange('reinstate'))

  router.get('/curation/:kind/:id/history', curator, async (req, res) => {
    const kind = kindOf(req)
    const { page } = parseQuery(HistoryQuery, req.query)
    back(res)
    const current = await curation.get(kind, idOf(req))
    const { items: entries, total } = await curation.history(kind, current.id, { page, pageSize: PAGE_SIZE })
    // What came before the history (the seed) is said once, under the oldest entry.
    const lastPage = page * PAGE_SIZE >= total
    sendPage(res, 'pages/curation/history', {
      pagination: paginationView(page, total, PAGE_SIZE, (p) => `${curationUrl(kind, current.id)}/history?page=${p}`),
      title: t('curation.history.title', { title: recordTitle(current) }),
      kindUrl: `/curation/${kind}`,
      kindName: t(`curation.kinds.${kind}.many`),
      editUrl: curationUrl(kind, current.id),
      version: current.version,
      currentText: t('curation.history.current', { version: current.version }),
      entries: entries.map(historyEntryView),
      seeded:
        lastPage && (entries.length === 0 || entries[entries.length - 1]!.version > 1)
          ? t('curation.history.beforeHistory', {
              version: entries.length === 0 ? current.version : entries[entries.length - 1]!.version - 1,
            })
          : null,
    })
  })

  return router
}

function fieldLabelOfSlug(kind: CurationKind, slug: string): string {
  return label(kind === 'funds' ? 'fund' : 'instrument', slug)
}

function recordHeader(record: CuratedRecord) {
  return {
    id: record.id,
    version: t('curation.edit.version', { version: record.version }),
    retired: record.retired,
    status: record.retired ? t('curation.status.retired') : t('curation.status.live'),
    publicUrl: record.retired ? null : publicUrl(record.kind, record.id),
    historyUrl: `${curationUrl(record.kind, record.id)}/history`,
    updated: record.updatedAt
      ? t('curation.edit.updated', { when: formatDateTime(record.updatedAt) })
      : t('curation.fromSeed'),
    quality: record.investment ? qualityView(record.investment) : null,
    verified: record.lastVerified
      ? t('curation.quality.verifiedOn', { date: record.lastVerified })
      : t('curation.quality.neverVerified'),
    retireAction: `${curationUrl(record.kind, record.id)}/${record.retired ? 'reinstate' : 'retire'}`,
  }
}

/** What others changed since the version the curator opened: field, their value, who, when. */
function conflictView(error: StaleRecordError) {
  const kind = error.current.kind
  const latest = new Map<string, { label: string; value: string; by: string; when: string }>()
  for (const entry of error.since)
    for (const change of entry.changes)
      latest.set(change.field, {
        label: fieldLabel(kind, change.field),
        value: displayValue(kind, change.field, change.after),
        by: displayName(entry.by.name),
        when: formatDateTime(entry.at),
      })
  return {
    text: t('curation.conflict.text', { yours: error.yourVersion, current: error.current.version }),
    changes: [...latest.values()],
    unknown: latest.size === 0,
  }
}

function proposeView(state: FormState) {
  const order = fieldsOf('proposals').map((f) => (f.type === 'money' ? 'amountValue' : f.name))
  const errorList = errorListOf(state.errors, order)
  return {
    ...titled(t('curation.proposals.newTitle'), errorList.length > 0),
    errorList,
    sections: formView('proposals', state.raw, state.errors),
  }
}

function proposalStatusView(proposal: Proposal) {
  return {
    value: proposal.status,
    label: t(`curation.proposalStatus.${proposal.status}`),
    text:
      proposal.status === 'pending'
        ? t('curation.proposals.pendingText')
        : proposal.status === 'published'
          ? t('curation.proposals.publishedText', {
              name: proposal.decidedBy?.name ?? '',
              when: formatDateTime(proposal.decidedAt),
            })
          : t('curation.proposals.rejectedText', {
              name: proposal.decidedBy?.name ?? '',
              when: formatDateTime(proposal.decidedAt),
            }),
    reason: proposal.status === 'rejected' ? proposal.reason : null,
    investmentUrl: proposal.investmentId ? `/investments/${proposal.investmentId}` : null,
  }
}

function proposalFieldsView(proposal: Proposal) {
  const content = proposal.content as unknown as Record<string, unknown>
  return fieldsOf('proposals')
    .map((field) => ({
      label: fieldLabel('proposals', field.name),
      value: displayValue('investments', field.name, content[field.name]),
    }))
    .filter((row) => row.value !== t('curation.empty'))
}

/** The moderation form starts from the proposal; a moderated import also brings its curator fields (confidence, INDIGO id, notes). */
function moderationRaw(proposal: Proposal) {
  const { comment: _comment, ...content } = proposal.content
  const {
    source: _source,
    ref: _ref,
    ...curatorFields
  } = proposal.imported ?? { source: null, ref: null, confidence: '' }
  return recordToRaw('investments', { ...content, ...curatorFields })
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
