import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openEmbeddedStore, type EmbeddedStoreEvent } from '../../src/storage/embedded/embedded-store.js'
import { StoreIncompleteError } from '../../src/storage/embedded/store-corrupt-error.js'
import { runScript } from './child-process.js'
import { tempDirs } from './temp-dirs.js'

/** Honest recovery (issue 13 #5): what is dropped is reported; a damaged directory is refused, never re-seeded. */

const dirs = tempDirs('recovery-')
afterAll(() => dirs.removeAll())

const journals = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.startsWith('journal-'))
    .sort()

async function crashedDir(count: number): Promise<string> {
  const dir = dirs.make()
  await runScript('./store-child.ts', ['write-and-exit', dir, String(count)])
  return dir
}

/** A directory that held data and was closed: a snapshot of generation 1 and an empty journal 1. */
async function closedDir(): Promise<string> {
  const dir = dirs.make()
  const store = await openEmbeddedStore({ dataDir: dir })
  await store.collection('users').insertMany([{ _id: 'u1' }, { _id: 'u2' }])
  await store.close()
  return dir
}

async function refusal(dir: string): Promise<Error> {
  const error = await openEmbeddedStore({ dataDir: dir }).then(
    async (store: DocumentStore) => {
      await store.close()
      return new Error('opened')
    },
    (e: Error) => e,
  )
  expect(error).toBeInstanceOf(StoreIncompleteError)
  expect(error.message).toContain('restore the last backup into a new directory')
  return error
}

describe('recovery', () => {
  it('reports a zero-filled journal tail with its file, line, offset and reason, and counts it', async () => {
    const dir = await crashedDir(150)
    const path = join(dir, journals(dir).at(-1)!)
    const size = statSync(path).size
    const fd = openSync(path, 'r+')
    writeSync(fd, Buffer.alloc(4096), 0, 4096, size - 4096)
    closeSync(fd)
    const events: EmbeddedStoreEvent[] = []
    const store = await openEmbeddedStore({ dataDir: dir, onEvent: (event) => events.push(event) })
    try {
      const [dropped] = store.status().droppedAtRecovery
      expect(dropped).toMatchObject({
        file: path,
        reason: expect.stringContaining('zero bytes'),
        bytes: expect.any(Number),
        offset: expect.any(Number),
        line: expect.any(Number),
      })
      expect(dropped!.offset).toBeLessThanOrEqual(size - 4096)
      expect(events.find((e) => e.type === 'recovered')).toMatchObject({ dropped: [dropped] })
      expect(await store.collection('items').countDocuments()).toBeLessThan(150)
    } finally {
      await store.close()
    }
  })

  it('refuses a journal whose snapshot is gone', async () => {
    const dir = await closedDir()
    rmSync(join(dir, 'snapshot.jsonl'))
    expect((await refusal(dir)).message).toContain('snapshot.jsonl')
  })

  it('opens a directory killed in its first compaction, after the new journal and before the first snapshot: journals 0 and 1 replay from empty', async () => {
    const dir = await crashedDir(40)
    expect(existsSync(join(dir, 'snapshot.jsonl'))).toBe(false)
    closeSync(openSync(join(dir, 'journal-000001.jsonl'), 'w')) // what compact() creates before writing the snapshot
    const store = await openEmbeddedStore({ dataDir: dir })
    try {
      expect(await store.collection('items').countDocuments()).toBe(40)
    } finally {
      await store.close()
    }
  })

  it('refuses a snapshot whose journal is gone', async () => {
    const dir = await closedDir()
    for (const name of journals(dir)) rmSync(join(dir, name))
    expect((await refusal(dir)).message).toContain('the journal after the snapshot, is missing')
  })

  it('refuses an emptied journal where data existed (the store was never closed)', async () => {
    const dir = await crashedDir(10)
    // The writer recorded in store.json that the store holds data; then the journal lost everything.
    const manifest = join(dir, 'store.json')
    expect(existsSync(manifest)).toBe(true)
    truncateSync(join(dir, journals(dir).at(-1)!), 0)
    expect((await refusal(dir)).message).toContain('it held data')
  })

  it('refuses an older snapshot put back over a newer one', async () => {
    const dir = await closedDir()
    const old = join(dirs.make(), 'old-snapshot.jsonl')
    copyFileSync(join(dir, 'snapshot.jsonl'), old)
    const store = await openEmbeddedStore({ dataDir: dir })
    await store.collection('users').insertOne({ _id: 'u3' })
    await store.close()
    copyFileSync(old, join(dir, 'snapshot.jsonl'))
    expect((await refusal(dir)).message).toContain('older than generation 2')
  })

  it('opens a directory written by the previous release (no store.json, a snapshot without its journal)', async () => {
    const dir = await closedDir()
    rmSync(join(dir, 'store.json'))
    for (const name of journals(dir)) rmSync(join(dir, name))
    const store = await openEmbeddedStore({ dataDir: dir })
    expect(await store.collection('users').countDocuments()).toBe(2)
    await store.close()
  })

  it('logs a failed compaction and tries it again, without losing a write', async () => {
    const dir = dirs.make()
    let failNext = 1
    const events: EmbeddedStoreEvent[] = []
    let finished: () => void = () => undefined
    const compacted = new Promise<void>((resolve) => (finished = resolve))
    const store = await openEmbeddedStore({
      dataDir: dir,
      compactAtBytes: 4096,
      beforeSnapshotWrite: () => {
        if (failNext-- > 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
      },
      onEvent: (event) => {
        events.push(event)
        if (event.type === 'compaction-finished') finished()
      },
    })
    const items = store.collection('items')
    let n = 0
    // Write until the retried compaction has finished: each write may be the one that triggers it.
    const writing = (async () => {
      for (let stop = false; !stop;) {
        await items.insertOne({ _id: `i${n++}`, pad: 'x'.repeat(300) })
        stop = events.some((e) => e.type === 'compaction-finished')
      }
    })()
    await compacted
    await writing
    expect(events.find((e) => e.type === 'compaction-failed')).toMatchObject({ failures: 1 })
    expect(store.status()).toMatchObject({
      compactionFailures: 1,
      lastCompactionError: expect.stringContaining('ENOSPC'),
    })
    await store.close()
    const reopened = await openEmbeddedStore({ dataDir: dir })
    expect(await reopened.collection('items').countDocuments()).toBe(n)
    await reopened.close()
  })

  it('closes cleanly on a full disk: the final snapshot is reported as not written, and the journal keeps every write', async () => {
    const dir = dirs.make()
    let full = false
    const events: EmbeddedStoreEvent[] = []
    const store = await openEmbeddedStore({
      dataDir: dir,
      beforeSnapshotWrite: () => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      },
      onEvent: (event) => events.push(event),
    })
    await store.collection('items').insertMany([{ _id: 'a' }, { _id: 'b' }])
    full = true
    await store.close()
    expect(events.find((e) => e.type === 'final-snapshot-failed')).toMatchObject({
      error: expect.objectContaining({ name: 'StorageFullError' }),
    })
    expect(existsSync(join(dir, 'store.lock'))).toBe(false)
    const reopened = await openEmbeddedStore({ dataDir: dir })
    expect(await reopened.collection('items').countDocuments()).toBe(2)
    await reopened.close()
  })
})
