import { open, readdir, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'

export const SNAPSHOT_FILE = 'snapshot.jsonl'
export const SNAPSHOT_TEMP_FILE = 'snapshot.jsonl.tmp'
export const LOCK_FILE = 'store.lock'

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
