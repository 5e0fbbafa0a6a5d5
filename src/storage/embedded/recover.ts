import { open, readFile, rm, truncate } from 'node:fs/promises'
import { DuplicateKeyError } from '../document-store.js'
import { journalFile, listJournals, pathIn, removeJournalsBelow, SNAPSHOT_TEMP_FILE } from './data-files.js'
import { decodeLine, JournalEntry, splitLines } from './records.js'
import { loadSnapshot } from './snapshot.js'
import { StoreCorruptError } from './store-corrupt-error.js'
import { StoreState } from './store-state.js'

export interface Recovered {
  state: StoreState
  /** The generation new writes go to. */
  generation: number
  snapshotBytes: number
  /** Bytes cut from the end of the newest journal (a torn last record). */
  droppedBytes: number
}

/**
 * Loads the snapshot, then replays every journal at or above its generation, oldest first.
 * Journals below it are leftovers of a compaction that crashed before deleting them.
 */
export async function recover(dataDir: string): Promise<Recovered> {
  await rm(pathIn(dataDir, SNAPSHOT_TEMP_FILE), { force: true })
  const state = new StoreState()
  const snapshot = await loadSnapshot(dataDir, state)
  const base = snapshot?.generation ?? 0
  const generations = await listJournals(dataDir)
  const live = generations.filter((generation) => generation >= base)
  let droppedBytes = 0
  for (const [i, generation] of live.entries()) {
    droppedBytes += await replayJournal(pathIn(dataDir, journalFile(generation)), state, i === live.length - 1)
  }
  try {
    state.rebuildIndexes()
  } catch (error) {
    if (error instanceof DuplicateKeyError) {
      throw new Error(`The data in ${dataDir} violates a unique index (${error.message}); the store will not open`, { cause: error })
    }
    throw error
  }
  await removeJournalsBelow(dataDir, base)
  return { state, generation: live.at(-1) ?? base, snapshotBytes: snapshot?.bytes ?? 0, droppedBytes }
}

/** Returns how many bytes of torn tail were cut off. Only the newest journal's last record may be torn. */
async function replayJournal(path: string, state: StoreState, newest: boolean): Promise<number> {
  const data = await readFile(path)
  const lines = splitLines(data)
  for (const [i, { line, start, complete }] of lines.entries()) {
    const decoded = complete ? decodeLine(line) : { ok: false as const, reason: 'incomplete last line' }
    const entry = decoded.ok ? JournalEntry.safeParse(decoded.value) : null
    if (entry?.success) {
      for (const change of entry.data) state.replay(change)
      continue
    }
    const reason = decoded.ok ? 'unexpected record shape' : decoded.reason
    if (newest && i === lines.length - 1) {
      // A write that was never acknowledged: its batch did not finish before the crash.
      await truncate(path, start)
      const handle = await open(path, 'r+')
      await handle.sync()
      await handle.close()
      return data.length - start
    }
    throw new StoreCorruptError(path, i + 1, reason)
  }
  return 0
}
