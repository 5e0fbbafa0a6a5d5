import { spawn, spawnSync } from 'node:child_process'
import {
  existsSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  utimesSync,
  writeFileSync,
  chmodSync,
  mkdirSync,
} from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { StoreLockedError } from '../../src/storage/document-store.js'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { spawnScript, watchChild } from './child-process.js'
import { tempDirs } from './temp-dirs.js'

/** The store's lock across processes, PID namespaces and hosts, and the permissions of its files (issues 13 and 19, ADR 023). */

const dirs = tempDirs('store-lock-')
afterAll(() => dirs.removeAll())

const lockPath = (dir: string) => join(dir, 'store.lock')
const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
const pidNamespace = readlinkSync('/proc/self/ns/pid')

function lockRecord(fields: Record<string, unknown>): string {
  return `${JSON.stringify({ program: 'fi-for-inclusion', token: 'someone-else', pid: 4242, host: hostname(), bootId, pidNamespace, processStart: '1', acquiredAt: '2026-01-01T00:00:00.000Z', ...fields })}\n`
}

async function opensAndNamesUs(dir: string): Promise<void> {
  const store = await openEmbeddedStore({ dataDir: dir })
  expect(JSON.parse(readFileSync(lockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() })
  await store.close()
  expect(existsSync(lockPath(dir))).toBe(false)
}

describe('the store lock', () => {
  it('takes over a lock whose process is gone (old plain-pid format)', async () => {
    const dir = dirs.make()
    const dead = spawnSync(process.execPath, ['-e', '0'])
    writeFileSync(lockPath(dir), `${dead.pid}\n`)
    await opensAndNamesUs(dir)
  })

  it('takes over a lock whose process id now belongs to another program', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' })
    try {
      const legacy = dirs.make()
      writeFileSync(lockPath(legacy), `${other.pid}\n`)
      await opensAndNamesUs(legacy)
      // Same pid, but not the process that took the lock: its start time differs.
      const current = dirs.make()
      writeFileSync(lockPath(current), lockRecord({ pid: other.pid, processStart: '1' }))
      await opensAndNamesUs(current)
    } finally {
      other.kill('SIGKILL')
    }
  })

  it('refuses a renewed lock from another container or host, and says when it will be taken over; takes over one that stopped renewing', async () => {
    const dir = dirs.make()
    writeFileSync(lockPath(dir), lockRecord({ host: 'app-container-2', pidNamespace: 'pid:[1234]', pid: 1 }))
    const error = await openEmbeddedStore({ dataDir: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreLockedError)
    const message = (error as Error).message
    expect(message).toContain('process 1 on host app-container-2')
    expect(message).toContain('taken over 30 s after its last renewal')
    expect(message).not.toMatch(/stop that process/i)
    const old = new Date(Date.now() - 31_000)
    utimesSync(lockPath(dir), old, old)
    await opensAndNamesUs(dir)
  })

  it('lets exactly one of several processes racing for a stale lock hold it', { timeout: 60_000 }, async () => {
    for (const stale of [`${spawnSync(process.execPath, ['-e', '0']).pid}\n`, null]) {
      const dir = dirs.make()
      if (stale) writeFileSync(lockPath(dir), stale)
      const children = Array.from({ length: 5 }, () => spawnScript('./store-child.ts', ['race', dir]))
      const verdicts: string[] = []
      const decided = children.map(
        (child) =>
          new Promise<void>((resolve) => {
            const exited = watchChild(child, (line) => {
              if (line === 'OPENED' || line === 'LOCKED') {
                verdicts.push(line)
                resolve()
              }
            })
            void exited.then(() => resolve())
          }),
      )
      await Promise.all(decided)
      for (const child of children) child.kill('SIGKILL')
      expect(verdicts.sort()).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED', 'OPENED'])
    }
  })

  it('a holder that lost its lock to another process deletes and replaces nothing', async () => {
    const dir = dirs.make()
    const events: string[] = []
    const store = await openEmbeddedStore({ dataDir: dir, onEvent: (event) => events.push(event.type) })
    await store.collection('items').insertOne({ _id: 'a' })
    const before = readdirSync(dir).sort()
    writeFileSync(lockPath(dir), lockRecord({ host: 'elsewhere', pidNamespace: 'pid:[1]', token: 'thief' }))
    await store.close()
    expect(readdirSync(dir).sort()).toEqual(before) // no snapshot written, no journal removed
    expect(readFileSync(lockPath(dir), 'utf8')).toContain('thief') // and the other process's lock is left alone
    expect(events).toContain('lock-lost')
    await expect(store.collection('items').insertOne({ _id: 'b' })).rejects.toThrow()
  })
})

describe('data file permissions', () => {
  it('creates the directory 0700 and its files 0600, and tightens looser ones', async () => {
    const dir = join(dirs.make(), 'data')
    const store = await openEmbeddedStore({ dataDir: dir, compactAtBytes: 1024 })
    for (let i = 0; i < 40; i++)
      await store.collection('users').insertOne({ _id: `u${i}`, passwordHash: 'x'.repeat(60) })
    await store.close()
    const modes = () =>
      Object.fromEntries(readdirSync(dir).map((name) => [name, (statSync(join(dir, name)).mode & 0o777).toString(8)]))
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700')
    expect(Object.values(modes()).every((mode) => mode === '600')).toBe(true)
    expect(Object.keys(modes())).toEqual(expect.arrayContaining(['snapshot.jsonl', 'store.json']))

    const loose = dirs.make()
    chmodSync(loose, 0o755)
    mkdirSync(join(loose, 'keep'), { recursive: true })
    writeFileSync(join(loose, 'journal-000000.jsonl'), '', { mode: 0o644 })
    const reopened = await openEmbeddedStore({ dataDir: loose })
    await reopened.close()
    expect((statSync(loose).mode & 0o777).toString(8)).toBe('700')
    expect((statSync(join(loose, 'journal-000000.jsonl')).mode & 0o777).toString(8)).toBe('600')
  })
})
