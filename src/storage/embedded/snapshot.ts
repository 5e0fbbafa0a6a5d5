import { open, readFile, rename, rm } from 'node:fs/promises'
import { FILE_MODE, fsyncDir, pathIn, SNAPSHOT_FILE, SNAPSHOT_TEMP_FILE, writeAll } from './data-files.js'
import { Change, decodeLine, encodeLine, SnapshotFooter, SnapshotHeader, splitLines } from './records.js'
import type { CapturedCollection, StoreState } from './store-state.js'
import { StoreCorruptError } from './store-corrupt-error.js'

const CHUNK_BYTES = 1 << 20

/**
 * Writes the whole state to a temp file, fsyncs it, renames it over the snapshot and fsyncs the
 * directory, so the snapshot file is always either the old one or the complete new one.
 * Returns the snapshot's size in bytes.
 */
export async function writeSnapshot(
  dataDir: string,
  generation: number,
  collections: CapturedCollection[],
): Promise<number> {
  const tempPath = pathIn(dataDir, SNAPSHOT_TEMP_FILE)
  const bytes = await writeSnapshotFile(tempPath, generation, collections)
  await rename(tempPath, pathIn(dataDir, SNAPSHOT_FILE))
  await fsyncDir(dataDir)
  return bytes
}

/** Writes a complete, fsync'ed snapshot file at `tempPath` (removed again if writing fails); returns its size. */
export async function writeSnapshotFile(
  tempPath: string,
  generation: number,
  collections: CapturedCollection[],
): Promise<number> {
  const handle = await open(tempPath, 'w', FILE_MODE)
  let bytes = 0
  try {
    let chunk: Buffer[] = []
    let chunkBytes = 0
    const flush = async (): Promise<void> => {
      const data = Buffer.concat(chunk)
      chunk = []
      chunkBytes = 0
      await writeAll(handle, data)
      bytes += data.length
    }
    const push = async (value: unknown): Promise<void> => {
      const line = encodeLine(value)
      chunk.push(line)
      chunkBytes += line.length
      if (chunkBytes >= CHUNK_BYTES) await flush()
    }
    let records = 0
    const pushChange = (change: Change): Promise<void> => {
      records++
      return push(change)
    }
    await push({ kind: 'snapshot', version: 1, generation })
    for (const coll of collections) {
      await pushChange({ op: 'create', coll: coll.name })
      for (const index of coll.indexes) await pushChange({ op: 'index', coll: coll.name, index })
      for (const doc of coll.docs) await pushChange({ op: 'put', coll: coll.name, doc })
    }
    await push({ kind: 'end', records })
    await flush()
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(tempPath, { force: true })
    throw error
  }
  await handle.close()
  return bytes
}

/** Loads the snapshot into `state`; null when there is none. Any damage refuses to open: the file is written atomically. */
export async function loadSnapshot(
  dataDir: string,
  state: StoreState,
  name: string = SNAPSHOT_FILE,
): Promise<{ generation: number; bytes: number } | null> {
  const path = pathIn(dataDir, name)
  let data: Buffer
  try {
    data = await readFile(path)
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
  const lines = splitLines(data)
  const fail = (line: number, reason: string): StoreCorruptError => new StoreCorruptError(path, line, reason)
  const values = lines.map(({ line, complete }, i) => {
    const decoded = complete ? decodeLine(line) : { ok: false as const, reason: 'incomplete line' }
    if (!decoded.ok) throw fail(i + 1, decoded.reason)
    return decoded.value
  })
  const header = SnapshotHeader.safeParse(values[0])
  if (!header.success) throw fail(1, 'missing snapshot header')
  const footer = SnapshotFooter.safeParse(values.at(-1))
  if (values.length < 2 || !footer.success || footer.data.records !== values.length - 2) {
    throw fail(values.length, 'missing or wrong end record')
  }
  for (let i = 1; i < values.length - 1; i++) {
    const change = Change.safeParse(values[i])
    if (!change.success) throw fail(i + 1, 'unexpected record shape')
    state.replay(change.data)
  }
  return { generation: header.data.generation, bytes: data.length }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT'
}
