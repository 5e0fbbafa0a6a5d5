import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { open, readFile, rename, rm } from 'node:fs/promises'
import { z } from 'zod'
import type { Doc, DocumentStore, StoreContents } from '../storage/document-store.js'

/**
 * `npm run cli -- export --out F` / `restore --in F`: every collection of the store in one JSON Lines
 * file (ADR 012). Line 1 is the header; each further line is one document:
 *
 *   {"format":"fi-for-inclusion-backup","version":1,"exportedAt":"…","store":"embedded","collections":{"funds":9,…}}
 *   {"collection":"funds","doc":{"_id":"amif",…}}
 *
 *   …
 *   {"end":true,"documents":1234,"sha256":"…","signature":"hmac-sha256:<key id>:<hex>"}
 *
 * The last line (version 2, ADR 024) carries the SHA-256 of every byte before it and an HMAC-SHA256
 * of that checksum with BACKUP_KEY (or SESSION_SECRET): `restore` refuses a file that was changed
 * after it was written, or signed with another key. Collections in name order, documents in `_id`
 * order, so the same data gives the same file. Collections without documents are left out.
 */
export const BACKUP_FORMAT = 'fi-for-inclusion-backup'
export const BACKUP_VERSION = 2

const CollectionName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/, 'A collection name is letters, digits, "_", "." and "-"')
  .refine((name) => !name.startsWith('system.'), 'System collections are not restored')

export const BackupHeader = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.union([z.literal(1), z.literal(BACKUP_VERSION)]),
  exportedAt: z.iso.datetime(),
  store: z.enum(['embedded', 'mongodb']),
  collections: z.record(CollectionName, z.number().int().min(0)),
})
export type BackupHeader = z.infer<typeof BackupHeader>

const noOperatorKeys = (value: unknown): boolean => {
  if (Array.isArray(value)) return value.every(noOperatorKeys)
  if (value !== null && typeof value === 'object')
    return Object.entries(value).every(([key, v]) => !key.startsWith('$') && noOperatorKeys(v))
  return true
}

export const BackupLine = z.strictObject({
  collection: CollectionName,
  doc: z.looseObject({ _id: z.string().min(1) }).refine(noOperatorKeys, 'A document key cannot start with "$"'),
})

const BackupFooter = z.strictObject({
  end: z.literal(true),
  documents: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z
    .string()
    .regex(/^hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}$/)
    .nullable(),
})

export interface Backup {
  header: BackupHeader
  collections: Map<string, Doc[]>
  /** How the file's integrity was established. */
  integrity: 'signed' | 'checksum only' | 'none (format version 1)'
}

export interface ReadBackupOptions {
  /** BACKUP_KEY or SESSION_SECRET: checks the signature. */
  key?: string | undefined
  /** Accept a file without a signature (unsigned, or format version 1) that the operator trusts. */
  allowUnsigned?: boolean
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

/** The backup file of `contents` as text chunks: header, documents, and the checksum and signature line. */
export function* backupChunks(
  contents: StoreContents,
  kind: DocumentStore['kind'],
  options: { now?: Date; key?: string | undefined } = {},
): Generator<string, BackupHeader> {
  const names = [...contents.keys()]
    .filter((name) => !name.startsWith('system.') && (contents.get(name)?.length ?? 0) > 0)
    .sort()
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: (options.now ?? new Date()).toISOString(),
    store: kind,
    collections: Object.fromEntries(names.map((name) => [name, contents.get(name)!.length])),
  }
  const hash = createHash('sha256')
  const emit = (text: string): string => {
    hash.update(text)
    return text
  }
  yield emit(`${JSON.stringify(header)}\n`)
  let documents = 0
  for (const name of names) {
    const docs = contents.get(name)!
    for (let i = 0; i < docs.length; i += 500) {
      yield emit(
        docs
          .slice(i, i + 500)
          .map((doc) => `${JSON.stringify({ collection: name, doc })}\n`)
          .join(''),
      )
    }
    documents += docs.length
  }
  const sha256 = hash.digest('hex')
  yield `${JSON.stringify({ end: true, documents, sha256, signature: options.key ? sign(sha256, options.key) : null })}\n`
  return header
}

/** Writes a consistent copy of every collection to `path` (mode 600: it holds account data) and returns the header. */
export async function writeBackup(
  store: DocumentStore,
  path: string,
  options: { now?: Date; key?: string | undefined } = {},
): Promise<BackupHeader> {
  const contents = await store.contents()
  const temp = `${path}.partial`
  const file = await open(temp, 'w', 0o600)
  let header: BackupHeader
  try {
    const chunks = backupChunks(contents, store.kind, options)
    for (;;) {
      const next = chunks.next()
      if (next.done) {
        header = next.value
        break
      }
      await file.write(next.value)
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

/**
 * Reads and checks a whole backup file before anything is written: every line's shape, the counts,
 * and (version 2) the checksum and signature. Every problem is reported (up to 50 lines).
 */
export async function readBackup(path: string, options: ReadBackupOptions = {}): Promise<Backup> {
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
      `line 1: not a backup header of format "${BACKUP_FORMAT}" version 1 or ${BACKUP_VERSION} (${headerResult.error.issues.map((i) => `${i.path.join('.') || 'header'}: ${i.message}`).join('; ')})`,
    ])
  }
  const header = headerResult.data
  let footer: z.infer<typeof BackupFooter> | null = null
  if (header.version === BACKUP_VERSION && lines.length > 1) {
    const parsed = BackupFooter.safeParse(safeJson(lines.at(-1)!))
    if (parsed.success) {
      footer = parsed.data
      lines.pop()
    }
  }
  const collections = new Map<string, Doc[]>()
  const ids = new Map<string, Set<string>>()
  for (let i = 1; i < lines.length; i++) {
    const raw = json(i + 1, lines[i]!)
    if (raw === undefined) continue
    const parsed = BackupLine.safeParse(raw)
    if (!parsed.success) {
      report(
        i + 1,
        parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; '),
      )
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
    if (expected !== found)
      problems.push(
        `${name}: the header counts ${expected} documents, the file holds ${found} (truncated or edited file?)`,
      )
  }
  const integrity = checkIntegrity(text, header.version, footer, options, problems)
  if (problems.length > 0) throw new BackupFileError(path, problems)
  return { header, collections, integrity }
}

/** The checksum and signature of a version 2 file; what a version 1 file lacks. Adds problems in plain words. */
function checkIntegrity(
  text: string,
  version: number,
  footer: z.infer<typeof BackupFooter> | null,
  options: ReadBackupOptions,
  problems: string[],
): Backup['integrity'] {
  const unsignedHint = 'restore it only if you trust where it came from, with --allow-unsigned'
  if (version === 1) {
    if (!options.allowUnsigned)
      problems.push(`the file is a version 1 backup, which carries no checksum or signature: ${unsignedHint}`)
    return 'none (format version 1)'
  }
  if (!footer) {
    problems.push('the last line is not the checksum line: the file is truncated, or was edited')
    return 'none (format version 1)'
  }
  const body = text.slice(0, text.lastIndexOf('{"end":'))
  const actual = createHash('sha256').update(body).digest('hex')
  if (actual !== footer.sha256) {
    problems.push(
      `checksum mismatch: the file was changed or damaged after it was written (recorded ${footer.sha256.slice(0, 12)}…, found ${actual.slice(0, 12)}…)`,
    )
    return 'checksum only'
  }
  if (footer.signature === null) {
    if (!options.allowUnsigned)
      problems.push(`the file is not signed (it was written without BACKUP_KEY or SESSION_SECRET): ${unsignedHint}`)
    return 'checksum only'
  }
  if (!options.key) {
    problems.push(
      'the file is signed: set BACKUP_KEY (or SESSION_SECRET) to the key it was written with, so its signature can be checked',
    )
    return 'checksum only'
  }
  const expected = Buffer.from(sign(footer.sha256, options.key))
  const given = Buffer.from(footer.signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    const sameKey = footer.signature.split(':')[1] === keyId(options.key)
    problems.push(
      sameKey
        ? 'signature mismatch: the checksum line was rewritten after the file was signed (the file was edited)'
        : 'signature mismatch: the file was signed with another key than this BACKUP_KEY (or SESSION_SECRET), or was edited',
    )
    return 'checksum only'
  }
  return 'signed'
}

function sign(sha256: string, key: string): string {
  return `hmac-sha256:${keyId(key)}:${createHmac('sha256', key).update(sha256).digest('hex')}`
}

/** Tells keys apart in messages without revealing them. */
function keyId(key: string): string {
  return createHash('sha256').update(`fi-backup-key:${key}`).digest('hex').slice(0, 8)
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
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
 * Writes a checked backup into the store. Refuses a store that holds any document unless `force`.
 * The store is replaced as a whole (`replaceAll`): on the embedded engine the new data is written
 * and checked beside the old before the switch, so a kill leaves the old store or the new one.
 */
export async function restoreBackup(
  store: DocumentStore,
  backup: Backup,
  options: { force?: boolean } = {},
): Promise<Record<string, number>> {
  const existing = await storeCounts(store)
  if (Object.keys(existing).length > 0 && !options.force) throw new RestoreRefusedError(existing)
  await store.replaceAll(backup.collections)
  return Object.fromEntries(
    [...backup.collections].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, docs]) => [name, docs.length]),
  )
}
