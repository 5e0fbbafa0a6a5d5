import type { Request, Response } from 'express'
import { z } from 'zod'
import { formatDateTime } from '../accounts/account-presenters.js'
import { ConflictError, ValidationError } from '../errors.js'
import { formatDate } from '../i18n/format.js'
import { t } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { PageParam, paginationView } from '../http/pagination.js'
import { parseQuery } from '../http/validate.js'
import { completenessOf } from '../investments/completeness.js'
import { InvestmentId } from '../investments/investment.js'
import { actorOf, kindOf } from './curation-api.js'
import { recordToRaw } from './curation-forms.js'
import { DoneQuery } from './curation-page-handlers.js'
import {
  type CurationPageDeps,
  type FormState,
  freeSlugs,
  idOf,
  inCurationNav,
  keyInRecord,
  keyName,
  NoQuery,
  PAGE_SIZE,
  readRecordForm,
  textOf,
  versionOf,
} from './curation-page-forms.js'
import { curationUrl, historyEntryView, recordTitle } from './curation-presenters.js'
import { renderRecordForm } from './curation-record-views.js'
import { type CurationKind, todayIso } from './curation-schemas.js'
import { type CuratedRecord, StaleRecordError } from './curation-service.js'

const ListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  show: z.enum(['live', 'retired', 'all']).default('all'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
})
const HistoryQuery = z.strictObject({ page: PageParam })
const rawOf = (kind: CurationKind, record: CuratedRecord) =>
  recordToRaw(kind, record.record as unknown as Record<string, unknown>)

/** GET /curation/:kind: the records of a kind, searched and filtered by status. */
export const listRecords =
  ({ curation }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const kind = kindOf(req)
    const { q, show, page } = parseQuery(ListQuery, req.query)
    inCurationNav(res)
    const needle = q?.toLowerCase()
    const all = (await curation.list(kind))
      .filter((r) => show === 'all' || (show === 'retired') === r.retired)
      .filter((r) => !needle || r.id.includes(needle) || recordTitle(r).toLowerCase().includes(needle))
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
      items: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => recordRow(kind, r)),
      pagination: paginationView(page, all.length, PAGE_SIZE, link),
    })
  }

function recordRow(kind: CurationKind, r: CuratedRecord) {
  return {
    title: recordTitle(r),
    id: r.id,
    url: curationUrl(kind, r.id),
    status: r.retired ? t('curation.status.retired') : t('curation.status.live'),
    retired: r.retired,
    version: r.version,
    completeness: r.investment ? `${completenessOf(r.investment).score}%` : null,
    verified: r.lastVerified ? formatDate(r.lastVerified) : t('curation.quality.neverVerifiedShort'),
    updated: r.updatedAt ? formatDateTime(r.updatedAt) : t('curation.fromSeed'),
  }
}

/** GET /curation/:kind/new */
export const showNewRecord =
  ({ curation }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const kind = kindOf(req)
    parseQuery(NoQuery, req.query)
    await renderRecordForm(res, curation, kind, null, { raw: recordToRaw(kind, {}), errors: new Map() })
  }

/** POST /curation/:kind/new */
export const createRecord =
  ({ curation }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const kind = kindOf(req)
    const newId = textOf(req.body, keyName(kind)).trim()
    const { raw, errors, record, verifiedToday } = readRecordForm(kind, req.body, keyInRecord(kind, newId))
    checkNewKey(kind, newId, errors)
    const state: FormState = { raw, errors, newId, verifiedToday }
    if (!record || errors.size > 0) return renderRecordForm(res, curation, kind, null, state, 400)
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
      if (!(error instanceof ConflictError || error instanceof ValidationError)) throw error
      errors.set(
        keyName(kind),
        error instanceof ValidationError ? (Object.values(error.fields ?? {})[0]?.[0] ?? error.message) : error.message,
      )
      return renderRecordForm(res, curation, kind, null, state, error.status)
    }
  }

/** The new record's key: an investment id's own rule; a slug's message that says what is expected. */
function checkNewKey(kind: CurationKind, newId: string, errors: Map<string, string>) {
  if (kind === 'investments' && newId !== '') {
    const check = InvestmentId.safeParse(newId)
    if (!check.success) errors.set('id', check.error.issues[0]!.message)
  }
  if (kind !== 'investments' && errors.has(keyName(kind)))
    errors.set(
      keyName(kind),
      kind === 'glossary' || kind === 'guidance' ? t('curation.errors.slug') : t('curation.errors.chooseOption'),
    )
}

/** GET /curation/:kind/:id: the edit form. */
export const showRecord =
  ({ curation }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const kind = kindOf(req)
    const { done } = parseQuery(DoneQuery, req.query)
    const current = await curation.get(kind, idOf(req))
    await renderRecordForm(res, curation, kind, current, {
      raw: rawOf(kind, current),
      errors: new Map(),
      notice: done ? t(`curation.done.${done}`) : undefined,
    })
  }

/** POST /curation/:kind/:id: a versioned save; someone else's save first is a 409 with what they changed. */
export const saveRecord =
  ({ curation }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const kind = kindOf(req)
    const current = await curation.get(kind, idOf(req))
    const version = versionOf(req.body)
    const form = readRecordForm(kind, req.body, keyInRecord(kind, current.id), current)
    const state: FormState = { raw: form.raw, errors: form.errors, verifiedToday: form.verifiedToday }
    const conflict = (error: unknown) => {
      if (!(error instanceof StaleRecordError)) throw error
      return renderRecordForm(res, curation, kind, error.current, { ...state, conflict: error }, 409)
    }
    try {
      // Someone else's save comes first: its 409 page, not this form's field errors.
      await curation.assertCurrent(current, version)
    } catch (error) {
      return conflict(error)
    }
    if (!form.record || form.errors.size > 0)
      return renderRecordForm(res, curation, kind, current, { ...state, version }, 400)
    const lastVerified = form.verifiedToday ? todayIso() : undefined
    try {
      await curation.update(kind, current.id, { record: form.record as never, lastVerified }, version, actorOf(req))
      res.redirect(303, `${curationUrl(kind, current.id)}?done=saved`)
    } catch (error) {
      return conflict(error)
    }
  }

/** POST /curation/:kind/:id/retire and /reinstate, with the reason (required to retire). */
export const changeStatus =
  ({ curation }: CurationPageDeps, op: 'retire' | 'reinstate') =>
  async (req: Request, res: Response) => {
    const kind = kindOf(req)
    const current = await curation.get(kind, idOf(req))
    const version = versionOf(req.body)
    const reason = textOf(req.body, 'reason').trim()
    const unknown = Object.keys((req.body ?? {}) as object).filter((name) => name !== '_version' && name !== 'reason')
    if (unknown.length > 0)
      throw new ValidationError(Object.fromEntries(unknown.map((name) => [name, [t('curation.errors.unknownField')]])))
    const state: FormState = { raw: rawOf(kind, current), errors: new Map(), reason }
    const reasonError = reasonErrorOf(op, reason)
    if (reasonError) return renderRecordForm(res, curation, kind, current, { ...state, reasonError }, 400)
    try {
      if (op === 'retire') await curation.retire(kind, current.id, version, reason, actorOf(req))
      else await curation.reinstate(kind, current.id, version, reason === '' ? null : reason, actorOf(req))
      res.redirect(303, `${curationUrl(kind, current.id)}?done=${op === 'retire' ? 'retired' : 'reinstated'}`)
    } catch (error) {
      if (error instanceof StaleRecordError) {
        const stale = { raw: rawOf(kind, error.current), errors: new Map(), reason, conflict: error }
        return renderRecordForm(res, curation, kind, error.current, stale, 409)
      }
      if (error instanceof ConflictError)
        return renderRecordForm(res, curation, kind, current, { ...state, notice: error.message }, 409)
      throw error
    }
  }

/** The reason's error, naming the field as every error summary message does. */
function reasonErrorOf(op: 'retire' | 'reinstate', reason: string): string | undefined {
  const field = op === 'retire' ? t('curation.edit.retireReason') : t('curation.edit.reinstateReason')
  if (!z.string().max(1000).safeParse(reason).success)
    return t('curation.errors.named', { field, message: t('curation.errors.tooLong', { max: 1000 }) })
  if (op === 'retire' && reason.length < 3) return t('curation.errors.requiredNamed', { field })
  return undefined
}

/** GET /curation/:kind/:id/history */
export const showHistory =
  ({ curation }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const kind = kindOf(req)
    const { page } = parseQuery(HistoryQuery, req.query)
    inCurationNav(res)
    const current = await curation.get(kind, idOf(req))
    const { items: entries, total } = await curation.history(kind, current.id, { page, pageSize: PAGE_SIZE })
    // What came before the history (the seed) is said once, under the oldest entry.
    const lastPage = page * PAGE_SIZE >= total
    const oldest = entries[entries.length - 1]
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
        lastPage && (!oldest || oldest.version > 1)
          ? t('curation.history.beforeHistory', { version: oldest ? oldest.version - 1 : current.version })
          : null,
    })
  }
