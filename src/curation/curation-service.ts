import { recordKey, type CatalogueRepository, type CurationState } from '../catalogue/catalogue-repository.js'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import { ConflictError, NotFoundError, ValidationError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import type { Investment, InvestmentOrigin } from '../investments/investment.js'
import type { InvestmentRepository } from '../investments/investment-repository.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import { DuplicateKeyError, withinUnit, type DocumentStore, type Transaction } from '../storage/document-store.js'
import {
  type Actor,
  type CurationKind,
  type HistoryEntry,
  type HistoryOp,
  type InvestmentRecord,
  type RecordOf,
  RESERVED_IDS,
} from './curation-schemas.js'
import { diffFields, type HistoryRepository } from './history-repository.js'
import { type PageRequest, skipLimit } from '../http/pagination.js'

/** A record as curators see it: the editable fields (`record`), its version and state, retired or not. */
export interface CuratedRecord<K extends CurationKind = CurationKind> {
  kind: K
  id: string
  version: number
  retired: boolean
  lastVerified: string | null
  origin: InvestmentOrigin | null
  createdAt: string | null
  updatedAt: string | null
  record: RecordOf[K]
  /** The stored investment (investments only). */
  investment: Investment | null
}

export interface WriteInput<K extends CurationKind> {
  record: RecordOf[K]
  /** undefined: keep the current date (a new record: never verified). */
  lastVerified?: string | null | undefined
}

/** 409: the write named a version that is no longer the stored one; carries what others changed since. */
export class StaleRecordError extends ConflictError {
  constructor(
    readonly current: CuratedRecord,
    readonly yourVersion: number,
    readonly since: HistoryEntry[],
  ) {
    super(t('curation.errors.staleApi', { yours: yourVersion, current: current.version }))
  }
}

export interface CurationDeps {
  store: DocumentStore
  investments: InvestmentRepository
  search: InvestmentSearch
  catalogueRepository: CatalogueRepository
  catalogue: CatalogueService
  history: HistoryRepository
  clock?: () => Date
}

type CatalogueKind = Exclude<CurationKind, 'investments'>

/**
 * Create, edit, retire and reinstate investments, instruments, funds and glossary terms (ADR 014).
 * Every write names the version it was based on (a stale one is a StaleRecordError, 409), goes
 * through the feature's repository (so the search index and the changes feed follow at once), and
 * leaves a history entry with the changed fields, who and when: the record, its changes-feed entry
 * and its history entry are one unit of writes (ADR 022), committed together or not at all.
 */
export class CurationService {
  private readonly clock: () => Date

  constructor(private readonly deps: CurationDeps) {
    this.clock = deps.clock ?? (() => new Date())
  }

  async list(kind: CurationKind): Promise<CuratedRecord[]> {
    if (kind === 'investments') {
      const all = [...this.deps.search.all(), ...(await this.deps.investments.retired())]
      return all.map(fromInvestment).sort((a, b) => a.id.localeCompare(b.id))
    }
    const entries = await this.deps.catalogueRepository.listCurated(kind)
    return entries.map(({ record, state }) => fromCatalogue(kind, record, state))
  }

  /** When and why a retired record was withdrawn; null when it is not retired or does not exist. */
  async withdrawal(kind: CurationKind, id: string): Promise<{ at: string | null; reason: string | null } | null> {
    const record = await this.find(kind, id)
    if (!record?.retired) return null
    const entry = await this.deps.history.latest(kind, id, 'retire')
    return { at: entry?.at ?? record.updatedAt, reason: entry?.reason ?? null }
  }

  async find(kind: CurationKind, id: string): Promise<CuratedRecord | null> {
    if (kind === 'investments') {
      const investment = await this.deps.investments.get(id)
      return investment ? fromInvestment(investment) : null
    }
    const entry = await this.deps.catalogueRepository.getCurated(kind, id)
    return entry ? fromCatalogue(kind, entry.record, entry.state) : null
  }

  async get(kind: CurationKind, id: string): Promise<CuratedRecord> {
    const found = await this.find(kind, id)
    if (!found) throw new NotFoundError(t(`curation.kinds.${kind}.one`))
    return found
  }

  /** One page of a record's history, newest first, and how many entries there are in all. */
  history(kind: CurationKind, id: string, page: PageRequest): Promise<{ items: HistoryEntry[]; total: number }> {
    return this.deps.history.forRecord(kind, id, skipLimit(page))
  }

  recent(limit: number): Promise<HistoryEntry[]> {
    return this.deps.history.recent(limit)
  }

  /** An id for a new investment from its title ("Koto social impact bond" → koto-social-impact-bond, -2 when taken). */
  async freeInvestmentId(title: string): Promise<string> {
    const base = slugify(title)
    for (let n = 1; n < 1000; n++) {
      const id = n === 1 ? base : `${base.slice(0, 90)}-${n}`
      if (!RESERVED_IDS.has(id) && !(await this.deps.investments.get(id))) return id
    }
    throw new ConflictError(t('curation.errors.idTaken', { id: base }))
  }

  /** Creates a record; `tx`: as part of the caller's unit (publishing a proposal). */
  async create<K extends CurationKind>(
    kind: K,
    input: WriteInput<K> & { id?: string | undefined },
    actor: Actor,
    from: { proposalId?: string; originRef?: string } = {},
    tx?: Transaction,
  ): Promise<CuratedRecord<K>> {
    const now = this.clock().toISOString()
    const lastVerified = input.lastVerified ?? null
    let created: CuratedRecord
    let write: (unit: Transaction) => Promise<void>
    if (kind === 'investments') {
      const record = withAmountSourceListed(input.record as InvestmentRecord)
      const id = input.id ?? (await this.freeInvestmentId(record.title))
      if (RESERVED_IDS.has(id)) throw new ValidationError({ id: [t('curation.errors.idReserved', { id })] })
      const investment: Investment = {
        ...storedContent(record),
        lastVerified,
        id,
        origin: 'curated',
        originRef: from.originRef ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
        retired: false,
      }
      created = fromInvestment(investment)
      write = async (unit) => {
        try {
          await this.deps.investments.insert(investment, unit)
        } catch (error) {
          if (error instanceof DuplicateKeyError) throw new ConflictError(t('curation.errors.idTaken', { id }))
          throw error
        }
      }
    } else {
      const catalogueKind = kind as CatalogueKind
      const record = input.record as RecordOf[CatalogueKind]
      const key = recordKey(record)
      if (RESERVED_IDS.has(key))
        throw new ValidationError({ [keyPath(kind)]: [t('curation.errors.idReserved', { id: key })] })
      const state: CurationState = { version: 1, retired: false, lastVerified, createdAt: now, updatedAt: now }
      created = fromCatalogue(catalogueKind, record, state)
      write = (unit) => this.deps.catalogueRepository.writeCurated(catalogueKind, record, state, null, unit)
    }
    await withinUnit(this.deps.store, tx, async (unit) => {
      await write(unit)
      await this.log(unit, created, 'create', null, actor, now, { proposalId: from.proposalId ?? null })
    })
    if (kind !== 'investments') await this.reloadCatalogue(tx)
    return created as CuratedRecord<K>
  }

  /** 409, with what changed since, when `expectedVersion` is not the stored one; checked before the fields, so a field error never hides a conflict. */
  async assertCurrent(current: CuratedRecord, expectedVersion: number): Promise<void> {
    if (current.version !== expectedVersion) throw await this.stale(current, expectedVersion)
  }

  async update<K extends CurationKind>(
    kind: K,
    id: string,
    input: WriteInput<K>,
    expectedVersion: number,
    actor: Actor,
  ): Promise<CuratedRecord<K>> {
    const current = await this.get(kind, id)
    if (current.version !== expectedVersion) throw await this.stale(current, expectedVersion)
    const lastVerified = input.lastVerified === undefined ? current.lastVerified : input.lastVerified
    if (kind !== 'investments' && recordKey(input.record as RecordOf[CatalogueKind]) !== id)
      throw new ValidationError({ [keyPath(kind)]: [t('curation.errors.slugFixed', { slug: id })] })
    const record = kind === 'investments' ? withAmountSourceListed(input.record as InvestmentRecord) : input.record
    const next = { ...current, record, lastVerified } as CuratedRecord
    if (diffFields(editable(current), editable(next)).length === 0) return current as CuratedRecord<K>
    return (await this.write(current, next, 'update', actor, null)) as CuratedRecord<K>
  }

  async retire(
    kind: CurationKind,
    id: string,
    expectedVersion: number,
    reason: string,
    actor: Actor,
  ): Promise<CuratedRecord> {
    const current = await this.get(kind, id)
    if (current.version !== expectedVersion) throw await this.stale(current, expectedVersion)
    if (current.retired) throw new ConflictError(t('curation.errors.alreadyRetired'))
    return this.write(current, { ...current, retired: true }, 'retire', actor, reason)
  }

  async reinstate(
    kind: CurationKind,
    id: string,
    expectedVersion: number,
    reason: string | null,
    actor: Actor,
  ): Promise<CuratedRecord> {
    const current = await this.get(kind, id)
    if (current.version !== expectedVersion) throw await this.stale(current, expectedVersion)
    if (!current.retired) throw new ConflictError(t('curation.errors.notRetired'))
    return this.write(current, { ...current, retired: false }, 'reinstate', actor, reason)
  }

  /** Writes `next` over `current` at current.version (409 when someone else wrote first), with its history entry, as one unit. */
  private async write(
    current: CuratedRecord,
    next: CuratedRecord,
    op: HistoryOp,
    actor: Actor,
    reason: string | null,
  ): Promise<CuratedRecord> {
    const now = this.clock().toISOString()
    let written: CuratedRecord
    try {
      written = await this.deps.store.transaction(async (unit) => {
        let record: CuratedRecord
        if (current.kind === 'investments') {
          const stored = current.investment!
          const investment: Investment = {
            ...stored,
            ...storedContent(next.record as InvestmentRecord),
            lastVerified: next.lastVerified,
            retired: next.retired,
            updatedAt: now,
          }
          if ((next.record as InvestmentRecord).amountSource === null) delete investment.amountSource
          record = fromInvestment(await this.deps.investments.replace(investment, current.version, unit))
        } else {
          const kind = current.kind as CatalogueKind
          const state: CurationState = {
            version: current.version + 1,
            retired: next.retired,
            lastVerified: next.lastVerified,
            createdAt: current.createdAt,
            updatedAt: now,
          }
          await this.deps.catalogueRepository.writeCurated(
            kind,
            next.record as RecordOf[CatalogueKind],
            state,
            current.version,
            unit,
          )
          record = fromCatalogue(kind, next.record as RecordOf[CatalogueKind], state)
        }
        await this.log(unit, record, op, current, actor, now, { reason })
        return record
      })
    } catch (error) {
      if (error instanceof ConflictError)
        throw await this.stale((await this.find(current.kind, current.id)) ?? current, current.version)
      throw error
    }
    if (current.kind !== 'investments') await this.reloadCatalogue()
    return written
  }

  /** The in-memory catalogue follows a committed write (after the caller's unit, when there is one). */
  private async reloadCatalogue(tx?: Transaction): Promise<void> {
    if (tx) tx.afterCommit(() => void this.deps.catalogue.reload().catch(() => undefined))
    else await this.deps.catalogue.reload()
  }

  private async log(
    tx: Transaction,
    record: CuratedRecord,
    op: HistoryOp,
    before: CuratedRecord | null,
    actor: Actor,
    at: string,
    extra: { reason?: string | null; proposalId?: string | null },
  ) {
    const changes =
      op === 'retire' || op === 'reinstate'
        ? [{ field: 'retired', before: !record.retired, after: record.retired }]
        : diffFields(before ? editable(before) : null, editable(record))
    await this.deps.history.append(
      {
        kind: record.kind,
        recordId: record.id,
        version: record.version,
        op,
        at,
        by: { id: actor.id, name: actor.name },
        reason: extra.reason ?? null,
        proposalId: extra.proposalId ?? null,
        changes,
      },
      tx,
    )
  }

  private async stale(current: CuratedRecord, yourVersion: number): Promise<StaleRecordError> {
    return new StaleRecordError(
      current,
      yourVersion,
      await this.deps.history.since(current.kind, current.id, yourVersion),
    )
  }
}

/** The fields a history entry compares: the record and the last-verified date. */
export function editable(record: CuratedRecord): Record<string, unknown> {
  return { ...(record.record as unknown as Record<string, unknown>), lastVerified: record.lastVerified }
}

function fromInvestment(investment: Investment): CuratedRecord<'investments'> {
  const {
    id,
    origin,
    originRef: _ref,
    version,
    createdAt,
    updatedAt,
    retired,
    lastVerified,
    amountSource,
    ...content
  } = investment
  return {
    kind: 'investments',
    id,
    version,
    retired,
    lastVerified,
    origin,
    createdAt,
    updatedAt,
    record: { ...content, amountSource: amountSource ?? null },
    investment,
  }
}

function fromCatalogue<K extends CatalogueKind>(kind: K, record: RecordOf[K], state: CurationState): CuratedRecord<K> {
  return {
    kind,
    id: recordKey(record),
    version: state.version,
    retired: state.retired,
    lastVerified: state.lastVerified,
    origin: null,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    record,
    investment: null,
  }
}

/** The investment fields to store: `amountSource` only when there is one. */
function storedContent(
  record: InvestmentRecord,
): Omit<
  Investment,
  'id' | 'origin' | 'originRef' | 'version' | 'createdAt' | 'updatedAt' | 'retired' | 'lastVerified'
> {
  const { amountSource, ...rest } = record
  return amountSource === null ? rest : { ...rest, amountSource }
}

/** The amount's source is one of the record's sources: add it to the list when it is not there yet. */
function withAmountSourceListed(record: InvestmentRecord): InvestmentRecord {
  const amountSource = record.amount === null ? null : record.amountSource
  if (amountSource === null || record.sources.some((s) => s.url === amountSource)) return { ...record, amountSource }
  return { ...record, amountSource, sources: [...record.sources, { url: amountSource, label: null }] }
}

/** Where a catalogue record's key sits in a write's body. */
function keyPath(kind: CurationKind): string {
  return kind === 'guidance' ? 'record.id' : 'record.slug'
}

const SLUG_MAX = 60

/** An id from a title: lower-case words joined by hyphens, at most 60 characters, cut between words. */
export function slugify(text: string): string {
  const full = text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  let slug = full
  if (full.length > SLUG_MAX) {
    // The last whole word that fits; a first word longer than the limit is the only one cut.
    const lastBreak = full.lastIndexOf('-', SLUG_MAX)
    slug = lastBreak > 0 ? full.slice(0, lastBreak) : full.slice(0, SLUG_MAX)
  }
  return slug.length >= 2 ? slug : `case-${slug || 'new'}`
}
