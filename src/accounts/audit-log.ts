import { randomUUID } from 'node:crypto'
import type { DocumentCollection, DocumentStore, Transaction } from '../storage/document-store.js'

export const AUDIT_EVENTS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'registered',
  'registration_existing_email',
  'user_created',
  'role_changed',
  'token_created',
  'token_revoked',
  'password_changed',
  'invitation_created',
  'invitation_accepted',
  'backup_downloaded',
  'import_run',
  'personal_data_downloaded',
  'account_deleted',
  'contacts_exported',
] as const
export type AuditEvent = (typeof AUDIT_EVENTS)[number]

/** Who did it and from where; `actorId: null` is the command line or an anonymous client. */
export interface AuditContext {
  actorId: string | null
  actorEmail: string | null
  ip: string | null
  via: 'page' | 'api' | 'cli'
}

export interface AuditEntry {
  id: string
  at: string
  event: AuditEvent
  actorId: string | null
  actorEmail: string | null
  /** The account concerned (the email typed, for a failed sign-in). */
  subjectEmail: string | null
  ip: string | null
  via: AuditContext['via']
  details: Record<string, string>
}

interface AuditDoc extends Omit<AuditEntry, 'id'> {
  _id: string
  [key: string]: unknown
}

/** `audit_log`: append-only record of security events, readable by admins on /admin/audit. */
export class AuditLog {
  private readonly collection: DocumentCollection<AuditDoc>

  constructor(
    store: DocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.collection = store.collection<AuditDoc>('audit_log')
  }

  /** The collection, or its view in the caller's unit of writes. */
  private in(tx: Transaction | undefined): DocumentCollection<AuditDoc> {
    return tx ? tx.collection<AuditDoc>('audit_log') : this.collection
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { at: -1 }, name: 'at' })
    await this.collection.createIndex({ keys: { event: 1, at: -1 }, name: 'event_at' })
  }

  /** `tx`: written in the unit of the change it records. */
  async record(
    event: AuditEvent,
    context: AuditContext,
    subjectEmail: string | null,
    details: Record<string, string> = {},
    tx?: Transaction,
  ): Promise<void> {
    await this.in(tx).insertOne({
      _id: randomUUID(),
      at: this.now().toISOString(),
      event,
      actorId: context.actorId,
      actorEmail: context.actorEmail,
      subjectEmail: subjectEmail === null ? null : subjectEmail.slice(0, 254),
      ip: context.ip,
      via: context.via,
      details,
    })
  }

  async page(options: {
    event?: AuditEvent | undefined
    skip: number
    limit: number
  }): Promise<{ entries: AuditEntry[]; total: number }> {
    const filter = options.event ? { event: options.event } : {}
    const [docs, total] = await Promise.all([
      this.collection.find(filter, { sort: { at: -1, _id: 1 }, skip: options.skip, limit: options.limit }),
      this.collection.countDocuments(filter),
    ])
    return { entries: docs.map(({ _id, ...rest }) => ({ id: _id, ...rest, details: rest.details ?? {} })), total }
  }
}
