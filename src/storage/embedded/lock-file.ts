import { randomUUID } from 'node:crypto'
import { readFileSync, readlinkSync } from 'node:fs'
import { open, readFile, realpath, rm, stat, utimes } from 'node:fs/promises'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { z } from 'zod'
import { StoreLockedError } from '../document-store.js'
import { FILE_MODE, LOCK_FILE, pathIn } from './data-files.js'

/** Directories opened by this process, so a second open in the same process is refused too. */
const heldHere = new Set<string>()

const PROGRAM = 'fi-for-inclusion'
const TAKEOVER_FILE = `${LOCK_FILE}.takeover`
const DEFAULT_STALE_MS = 30_000
const DEFAULT_RENEW_MS = 5_000
/** A takeover mutex older than this was left by a process that died while taking over. */
const TAKEOVER_STALE_MS = 10_000

export interface LockOptions {
  /** A lock from another host, container or boot counts as stale when not renewed for this long (default 30 s). */
  staleMs?: number
  /** How often the holder renews the lock's modification time and checks it still holds it (default 5 s). */
  renewMs?: number
  /** Called once if the lock file stops naming this holder (another process took it over). */
  onLost?: () => void
}

export interface Lock {
  /** Throws unless the lock file still names this holder: checked before anything is deleted or replaced. */
  verify(): Promise<void>
  release(): Promise<void>
}

/** What the lock file holds: enough to tell, from anywhere, whether its holder still runs. */
const LockRecord = z.object({
  program: z.literal(PROGRAM),
  token: z.string().min(1),
  pid: z.number().int().positive(),
  host: z.string(),
  bootId: z.string().nullable(),
  pidNamespace: z.string().nullable(),
  processStart: z.string().nullable(),
  acquiredAt: z.string(),
})
type LockRecord = z.infer<typeof LockRecord>

interface Observed {
  record: LockRecord | { legacyPid: number } | null
  mtimeMs: number
}

/**
 * One process per data directory, across PID namespaces and hosts sharing the volume (ADR 023).
 * The lock file is created with O_EXCL and names its holder (host, boot id, PID namespace, pid and
 * the process's start time); the holder renews its modification time. A lock is taken over only
 * when its holder is provably gone: on this machine, no process with that pid and start time; from
 * elsewhere, no renewal for `staleMs`. Takeovers are serialised by a second O_EXCL file and re-check
 * the lock they remove, so two processes can never both hold it.
 */
export async function acquireLock(dataDir: string, options: LockOptions = {}): Promise<Lock> {
  const key = await realpath(dataDir)
  if (heldHere.has(key)) throw new StoreLockedError(dataDir, process.pid, `this process (${process.pid})`)
  heldHere.add(key) // reserved before any await, so two opens in this process cannot both succeed
  try {
    const record = await takeLockFile(dataDir, options.staleMs ?? DEFAULT_STALE_MS)
    return new HeldLock(dataDir, key, record, options)
  } catch (error) {
    heldHere.delete(key)
    throw error
  }
}

class HeldLock implements Lock {
  private readonly path: string
  private readonly timer: NodeJS.Timeout
  private lost = false
  private released = false

  constructor(
    private readonly dataDir: string,
    private readonly key: string,
    private readonly record: LockRecord,
    private readonly options: LockOptions,
  ) {
    this.path = pathIn(dataDir, LOCK_FILE)
    this.timer = setInterval(() => void this.renew(), options.renewMs ?? DEFAULT_RENEW_MS)
    this.timer.unref()
  }

  async verify(): Promise<void> {
    const seen = await observe(this.path)
    const record = seen?.record
    if (record && 'token' in record && record.token === this.record.token) return
    this.markLost()
    throw new Error(
      `The lock of ${this.dataDir} is no longer held by this process: another process took it over. Nothing was deleted; stop this process.`,
    )
  }

  async release(): Promise<void> {
    if (this.released) return
    this.released = true
    clearInterval(this.timer)
    heldHere.delete(this.key)
    const seen = await observe(this.path)
    const record = seen?.record
    if (record && 'token' in record && record.token === this.record.token) await rm(this.path, { force: true })
  }

  private async renew(): Promise<void> {
    if (this.released || this.lost) return
    try {
      await this.verify()
      const now = new Date()
      await utimes(this.path, now, now)
    } catch {
      // verify() reported a lost lock; a failed utimes is retried at the next renewal.
    }
  }

  private markLost(): void {
    if (this.lost) return
    this.lost = true
    clearInterval(this.timer)
    this.options.onLost?.()
  }
}

async function takeLockFile(dataDir: string, staleMs: number): Promise<LockRecord> {
  const path = pathIn(dataDir, LOCK_FILE)
  const mine = ownRecord()
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await createExclusive(path, `${JSON.stringify(mine)}\n`)) return mine
    const seen = await observe(path)
    if (!seen) continue // released meanwhile
    const verdict = judge(seen, staleMs)
    if (verdict.alive) throw new StoreLockedError(dataDir, verdict.pid, verdict.holder)
    await takeOver(dataDir, path, seen, staleMs)
  }
  throw new Error(`Could not take the lock ${path}: other processes keep taking it`)
}

/** Removes a stale lock, holding the takeover mutex and only if the file is still the one judged stale. */
async function takeOver(dataDir: string, path: string, stale: Observed, staleMs: number): Promise<void> {
  const mutex = pathIn(dataDir, TAKEOVER_FILE)
  if (!(await createExclusive(mutex, `${process.pid}\n`))) {
    const age = await ageMs(mutex)
    if (age !== null && age > TAKEOVER_STALE_MS) await rm(mutex, { force: true })
    else await sleep(5 + Math.random() * 20)
    return
  }
  try {
    const now = await observe(path)
    if (now && sameLock(now, stale) && !judge(now, staleMs).alive) await rm(path, { force: true })
  } finally {
    await rm(mutex, { force: true })
  }
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'wx', FILE_MODE)
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return false
    throw error
  }
  try {
    await handle.writeFile(content)
    await handle.sync()
  } finally {
    await handle.close()
  }
  return true
}

/** The lock file's holder and age; null when there is none. A file being written is re-read briefly. */
async function observe(path: string): Promise<Observed | null> {
  for (let attempt = 0; attempt < 10; attempt++) {
    let text: string
    let mtimeMs: number
    try {
      ;[text, { mtimeMs }] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    } catch {
      return null
    }
    const parsed = parseRecord(text)
    if (parsed) return { record: parsed, mtimeMs }
    await sleep(10)
  }
  return { record: null, mtimeMs: Date.now() - Number.MAX_SAFE_INTEGER } // unreadable for long: someone else's garbage
}

function parseRecord(text: string): LockRecord | { legacyPid: number } | null {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return { legacyPid: Number(trimmed) } // written by releases before ADR 023
  try {
    const parsed = LockRecord.safeParse(JSON.parse(trimmed))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function sameLock(a: Observed, b: Observed): boolean {
  return JSON.stringify(a.record) === JSON.stringify(b.record)
}

type Verdict = { alive: false } | { alive: true; pid: number; holder: string }

/** Whether the lock's holder may still be running. */
function judge(seen: Observed, staleMs: number): Verdict {
  const record = seen.record
  if (record === null) return { alive: false }
  if ('legacyPid' in record) {
    const pid = record.legacyPid
    return pid !== process.pid && isNodeProcess(pid)
      ? { alive: true, pid, holder: `process ${pid} (a Node.js process)` }
      : { alive: false }
  }
  const me = ownRecord()
  const describe = (how: string) =>
    `the ${PROGRAM} process ${record.pid} on host ${record.host} (${how}, lock taken ${record.acquiredAt})`
  if (
    record.bootId !== null &&
    record.bootId === me.bootId &&
    record.pidNamespace !== null &&
    record.pidNamespace === me.pidNamespace
  ) {
    // Same kernel and PID namespace: the process itself can be checked, start time included (a reused pid is another process).
    const start = processStart(record.pid)
    return start !== null && start === record.processStart
      ? { alive: true, pid: record.pid, holder: describe('running') }
      : { alive: false }
  }
  const age = Date.now() - seen.mtimeMs
  if (age > staleMs) return { alive: false }
  const renewed = Math.max(0, Math.round(age / 1000))
  return {
    alive: true,
    pid: record.pid,
    holder: describe(
      `in another container or on another host, lock renewed ${renewed} s ago; if it is gone, the lock is taken over ${Math.round(staleMs / 1000)} s after its last renewal`,
    ),
  }
}

async function ageMs(path: string): Promise<number | null> {
  try {
    return Date.now() - (await stat(path)).mtimeMs
  } catch {
    return null
  }
}

let cachedSelf: Omit<LockRecord, 'token' | 'acquiredAt'> | null = null

function ownRecord(): LockRecord {
  cachedSelf ??= {
    program: PROGRAM,
    pid: process.pid,
    host: hostname(),
    bootId: readOrNull(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    pidNamespace: readOrNull(() => readlinkSync('/proc/self/ns/pid')),
    processStart: processStart(process.pid),
  }
  return { ...cachedSelf, token: randomUUID(), acquiredAt: new Date().toISOString() }
}

/** The process's start time in clock ticks since boot (/proc/PID/stat field 22); null when there is no such process. */
function processStart(pid: number): string | null {
  return readOrNull(() => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  })
}

function isNodeProcess(pid: number): boolean {
  const cmdline = readOrNull(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8'))
  if (cmdline !== null) return /node|tsx/.test(cmdline)
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM'
  }
}

function readOrNull(read: () => string | null): string | null {
  try {
    return read()
  } catch {
    return null
  }
}
