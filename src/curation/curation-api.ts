import { type ErrorRequestHandler, type Request, Router } from 'express'
import { z } from 'zod'
import { principalOf, requireRole, requireUser } from '../accounts/access.js'
import { NotFoundError, ValidationError } from '../errors.js'
import { fieldErrors, parse } from '../http/validate.js'
import { pageOf, PageQuery } from '../http/pagination.js'
import { quota, type WriteQuotas } from '../quotas/write-quotas.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import { friendlyIssue } from './curation-forms.js'
import { curatedRecordJson } from './curation-presenters.js'
import {
  type Actor,
  createBody,
  CurationKind,
  type InvestmentRecord,
  ReinstateBody,
  RetireBody,
  updateBody,
  Version,
} from './curation-schemas.js'
import { type CurationService, StaleRecordError } from './curation-service.js'
import { dataQualityReport } from './data-quality.js'
import {
  ProposalContent,
  ProposalId,
  ProposalQuery,
  type ProposalService,
  PublishBody,
  RejectBody,
  type Proposal,
} from './proposals.js'

const NoQuery = z.strictObject({})

/** Parses a body with the curation messages for zod's generic issues (a 400 lists every field). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input, { error: friendlyIssue })
  if (result.success) return result.data
  throw new ValidationError(fieldErrors(result.error))
}

export function actorOf(req: Request): Actor {
  const { user } = principalOf(req)
  return { id: user.id, name: user.name }
}

/** A kind in the path: an unknown one is an unknown address (404), like an unknown id. */
export function kindOf(req: Request): CurationKind {
  const parsed = CurationKind.safeParse(req.params.kind)
  if (!parsed.success) throw new NotFoundError('Page')
  return parsed.data
}

export function proposalJson(proposal: Proposal) {
  return {
    ...proposal,
    url: `/api/v1/proposals/${proposal.id}`,
    investmentUrl: proposal.investmentId ? `/investments/${proposal.investmentId}` : null,
  }
}

export interface CurationApiDeps {
  curation: CurationService
  proposals: ProposalService
  search: InvestmentSearch
  quotas: WriteQuotas
}

/**
 * `/api/v1/curation/:kind…` (curators and admins), `/api/v1/proposals…` (any signed-in user
 * proposes and follows their own; curators moderate) and the public `/api/v1/data-quality`.
 */
export function curationApi({ curation, proposals, search, quotas }: CurationApiDeps): Router {
  const router = Router()
  const curator = requireRole('curator', 'admin')
  const body = (req: Request) => req.body ?? {}
  const idOf = (req: Request) => String(req.params.id)

  router.get('/data-quality', (req, res) => {
    parse(NoQuery, req.query)
    res.json(dataQualityReport(search.all()))
  })

  // ---- records ----------------------------------------------------------------------------
  router.get('/curation/:kind', curator, async (req, res) => {
    const request = parse(PageQuery, req.query)
    const { items, ...page } = pageOf(await curation.list(kindOf(req)), request)
    res.json({ items: items.map(curatedRecordJson), ...page })
  })

  router.post('/curation/:kind', curator, async (req, res) => {
    const kind = kindOf(req)
    const input = parseInput(createBody(kind), body(req)) as Parameters<CurationService['create']>[1]
    const created = await curation.create(kind, input, actorOf(req))
    res.status(201).location(`/api/v1/curation/${kind}/${created.id}`).json(curatedRecordJson(created))
  })

  router.get('/curation/:kind/:id', curator, async (req, res) => {
    parse(NoQuery, req.query)
    res.json(curatedRecordJson(await curation.get(kindOf(req), idOf(req))))
  })

  router.put('/curation/:kind/:id', curator, async (req, res) => {
    const kind = kindOf(req)
    const current = await curation.get(kind, idOf(req))
    const sent = Version.safeParse((body(req) as { version?: unknown } | undefined)?.version)
    if (sent.success) await curation.assertCurrent(current, sent.data)
    const { version, ...input } = parseInput(
      updateBody(kind, kind === 'investments' ? (current.record as InvestmentRecord) : null),
      body(req),
    ) as { version: number } & Parameters<CurationService['update']>[2]
    res.json(curatedRecordJson(await curation.update(kind, idOf(req), input, version, actorOf(req))))
  })

  router.post('/curation/:kind/:id/retire', curator, async (req, res) => {
    const kind = kindOf(req)
    await curation.get(kind, idOf(req))
    const { version, reason } = parseInput(RetireBody, body(req))
    res.json(curatedRecordJson(await curation.retire(kind, idOf(req), version, reason, actorOf(req))))
  })

  router.post('/curation/:kind/:id/reinstate', curator, async (req, res) => {
    const kind = kindOf(req)
    await curation.get(kind, idOf(req))
    const { version, reason } = parseInput(ReinstateBody, body(req))
    res.json(curatedRecordJson(await curation.reinstate(kind, idOf(req), version, reason ?? null, actorOf(req))))
  })

  router.get('/curation/:kind/:id/history', curator, async (req, res) => {
    const request = parse(PageQuery, req.query)
    const kind = kindOf(req)
    await curation.get(kind, idOf(req))
    res.json({ ...(await curation.history(kind, idOf(req), request)), ...request })
  })

  // ---- proposals --------------------------------------------------------------------------
  router.get('/proposals', requireUser, async (req, res) => {
    const { status, page, pageSize } = parse(ProposalQuery, req.query)
    const { items, total } = await proposals.list(principalOf(req).user, status, { page, pageSize })
    res.json({ items: items.map(proposalJson), total, page, pageSize })
  })

  router.post('/proposals', requireUser, quota(quotas, 'proposal'), async (req, res) => {
    const content = parseInput(ProposalContent, body(req))
    const proposal = await proposals.propose(principalOf(req).user, content)
    res.status(201).location(`/api/v1/proposals/${proposal.id}`).json(proposalJson(proposal))
  })

  router.get('/proposals/:id', requireUser, async (req, res) => {
    parse(NoQuery, req.query)
    res.json(proposalJson(await proposals.read(parse(ProposalId, req.params.id), principalOf(req).user)))
  })

  router.post('/proposals/:id/publish', curator, async (req, res) => {
    const id = parse(ProposalId, req.params.id)
    await proposals.read(id, principalOf(req).user)
    const { version, ...input } = parseInput(PublishBody, body(req))
    const { proposal, investment } = await proposals.publish(id, version, input, actorOf(req))
    res.json({ proposal: proposalJson(proposal), investment: curatedRecordJson(investment) })
  })

  router.post('/proposals/:id/reject', curator, async (req, res) => {
    const id = parse(ProposalId, req.params.id)
    await proposals.read(id, principalOf(req).user)
    const { version, reason } = parseInput(RejectBody, body(req))
    res.json(proposalJson(await proposals.reject(id, version, reason, actorOf(req))))
  })

  // A stale version: the shared JSON error plus the current version and what others changed since (DESIGN §5 409).
  const conflicts: ErrorRequestHandler = (error, _req, res, next) => {
    if (!(error instanceof StaleRecordError)) return next(error)
    res.status(409).json(staleJson(error))
  }
  router.use(conflicts)
  return router
}

export function staleJson(error: StaleRecordError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      currentVersion: error.current.version,
      yourVersion: error.yourVersion,
      changes: error.since.flatMap((entry) =>
        entry.changes.map((change) => ({
          field: change.field,
          version: entry.version,
          op: entry.op,
          by: entry.by.name,
          at: entry.at,
          before: change.before,
          after: change.after,
        })),
      ),
    },
  }
}
