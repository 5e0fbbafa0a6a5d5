import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { User } from '../accounts/account.js'
import { ConflictError, NotFoundError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { assertDocumentSize } from '../shared/document-size.js'
import { PageParam, type PageRequest, PageSizeParam, skipLimit } from '../http/pagination.js'
import { InvestmentId } from '../investments/investment.js'
import type { DocumentCollection, DocumentStore, Transaction } from '../storage/document-store.js'
import { Confidence } from '../shared/codelists.js'
import { type Actor, ALWAYS_CHECK, figureRules, InvestmentRecord, LastVerified, Version } from './curation-schemas.js'
import type { CuratedRecord, CurationService } from './curation-service.js'

/**
 * A case proposed by any signed-in user, waiting for a curator (ADR 015): pending → published (it
 * becomes an investment of origin `curated`) or rejected with a reason the proposer can read.
 */
export const PROPOSAL_STATUSES = ['pending', 'published', 'rejected'] as const
export const ProposalStatus = z.enum(PROPOSAL_STATUSES)
export type ProposalStatus = z.infer<typeof ProposalStatus>

/** What a proposer fills in: the investment's fields without the curator's ones (confidence, INDIGO id, verification). */
const { confidence: _c, confidenceText: _ct, indigoId: _i, notes: _n, ...proposalShape } = InvestmentRecord.shape
export const ProposalContent = z
  .strictObject({
    ...proposalShape,
    /** A word to the curators (how you know the case, who to ask); never published. */
    comment: z
      .string()
      .trim()
      .max(2000, { error: () => t('curation.errors.tooLong', { max: 2000 }) })
      .nullable()
      .default(null),
  })
  .superRefine(figureRules, ALWAYS_CHECK)
export type ProposalContent = z.infer<typeof ProposalContent>

const Person = z.object({ id: z.string(), name: z.string() })

/** Who proposes the records of a moderated import (`import:indigo --moderate`): no account, a fixed name. */
export const INDIGO_IMPORT_PROPOSER = { id: 'import:indigo', name: 'INDIGO import' } as const

/** What a moderated import knows beyond a proposer's fields: prefilled on the moderation form, so nothing of the import is lost. */
export const ImportedFields = z.object({
  source: z.literal('indigo'),
  /** The INDIGO project id: a second moderated import of the same project is skipped. */
  ref: z.string().max(40),
  indigoId: z.string().regex(/^INDIGO-POJ-\d{4}$/),
  confidence: Confidence,
  confidenceText: z.string().max(500).nullable(),
  notes: z.string().max(4000).nullable(),
})
export type ImportedFields = z.infer<typeof ImportedFields>
export const Proposal = z.object({
  id: z.uuid(),
  status: ProposalStatus,
  version: z.number().int().positive(),
  content: ProposalContent,
  proposedBy: Person,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  decidedBy: Person.nullable(),
  decidedAt: z.iso.datetime().nullable(),
  /** Why it was rejected (shown to the proposer), or the curator's note when publishing. */
  reason: z.string().nullable(),
  /** The investment it became. */
  investmentId: z.string().nullable(),
  /** Set when a moderated import made the proposal. */
  imported: ImportedFields.nullable().default(null),
})
export type Proposal = z.infer<typeof Proposal>

export const ProposalQuery = z.strictObject({
  status: ProposalStatus.optional(),
  page: PageParam,
  pageSize: PageSizeParam,
})
export const ProposalId = z.uuid({ error: () => t('curation.errors.proposalId') })
export const PublishBody = z.strictObject({
  version: Version,
  id: InvestmentId.optional(),
  record: InvestmentRecord,
  lastVerified: LastVerified.optional(),
})
export const RejectBody = z.strictObject({
  version: Version,
  reason: z
    .string({ error: () => t('curation.errors.rejectReasonRequired') })
    .trim()
    .min(3, { error: () => t('curation.errors.rejectReasonRequired') })
    .max(1000, { error: () => t('curation.errors.tooLong', { max: 1000 }) }),
})

type ProposalDoc = Proposal & { _id: string }
export interface ProposalFilter {
  status?: ProposalStatus
  proposerId?: string
}

/** A proposal's content as stored (every field is capped as well; ADR 033). */
export const MAX_PROPOSAL_BYTES = 96 * 1024

export class ProposalRepository {
  private readonly collection: DocumentCollection<ProposalDoc>

  constructor(store: DocumentStore) {
    this.collection = store.collection<ProposalDoc>('proposals')
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { 'proposedBy.id': 1, createdAt: -1 }, name: 'proposer' })
    await this.collection.createIndex({ keys: { status: 1, createdAt: 1 }, name: 'status' })
  }

  async insert(proposal: Proposal, tx?: Transaction): Promise<void> {
    await (tx ? tx.collection<ProposalDoc>('proposals') : this.collection).insertOne({ _id: proposal.id, ...proposal })
  }

  /** INDIGO ids that already have a proposal (of any status) from a moderated import. */
  async importedRefs(): Promise<Set<string>> {
    const docs = await this.collection.find({ 'imported.ref': { $exists: true } }, { projection: { imported: 1 } })
    return new Set(docs.map((doc) => doc.imported?.ref).filter((ref): ref is string => typeof ref === 'string'))
  }

  async get(id: string, tx?: Transaction): Promise<Proposal | null> {
    const doc = await (tx ? tx.collection<ProposalDoc>('proposals') : this.collection).findOne({ _id: id })
    return doc ? fromDoc(doc) : null
  }

  /** One page of proposals, with how many there are in all (lists are bounded: ADR 033). */
  async list(
    filter: ProposalFilter,
    page: { skip: number; limit: number },
  ): Promise<{ items: Proposal[]; total: number }> {
    const query: Record<string, unknown> = {}
    if (filter.status) query.status = filter.status
    if (filter.proposerId) query['proposedBy.id'] = filter.proposerId
    // The queue oldest first (first come, first served); a proposer's own list newest first.
    const [docs, total] = await Promise.all([
      this.collection.find(query, {
        sort: filter.proposerId ? { createdAt: -1, _id: 1 } : { createdAt: 1, _id: 1 },
        skip: page.skip,
        limit: page.limit,
      }),
      this.collection.countDocuments(query),
    ])
    return { items: docs.map(fromDoc), total }
  }

  async count(status: ProposalStatus): Promise<number> {
    return this.collection.countDocuments({ status })
  }

  /** Moves a pending proposal on, if it is still pending at `version`; false when someone else decided first. */
  async decide(
    id: string,
    version: number,
    changes: Pick<Proposal, 'status' | 'decidedBy' | 'decidedAt' | 'reason' | 'investmentId' | 'updatedAt'>,
    tx?: Transaction,
  ): Promise<boolean> {
    const coll = tx ? tx.collection<ProposalDoc>('proposals') : this.collection
    const result = await coll.updateOne(
      { _id: id, status: 'pending', version },
      { $set: { ...changes, version: version + 1 } },
    )
    return result.matchedCount > 0
  }
}

function fromDoc(doc: ProposalDoc): Proposal {
  const { _id, ...rest } = doc
  return Proposal.parse({ ...rest, id: _id })
}

/** 409: the proposal was already published or rejected (by someone else, or in another tab). */
export class ProposalDecidedError extends ConflictError {
  constructor(readonly proposal: Proposal) {
    super(t('curation.errors.proposalDecided', { status: t(`curation.proposalStatus.${proposal.status}`) }))
  }
}

/** 409: the proposal changed since it was read (a failed publication put it back in the queue). */
export class ProposalChangedError extends ConflictError {
  constructor(
    readonly proposal: Proposal,
    yours: number,
  ) {
    super(t('curation.errors.proposalChanged', { yours, current: proposal.version }))
  }
}

export class ProposalService {
  constructor(
    private readonly store: DocumentStore,
    private readonly repository: ProposalRepository,
    private readonly curation: CurationService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async propose(user: User, content: ProposalContent): Promise<Proposal> {
    assertDocumentSize(content, MAX_PROPOSAL_BYTES)
    const now = this.clock().toISOString()
    const proposal: Proposal = {
      id: randomUUID(),
      status: 'pending',
      version: 1,
      content,
      proposedBy: { id: user.id, name: user.name },
      createdAt: now,
      updatedAt: now,
      decidedBy: null,
      decidedAt: null,
      reason: null,
      investmentId: null,
      imported: null,
    }
    await this.repository.insert(proposal)
    return proposal
  }

  /** A proposal its proposer or a curator may see; anyone else gets the same 404 as for an unknown id. */
  async read(id: string, user: User): Promise<Proposal> {
    const proposal = await this.repository.get(id)
    if (!proposal || !(mayModerate(user) || proposal.proposedBy.id === user.id))
      throw new NotFoundError(t('curation.proposal'))
    return proposal
  }

  /** Curators: every proposal (or those with a status); others: their own. One page of them. */
  list(
    user: User,
    status: ProposalStatus | undefined,
    page: PageRequest,
  ): Promise<{ items: Proposal[]; total: number }> {
    const filter: ProposalFilter = {
      ...(status ? { status } : {}),
      ...(mayModerate(user) ? {} : { proposerId: user.id }),
    }
    return this.repository.list(filter, skipLimit(page))
  }

  /** A user's own proposals, newest first, one page. */
  ofUser(userId: string, page: PageRequest): Promise<{ items: Proposal[]; total: number }> {
    return this.repository.list({ proposerId: userId }, skipLimit(page))
  }

  pendingCount(): Promise<number> {
    return this.repository.count('pending')
  }

  /**
   * Publishes a pending proposal as the curator's (possibly corrected) record: the claim of the
   * proposal (so two curators cannot both publish it), the investment, its history entry and its
   * changes-feed entry are one unit of writes, so a published proposal always has its investment.
   */
  async publish(
    id: string,
    version: number,
    input: {
      id?: string | undefined
      record: z.infer<typeof InvestmentRecord>
      lastVerified?: string | null | undefined
    },
    actor: Actor,
  ): Promise<{ proposal: Proposal; investment: CuratedRecord }> {
    const proposal = await this.pending(id, version)
    const investmentId = input.id ?? (await this.curation.freeInvestmentId(input.record.title))
    // Checked before the unit too: where MONGODB_ALLOW_NO_TRANSACTIONS runs units without a
    // transaction, a taken id must not leave the proposal claimed without its investment.
    if (await this.curation.find('investments', investmentId))
      throw new ConflictError(t('curation.errors.idTaken', { id: investmentId }))
    const now = this.clock().toISOString()
    const published = await this.store.transaction(async (tx) => {
      const claimed = await this.repository.decide(
        id,
        version,
        { status: 'published', decidedBy: actor, decidedAt: now, reason: null, investmentId, updatedAt: now },
        tx,
      )
      if (!claimed) return null
      const investment = await this.curation.create(
        'investments',
        { ...input, id: investmentId },
        actor,
        { proposalId: id, originRef: `proposal:${id}` },
        tx,
      )
      return { proposal: (await this.repository.get(id, tx))!, investment }
    })
    if (!published) throw await this.lostRace(id, version, proposal)
    return published
  }

  async reject(id: string, version: number, reason: string, actor: Actor): Promise<Proposal> {
    const proposal = await this.pending(id, version)
    const now = this.clock().toISOString()
    const done = await this.repository.decide(id, version, {
      status: 'rejected',
      decidedBy: actor,
      decidedAt: now,
      reason,
      investmentId: null,
      updatedAt: now,
    })
    if (!done) throw await this.lostRace(id, version, proposal)
    return (await this.repository.get(id))!
  }

  /** Someone else moved the proposal on between our read and our write. */
  private async lostRace(id: string, version: number, read: Proposal): Promise<ConflictError> {
    const now = (await this.repository.get(id)) ?? read
    return now.status === 'pending' ? new ProposalChangedError(now, version) : new ProposalDecidedError(now)
  }

  private async pending(id: string, version: number): Promise<Proposal> {
    const proposal = await this.repository.get(id)
    if (!proposal) throw new NotFoundError(t('curation.proposal'))
    if (proposal.status !== 'pending') throw new ProposalDecidedError(proposal)
    if (proposal.version !== version) throw new ProposalChangedError(proposal, version)
    return proposal
  }
}

export function mayModerate(user: User): boolean {
  return user.role === 'curator' || user.role === 'admin'
}
