import { randomUUID } from 'node:crypto'
import type { DocumentCollection, DocumentStore, Transaction } from '../storage/document-store.js'
import { type CurationKind, type FieldChange, HistoryEntry } from './curation-schemas.js'

type HistoryDoc = HistoryEntry & { _id: string }

/**
 * The history of curated records (collection `curation_history`, ADR 014): one entry per write,
 * with the version it produced and each changed field before and after. The unique index on
 * (kind, recordId, version) makes a second entry for the same version impossible: the versioned
 * write of the record is what hands out a version.
 */
export class HistoryRepository {
  private readonly collection: DocumentCollection<HistoryDoc>

  constructor(store: DocumentStore) {
    this.collection = store.collection<HistoryDoc>('curation_history')
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({
      keys: { kind: 1, recordId: 1, version: 1 },
      unique: true,
      name: 'record_version',
    })
    await this.collection.createIndex({ keys: { at: -1 }, name: 'at' })
  }

  /** Written in the unit of the record write it describes. */
  async append(entry: Omit<HistoryEntry, 'id'>, tx: Transaction): Promise<HistoryEntry> {
    const full: HistoryEntry = { id: randomUUID(), ...entry }
    await tx.collection<HistoryDoc>(this.collection.name).insertOne({ _id: full.id, ...full })
    return full
  }

  /** One page of a record's entries, newest first, with the total. */
  async forRecord(
    kind: CurationKind,
    recordId: string,
    page: { skip: number; limit: number },
  ): Promise<{ items: HistoryEntry[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.collection.find({ kind, recordId }, { sort: { version: -1 }, skip: page.skip, limit: page.limit }),
      this.collection.countDocuments({ kind, recordId }),
    ])
    return { items: docs.map(fromDoc), total }
  }

  /** The entries written after `version`, oldest first (what someone else changed since you read it). */
  async since(kind: CurationKind, recordId: string, version: number): Promise<HistoryEntry[]> {
    const docs = await this.collection.find({ kind, recordId, version: { $gt: version } }, { sort: { version: 1 } })
    return docs.map(fromDoc)
  }

  /** A record's latest entry of one kind of write (the retirement a withdrawn page explains). */
  async latest(kind: CurationKind, recordId: string, op: HistoryEntry['op']): Promise<HistoryEntry | null> {
    const [doc] = await this.collection.find({ kind, recordId, op }, { sort: { version: -1 }, limit: 1 })
    return doc ? fromDoc(doc) : null
  }

  /** The latest writes of every record, newest first. */
  async recent(limit: number): Promise<HistoryEntry[]> {
    const docs = await this.collection.find({}, { sort: { at: -1 }, limit })
    return docs.map(fromDoc)
  }
}

function fromDoc(doc: HistoryDoc): HistoryEntry {
  const { _id, ...rest } = doc
  return HistoryEntry.parse({ ...rest, id: _id })
}

/**
 * Field-level differences between two versions of a record (top-level fields; a list or an object
 * counts as one value). `before` null: a new record, every filled-in field is listed.
 */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const keys = [...Object.keys(after), ...Object.keys(before ?? {}).filter((key) => !(key in after))]
  const changes: FieldChange[] = []
  for (const key of keys) {
    const old = normalise(before?.[key])
    const next = normalise(after[key])
    if (stableStringify(old) === stableStringify(next)) continue
    if (before === null && isEmpty(next)) continue
    changes.push({ field: key, before: old, after: next })
  }
  return changes
}

function normalise(value: unknown): unknown {
  return value === undefined ? null : value
}

function isEmpty(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0)
}

/** JSON with object keys sorted, so key order never counts as a change. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
