import { open, readFile, rename, rm } from 'node:fs/promises'
import { z } from 'zod'
import type { Doc, DocumentStore } from '../storage/document-store.js'

/**
 * `npm run cli -- export --out F` / `restore --in F`: every collection of the store in one JSON Lines
 * file (ADR 012). Line 1 is the header; each further line is one document:
 *
 *   {"format":"fi-for-inclusion-backup","version":1,"exportedAt":"…","store":"embedded","collections":{"funds":9,…}}
 *   {"collection":"funds","doc":{"_id":"amif",…}}
 *
 * Collections in name order, documents in `_id` order, so the same data gives the same file.
 * Collections without documents are left out (nothing to restore; the app creates its indexes at start).
 */
export const BACKUP_FORMAT = 'fi-for-inclusion-backup'
export const BACKUP_VERSION = 1

const CollectionName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/, 'A collection name is letters, digits, "_", "." and "-"')
  .refine((name) => !name.startsWith('system.'), 'System collections are not restored')

export const BackupHeader = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.iso.datetime(),
  store: z.enum(['embedded', 'mongodb']),
  collections: z.record(CollectionName, z.number().int().min(0)),
})
export type BackupHeader = z.infer<typeof BackupHeader>

const noOperatorKeys = (value: unknown): boolean => {
  if (Array.isArray(value)) return value.every(noOperatorKeys)
  if (value !== null && typeof value === 'object') return Object.entries(value).every(([key, v]) => !key.startsWith('$') && noOperatorKeys(v))
  return true
}

export const BackupLine = z.strictObject({
  collection: CollectionName,
  doc: z.looseObject({ _id: z.string().min(1) }).refine(noOperatorKeys, 'A document key cannot start with "$"'),
})

export interface Backup {
  header: BackupHeader
  collections: Map<string, Doc[]>
}

/** The file is not a backup this version can restore; `problems` name the lines. */
export class BackupFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`${path} is not a valid backup:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'BackupFileError'
  }
}

/** The store already holds data and `force` was not given. */
export class RestoreRefusedError extends Error {
  constructor(readonly counts: Record<string, number>) {
    super(
      `The store is not empty (${Object.entries(counts)
        .map(([name, n]) => `${name}: ${n}`)
        .join(', ')}). Restore into an empty data directory, or add --force to replace everything in it.`,
    )
    this.name = 'RestoreRefusedError'
  }
}

/** Writes every collection to `path` (created with mode 600: it holds account data) and returns the header. */
export async function writeBackup(store: DocumentStore, path: string, now: Date = new Date()): Promise<BackupHeader> {
  const names = (await store.listCollections()).filter((name) => !name.startsWith('system.'))
  const contents: [string, Doc[]][] = []
  for (const name of names) {
    const docs = await store.collection(name).find({}, { sort: { _id: 1 } })
    if (docs.length > 0) contents.push([name, docs])
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    store: store.kind,
    collections: Object.fromEntries(contents.map(([name, docs]) => [name, docs.length])),
  }
  const temp = `${path}.partial`
  const file = await open(temp, 'w', 0o600)
  try {
    await file.write(`${JSON.stringify(header)}\n`)
    for (const [name, docs] of contents) {
      for (let i = 0; i < docs.length; i += 500) {
        await file.write(docs.slice(i, i + 500).map((doc) => `${JSON.stringify({ collection: name, doc })}\n`).join(''))
      }
    }
    await file.sync()
  } catch (error) {
    await file.close()
    await rm(temp, { force: true })
    throw error
  }
  await file.close()
  await rename(temp, path)
  return header
}

/** Reads and validates a whole backup file before anything is written; every problem is reported (up to 50). */
export async function readBackup(path: string): Promise<Backup> {
  const text = await readFile(path, 'utf8')
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  const problems: string[] = []
  const report = (line: number, message: string) => {
    if (problems.length < 50) problems.push(`line ${line}: ${message}`)
  }
  const json = (line: number, raw: string): unknown => {
    try {
      return JSON.parse(raw)
    } catch {
      report(line, 'not JSON')
      return undefined
    }
  }
  const headerResult = BackupHeader.safeParse(lines.length > 0 ? json(1, lines[0]!) : undefined)
  if (!headerResult.success) {
    throw new BackupFileError(path, [
      `line 1: not a backup header of format "${BACKUP_FORMAT}" version ${BACKUP_VERSION} (${headerResult.error.issues.map((i) => `${i.path.join('.') || 'header'}: ${i.message}`).join('; ')})`,
    ])
  }
  const header = headerResult.data
  const collections = new Map<string, Doc[]>()
  const ids = new Map<string, Set<string>>()
  for (let i = 1; i < lines.length; i++) {
    const raw = json(i + 1, lines[i]!)
    if (raw === undefined) continue
    const parsed = BackupLine.safeParse(raw)
    if (!parsed.success) {
      report(i + 1, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; '))
      continue
    }
    const { collection, doc } = parsed.data
    const seen = ids.get(collection) ?? new Set<string>()
    if (seen.has(doc._id)) report(i + 1, `duplicate _id "${doc._id}" in ${collection}`)
    seen.add(doc._id)
    ids.set(collection, seen)
    const docs = collections.get(collection) ?? []
    docs.push(doc as Doc)
    collections.set(collection, docs)
  }
  for (const name of new Set([...Object.keys(header.collections), ...collections.keys()])) {
    const expected = header.collections[name] ?? 0
    const found = collections.get(name)?.length ?? 0
    if (expected !== found) problems.push(`${name}: the header counts ${expected} documents, the file holds ${found} (truncated or edited file?)`)
  }
  if (problems.length > 0) throw new BackupFileError(path, problems)
  return { header, collections }
}

/** Non-empty collections of the store with their document counts. */
export async function storeCounts(store: DocumentStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const name of await store.listCollections()) {
    const n = await store.collection(name).countDocuments()
    if (n > 0) counts[name] = n
  }
  return counts
}

/**
 * Writes a validated backup into the store. Refuses a store that holds any document unless `force`,
 * which first drops every collection: a restore makes the store an exact copy, never a mixture.
 */
export async function restoreBackup(store: DocumentStore, backup: Backup, options: { force?: boolean } = {}): Promise<Record<string, number>> {
  const existing = await storeCounts(store)
  if (Object.keys(existing).length > 0) {
    if (!options.force) throw new RestoreRefusedError(existing)
    await store.dropAll()
  }
  const restored: Record<string, number> = {}
  for (const [name, docs] of [...backup.collections].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const collection = store.collection(name)
    for (let i = 0; i < docs.length; i += 1000) await collection.insertMany(docs.slice(i, i + 1000))
    restored[name] = docs.length
  }
  return restored
}
