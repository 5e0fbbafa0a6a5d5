import { chmod, mkdir, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'

export const SNAPSHOT_FILE = 'snapshot.jsonl'
export const SNAPSHOT_TEMP_FILE = 'snapshot.jsonl.tmp'
/** A restore's new snapshot, written and checked beside the live one before it replaces it. */
export const RESTORE_TEMP_FILE = 'snapshot.jsonl.restore'
export const LOCK_FILE = 'store.lock'
export const MANIFEST_FILE = 'store.json'

/** The data holds password hashes: only the owner may read it. */
export const DIR_MODE = 0o700
export const FILE_MODE = 0o600

/** Creates the data directory (mode 700) and takes group and other permissions off it and its files. */
export async function ensureDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: DIR_MODE })
  if (((await stat(dataDir)).mode & 0o077) !== 0) await chmod(dataDir, DIR_MODE)
  for (const name of await readdir(dataDir)) {
    // Runs before the lock is taken: another process may rename or delete a file meanwhile.
    await tightenFile(join(dataDir, name)).catch(ignoreVanished)
  }
}

async function tightenFile(path: string): Promise<void> {
  const info = await stat(path)
  if (info.isFile() && (info.mode & 0o077) !== 0) await chmod(path, FILE_MODE)
}

function ignoreVanished(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
}

const JOURNAL_PATTERN = /^journal-(\d+)\.jsonl$/

export function journalFile(generation: number): string {
  return `journal-${String(generation).padStart(6, '0')}.jsonl`
}

/** Journal generations present in the directory, oldest first. */
export async function listJournals(dataDir: string): Promise<number[]> {
  const names = await readdir(dataDir)
  return names
    .map((name) => JOURNAL_PATTERN.exec(name)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
}

/** Makes creations, renames and deletions in the directory durable. */
export async function fsyncDir(dataDir: string): Promise<void> {
  const handle = await open(dataDir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export function pathIn(dataDir: string, name: string): string {
  return join(dataDir, name)
}

export async function removeJournalsBelow(dataDir: string, generation: number): Promise<void> {
  const obsolete = (await listJournals(dataDir)).filter((g) => g < generation)
  for (const g of obsolete) await rm(pathIn(dataDir, journalFile(g)), { force: true })
  if (obsolete.length > 0) await fsyncDir(dataDir)
}

export async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset)
    offset += bytesWritten
  }
}
