import type { DocumentCollection, DocumentStore, Transaction } from '../storage/document-store.js'
import type { Role } from './account.js'

/**
 * A respondent's link into their organisation (`role: respondent`, with `organisationId`), or an
 * administrator's link that creates a reviewer, curator or administrator account (no organisation;
 * `affiliation` such as "DG HOME").
 */
export interface InvitationRecord {
  id: string
  role: Role
  organisationId: string | null
  affiliation: string | null
  createdBy: string
  createdAt: string
  expiresAt: string
  usedAt: string | null
  usedBy: string | null
}

interface InvitationDoc {
  _id: string
  tokenHash: string
  role?: Role
  organisationId: string | null
  affiliation?: string | null
  createdBy: string
  createdAt: string
  expiresAt: string
  usedAt: string | null
  usedBy: string | null
  [key: string]: unknown
}

/** `invitations`: single-use links into an organisation, stored as SHA-256 hashes of the link token. */
export class InvitationRepository {
  private readonly collection: DocumentCollection<InvitationDoc>

  constructor(store: DocumentStore) {
    this.collection = store.collection<InvitationDoc>('invitations')
  }

  /** The collection, or its view in the caller's unit of writes. */
  private in(tx: Transaction | undefined): DocumentCollection<InvitationDoc> {
    return tx ? tx.collection<InvitationDoc>('invitations') : this.collection
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { tokenHash: 1 }, unique: true, name: 'tokenHash_unique' })
  }

  async insert(record: InvitationRecord, tokenHash: string, tx?: Transaction): Promise<void> {
    const { id, ...rest } = record
    await this.in(tx).insertOne({ _id: id, ...rest, tokenHash })
  }

  /** An unused, unexpired invitation for this token hash, or null. */
  async findUsable(tokenHash: string, now: string): Promise<InvitationRecord | null> {
    const doc = await this.collection.findOne({ tokenHash, usedAt: null, expiresAt: { $gt: now } })
    return doc ? fromDoc(doc) : null
  }

  /** Atomically marks the invitation used; false when someone else used it first or it expired. */
  async claim(id: string, usedBy: string, now: string, tx?: Transaction): Promise<boolean> {
    const result = await this.in(tx).updateOne(
      { _id: id, usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now, usedBy } },
    )
    return result.modifiedCount > 0
  }
}

function fromDoc(doc: InvitationDoc): InvitationRecord {
  return {
    id: doc._id,
    // Invitations written before roles were added are respondents' links into an organisation.
    role: doc.role ?? 'respondent',
    organisationId: doc.organisationId ?? null,
    affiliation: doc.affiliation ?? null,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
    usedAt: doc.usedAt ?? null,
    usedBy: doc.usedBy ?? null,
  }
}
