import { open, readFile, rm, truncate } from 'node:fs/promises'
import { DuplicateKeyError, type DroppedRecord } from '../document-store.js'
import {
  journalFile,
  listJournals,
  pathIn,
  removeJournalsBelow,
  RESTORE_TEMP_FILE,
  SNAPSHOT_FILE,
  SNAPSHOT_TEMP_FILE,
} from './data-files.js'
import { readManifest, type Manifest } from './manifest.js'
import { decodeLine, JournalEntry, splitLines } from './records.js'
import { loadSnapshot } from './snapshot.js'
import { StoreCorruptError, StoreIncompleteError } from './store-corrupt-error.js'
import { StoreState } from './store-state.js'

export interface Recovered {
  state: StoreState
  /** The generation new writes go to. */
  generation: number
  snapshotBytes: number
  /** Records left out: only the newest journal's last record may be (a write that was never acknowledged). */
  dropped: DroppedRecord[]
  /** The manifest to keep (written by the store when it differs from the one on disk). */
  manifest: Manifest
  manifestOnDisk: Manifest | null
}

/**
 * Loads the snapshot, then replays every journal at or above its generation, oldest first.
 * Journals below it are leftovers of a compaction that crashed before deleting them. Before that,
 * the directory is checked against its manifest: a missing snapshot or journal, or a store that
 * held data and is now empty, is refused (StoreIncompleteError), never opened as a new store.
 */
export async function recover(dataDir: string): Promise<Recovered> {
  await rm(pathIn(dataDir, SNAPSHOT_TEMP_FILE), { force: true })
  await rm(pathIn(dataDir, RESTORE_TEMP_FILE), { force: true }) // a restore killed before its switch: the old store stands
  const manifestOnDisk = await readManifest(dataDir)
  const state = new StoreState()
  const snapshot = await loadSnapshot(dataDir, state)
  const base = snapshot?.generation ?? 0
  const generations = await listJournals(dataDir)
  checkFiles(dataDir, manifestOnDisk, snapshot?.generation ?? null, generations)
  const live = generations.filter((generation) => generation >= base)
  const dropped: DroppedRecord[] = []
  const snapshotDocs = state.documentCount()
  let replayed = 0
  for (const [i, generation] of live.entries()) {
    const result = await replayJournal(pathIn(dataDir, journalFile(generation)), state, i === live.length - 1)
    replayed += result.records
    if (result.cut) dropped.push(result.cut)
  }
  try {
    state.rebuildIndexes()
  } catch (error) {
    if (error instanceof DuplicateKeyError) {
      throw new Error(`The data in ${dataDir} violates a unique index (${error.message}); the store will not open`, {
        cause: error,
      })
    }
    throw error
  }
  const hasData = state.documentCount() > 0
  if (manifestOnDisk?.hasData && snapshotDocs === 0 && replayed === 0) {
    throw new StoreIncompleteError(dataDir, 'it held data, but its snapshot and journal hold no record')
  }
  await removeJournalsBelow(dataDir, base)
  const manifest: Manifest = {
    format: 1,
    generation: Math.max(base, manifestOnDisk?.generation ?? 0),
    hasData: hasData || (manifestOnDisk?.hasData ?? false),
  }
  return {
    state,
    generation: live.at(-1) ?? base,
    snapshotBytes: snapshot?.bytes ?? 0,
    dropped,
    manifest,
    manifestOnDisk,
  }
}

/** The snapshot and journals a directory must hold, given what its manifest says was written. */
function checkFiles(
  dataDir: string,
  manifest: Manifest | null,
  snapshotGeneration: number | null,
  journals: number[],
): void {
  const newestJournal = journals.at(-1)
  // Killed during the first compaction, after its journal was created and before its snapshot was
  // written: journals 0…n replay from an empty store, so nothing is missing.
  const chainFromEmpty =
    newestJournal !== undefined && journals.length === newestJournal + 1 && journals.every((g, i) => g === i)
  if (snapshotGeneration === null && newestJournal !== undefined && newestJournal > 0 && !chainFromEmpty) {
    throw new StoreIncompleteError(
      dataDir,
      `${SNAPSHOT_FILE} is missing, but ${journalFile(newestJournal)} continues from a snapshot`,
    )
  }
  if (!manifest) return // a directory written before the manifest existed, or a new one
  if (snapshotGeneration === null && manifest.generation > 0) {
    throw new StoreIncompleteError(dataDir, `${SNAPSHOT_FILE} (generation ${manifest.generation}) is missing`)
  }
  const base = snapshotGeneration ?? 0
  if (base < manifest.generation) {
    throw new StoreIncompleteError(
      dataDir,
      `${SNAPSHOT_FILE} is generation ${base}, older than generation ${manifest.generation} written last`,
    )
  }
  // The journal of a snapshot's generation is created before the snapshot itself.
  if (!journals.includes(base))
    throw new StoreIncompleteError(dataDir, `${journalFile(base)}, the journal after the snapshot, is missing`)
}

/** Replays one journal; returns the torn or damaged last record it cut off, if any. Damage elsewhere refuses to open. */
async function replayJournal(
  path: string,
  state: StoreState,
  newest: boolean,
): Promise<{ records: number; cut: DroppedRecord | null }> {
  const data = await readFile(path)
  const lines = splitLines(data)
  let records = 0
  for (const [i, { line, start, complete }] of lines.entries()) {
    const decoded = complete ? decodeLine(line) : { ok: false as const, reason: tornReason(line) }
    const entry = decoded.ok ? JournalEntry.safeParse(decoded.value) : null
    if (entry?.success) {
      for (const change of entry.data) state.replay(change)
      records++
      continue
    }
    const reason = decoded.ok ? 'unexpected record shape' : decoded.reason
    if (newest && i === lines.length - 1) {
      // A write whose batch did not finish before the crash: it was never acknowledged.
      await truncate(path, start)
      const handle = await open(path, 'r+')
      await handle.sync()
      await handle.close()
      return { records, cut: { file: path, line: i + 1, offset: start, bytes: data.length - start, reason } }
    }
    throw new StoreCorruptError(path, i + 1, reason)
  }
  return { records, cut: null }
}

function tornReason(line: Buffer): string {
  const zeros = line.reduce((n, byte) => n + (byte === 0 ? 1 : 0), 0)
  return zeros > 0 ? `incomplete last record (${zeros} zero bytes)` : 'incomplete last record'
}
