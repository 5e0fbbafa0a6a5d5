import type { Request, Response } from 'express'
import { principalOf } from '../accounts/access.js'
import { ConflictError, ValidationError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { parse, parseQuery } from '../http/validate.js'
import { InvestmentId } from '../investments/investment.js'
import { actorOf } from './curation-api.js'
import {
  type CurationPageDeps,
  type FormState,
  NoQuery,
  readRecordForm,
  textOf,
  versionOf,
} from './curation-page-forms.js'
import { curationUrl } from './curation-presenters.js'
import { moderationRaw, renderModeration } from './curation-proposal-views.js'
import { todayIso } from './curation-schemas.js'
import { StaleRecordError } from './curation-service.js'
import { ProposalChangedError, ProposalDecidedError, ProposalId } from './proposals.js'

/** GET /curation/proposals/:id */
export const showModeration =
  ({ proposals }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    parseQuery(NoQuery, req.query)
    const proposal = await proposals.read(parse(ProposalId, req.params.id), principalOf(req).user)
    renderModeration(res, proposal, { raw: moderationRaw(proposal), errors: new Map() })
  }

/** POST /curation/proposals/:id/publish: the proposal, as edited on the form, becomes a case. */
export const publishProposal =
  ({ proposals }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const id = parse(ProposalId, req.params.id)
    const proposal = await proposals.read(id, principalOf(req).user)
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
      if (error instanceof ProposalDecidedError || error instanceof ProposalChangedError)
        return renderModeration(res, error.proposal, { ...state, notice: error.message }, 409)
      if (error instanceof ConflictError && !(error instanceof StaleRecordError)) {
        errors.set('id', error.message)
        return renderModeration(res, (await proposals.read(id, principalOf(req).user)) ?? proposal, state, 409)
      }
      if (error instanceof ValidationError) {
        for (const [name, messages] of Object.entries(error.fields ?? {})) errors.set(name, messages[0] ?? '')
        return renderModeration(res, proposal, state, 400)
      }
      throw error
    }
  }

/** POST /curation/proposals/:id/reject: with a reason the proposer reads. */
export const rejectProposal =
  ({ proposals }: CurationPageDeps) =>
  async (req: Request, res: Response) => {
    const id = parse(ProposalId, req.params.id)
    const proposal = await proposals.read(id, principalOf(req).user)
    const version = versionOf(req.body)
    const reason = textOf(req.body, 'reason').trim()
    const state = { raw: moderationRaw(proposal), errors: new Map<string, string>(), rejectReason: reason }
    const rejectError =
      reason.length < 3
        ? t('curation.errors.rejectReasonRequired')
        : reason.length > 1000
          ? t('curation.errors.tooLong', { max: 1000 })
          : undefined
    if (rejectError) return renderModeration(res, proposal, { ...state, rejectError }, 400)
    try {
      await proposals.reject(id, version, reason, actorOf(req))
      res.redirect(303, '/curation/proposals?done=rejected')
    } catch (error) {
      if (error instanceof ProposalDecidedError || error instanceof ProposalChangedError)
        return renderModeration(res, error.proposal, { ...state, notice: error.message }, 409)
      throw error
    }
  }
