import { open, readFile, realpath, rm } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { StoreLockedError } from '../document-store.js'
import { LOCK_FILE, pathIn } from './data-files.js'

/** Directories opened by this process, so a second open in the same process is refused too. */
const heldHere = new Set<string>()

export interface Lock {
  release(): Promise<void>
}

/**
 * One process per data directory: a lock file created with O_EXCL holds the owner's pid. A lock
 * whose pid is not running (or is our own pid left by an earlier run, as in containers) is stale
 * and taken over.
 */
export async function acquireLock(dataDir: string): Promise<Lock> {
  const path = pathIn(dataDir, LOCK_FILE)
  const key = await realpath(dataDir)
  if (heldHere.has(key)) throw new StoreLockedError(dataDir, process.pid)
  heldHere.add(key) // reserved before any await, so two opens in this process cannot both succeed
  try {
    await takeLockFile(dataDir, path)
  } catch (error) {
    heldHere.delete(key)
    throw error
  }
  return { release: () => release(path, key) }
}

async function takeLockFile(dataDir: string, path: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, 'wx')
      try {
        await handle.writeFile(`${process.pid}\n`)
        await handle.sync()
      } finally {
        await handle.close()
      }
      return
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
    }
    const holder = await readHolder(path)
    if (holder !== null && holder !== process.pid && isRunning(holder)) throw new StoreLockedError(dataDir, holder)
    await rm(path, { force: true })
  }
  throw new Error(`Could not take the lock ${path}: another process keeps creating it`)
}

async function release(path: string, key: string): Promise<void> {
  heldHere.delete(key)
  if ((await readHolder(path)) === process.pid) await rm(path, { force: true })
}

/** The pid in the lock file; an empty file may be one being written right now, so it is re-read briefly. */
async function readHolder(path: string): Promise<number | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      return null
    }
    const pid = Number.parseInt(text.trim(), 10)
    if (Number.isInteger(pid) && pid > 0) return pid
    await sleep(20)
  }
  return null
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM'
  }
}
