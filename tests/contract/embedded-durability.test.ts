import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DuplicateKeyError, StoreLockedError, type DocumentStore } from '../../src/storage/document-store.js'
import { openEmbeddedStore, type EmbeddedStoreEvent } from '../../src/storage/embedded/embedded-store.js'
import { StoreCorruptError } from '../../src/storage/embedded/store-corrupt-error.js'
import { runScript, spawnScript, watchChild } from './child-process.js'
import { tempDirs } from './temp-dirs.js'

const dirs = tempDirs('embedded-durability-')
afterAll(() => dirs.removeAll())

const journals = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.startsWith('journal-'))
    .sort()
const journalPath = (dir: string): string => {
  const newest = journals(dir).at(-1)
  if (!newest) throw new Error(`no journal in ${dir}`)
  return join(dir, newest)
}

/** A directory whose journal holds `count` inserts by a process that exited without closing the store. */
async function crashedDir(count: number): Promise<string> {
  const dir = dirs.make()
  await runScript('./store-child.ts', ['write-and-exit', dir, String(count)])
  return dir
}

async function withStore<R>(dataDir: string, use: (store: DocumentStore) => Promise<R>): Promise<R> {
  const store = await openEmbeddedStore({ dataDir })
  try {
    return await use(store)
  } finally {
    await store.close()
  }
}

describe('embedded store durability', () => {
  it('keeps documents, collections and unique indexes across close and reopen', async () => {
    const dir = dirs.make()
    await withStore(dir, async (store) => {
      const people = store.collection('people')
      await people.createIndex({ keys: { email: 1 }, unique: true, name: 'email' })
      await people.insertMany([
        { _id: 'p1', email: 'a@x.org', tags: ['a'] },
        { _id: 'p2', email: 'b@x.org' },
      ])
      await people.updateOne({ _id: 'p1' }, { $push: { tags: 'b' } })
      await people.deleteOne({ _id: 'p2' })
      await store.collection('empty').createIndex({ keys: { k: 1 } })
    })
    await withStore(dir, async (store) => {
      expect(await store.listCollections()).toEqual(['empty', 'people'])
      const people = store.collection('people')
      expect(await people.find()).toEqual([{ _id: 'p1', email: 'a@x.org', tags: ['a', 'b'] }])
      await expect(people.insertOne({ _id: 'p3', email: 'a@x.org' })).rejects.toBeInstanceOf(DuplicateKeyError)
      await people.createIndex({ keys: { email: 1 }, unique: true, name: 'email' })
    })
  })

  it('recovers every acknowledged write of a process that exited without closing, taking over its lock', async () => {
    const dir = await crashedDir(30)
    expect(existsSync(join(dir, 'store.lock'))).toBe(true)
    await withStore(dir, async (store) => {
      expect(await store.collection('items').countDocuments()).toBe(30)
      expect(await store.collection('items').findOne({ _id: 'doc-29' })).toMatchObject({ i: 29 })
    })
  })

  it('compacts into a snapshot: the journal shrinks and the data stays, across reopen', async () => {
    const dir = dirs.make()
    const events: EmbeddedStoreEvent['type'][] = []
    let finished: () => void = () => undefined
    const firstCompaction = new Promise<void>((resolve) => (finished = resolve))
    const store = await openEmbeddedStore({
      dataDir: dir,
      compactAtBytes: 4096,
      onEvent: (event) => {
        events.push(event.type)
        if (event.type === 'compaction-finished') finished()
      },
    })
    const items = store.collection('items')
    const rounds = 20
    for (let round = 0; round < rounds; round++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          items.updateOne({ _id: `k${i}` }, { $inc: { n: 1 }, $set: { pad: 'x'.repeat(100) } }, { upsert: true }),
        ),
      )
    }
    // Waits on the event itself: a compaction starts after a commit, so a poll could pass before it began.
    await firstCompaction
    await store.close() // waits for any compaction still running
    const count = (type: EmbeddedStoreEvent['type']): number => events.filter((t) => t === type).length
    expect(count('compaction-finished')).toBe(count('compaction-started'))
    expect(existsSync(join(dir, 'snapshot.jsonl'))).toBe(true)
    // Closing snapshots whatever the journal held: what is left is one empty journal.
    expect(journals(dir)).toHaveLength(1)
    expect(statSync(journalPath(dir)).size).toBe(0)
    await withStore(dir, async (reopened) => {
      const docs = await reopened.collection('items').find({}, { sort: { _id: 1 } })
      expect(docs).toHaveLength(10)
      expect(docs.every((doc) => doc.n === rounds)).toBe(true)
    })
  })

  it('drops a torn last record and truncates the journal to the last good record', async () => {
    const dir = await crashedDir(5)
    const path = journalPath(dir)
    const goodSize = statSync(path).size
    appendFileSync(path, '1a2b3c4d [{"op":"put","coll":"items","doc":{"_id":"to')
    const events: EmbeddedStoreEvent[] = []
    const store = await openEmbeddedStore({ dataDir: dir, onEvent: (event) => events.push(event) })
    expect(statSync(path).size).toBe(goodSize)
    expect(events).toContainEqual(expect.objectContaining({ type: 'recovered', droppedBytes: expect.any(Number) }))
    const items = store.collection('items')
    expect(await items.countDocuments()).toBe(5)
    await items.insertOne({ _id: 'after' })
    await store.close()
    await withStore(dir, async (reopened) => expect(await reopened.collection('items').countDocuments()).toBe(6))
  })

  it('drops a complete last record whose checksum does not match', async () => {
    const dir = await crashedDir(3)
    const path = journalPath(dir)
    const goodSize = statSync(path).size
    appendFileSync(path, '00000000 [{"op":"del","coll":"items","id":"doc-0"}]\n')
    await withStore(dir, async (store) => {
      expect(statSync(path).size).toBe(goodSize)
      expect(await store.collection('items').countDocuments()).toBe(3)
    })
  })

  it('refuses to open when a record before the last is corrupt, naming the file and line', async () => {
    const dir = await crashedDir(4)
    const path = journalPath(dir)
    const lines = readFileSync(path, 'utf8').split('\n')
    lines[1] = (lines[1] ?? '').replace('document number', 'document NUMBER')
    writeFileSync(path, lines.join('\n'))
    const error = await openEmbeddedStore({ dataDir: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreCorruptError)
    expect((error as Error).message).toContain(path)
    expect((error as Error).message).toContain('line 2')
    // The failed open released the lock: after repair the directory opens.
    writeFileSync(path, lines.slice(0, 1).join('\n') + '\n')
    await withStore(dir, async (store) => expect(await store.collection('items').countDocuments()).toBe(1))
  })

  it('refuses a second open while a live process holds the directory', async () => {
    const dir = dirs.make()
    const child = spawnScript('./store-child.ts', ['hold', dir])
    let ready: () => void = () => undefined
    const isReady = new Promise<void>((resolve) => (ready = resolve))
    const exited = watchChild(child, (line) => line === 'READY' && ready())
    try {
      await isReady
      const error = await openEmbeddedStore({ dataDir: dir }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StoreLockedError)
      expect((error as StoreLockedError).holderPid).toBe(child.pid)
    } finally {
      child.kill('SIGKILL')
      await exited
    }
    await withStore(dir, async (store) => expect(store.kind).toBe('embedded'))
  })

  it('refuses a second open of the same directory in the same process', async () => {
    const dir = dirs.make()
    await withStore(dir, async () => {
      await expect(openEmbeddedStore({ dataDir: dir })).rejects.toBeInstanceOf(StoreLockedError)
    })
  })

  it('lets only one of two simultaneous opens in the same process succeed', async () => {
    const dir = dirs.make()
    const outcomes = await Promise.allSettled([
      openEmbeddedStore({ dataDir: dir }),
      openEmbeddedStore({ dataDir: dir }),
    ])
    const opened = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []))
    expect(opened).toHaveLength(1)
    expect(refused[0]).toBeInstanceOf(StoreLockedError)
    await opened[0]?.close()
  })

  it('takes over a lock left by a process that no longer runs', async () => {
    const dir = dirs.make()
    const dead = spawnSync(process.execPath, ['-e', '0'])
    writeFileSync(join(dir, 'store.lock'), `${dead.pid}\n`)
    await withStore(dir, async () => {
      expect(JSON.parse(readFileSync(join(dir, 'store.lock'), 'utf8'))).toMatchObject({
        program: 'fi-for-inclusion',
        pid: process.pid,
      })
    })
    expect(existsSync(join(dir, 'store.lock'))).toBe(false)
  })

  it('rejects writes whose journal write fails and leaves memory unchanged', async () => {
    const dir = dirs.make()
    let failing = false
    const store = await openEmbeddedStore({
      dataDir: dir,
      beforeJournalWrite: () => {
        if (failing) throw new Error('simulated disk failure')
      },
    })
    const items = store.collection('items')
    await items.createIndex({ keys: { email: 1 }, unique: true })
    await items.insertOne({ _id: 'a', n: 1, email: 'a@x.org' })
    failing = true
    const outcomes = await Promise.allSettled([
      items.insertOne({ _id: 'b', email: 'b@x.org' }),
      items.updateOne({ _id: 'a' }, { $inc: { n: 1 } }),
      items.deleteOne({ _id: 'a' }),
      store.collection('other').insertOne({ _id: 'o' }),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected'])
    expect(await items.find()).toEqual([{ _id: 'a', n: 1, email: 'a@x.org' }])
    expect(await store.listCollections()).toEqual(['items'])
    failing = false
    await items.insertOne({ _id: 'b', email: 'b@x.org' })
    await store.close()
    await withStore(dir, async (reopened) => {
      expect(await reopened.collection('items').find({}, { sort: { _id: 1 } })).toEqual([
        { _id: 'a', n: 1, email: 'a@x.org' },
        { _id: 'b', email: 'b@x.org' },
      ])
    })
  })

  it('writes concurrent writes in shared batches (group commit)', async () => {
    let batches = 0
    const store = await openEmbeddedStore({ dataDir: dirs.make(), beforeJournalWrite: () => batches++ })
    const items = store.collection('items')
    const writes: Promise<void>[] = []
    for (let i = 0; i < 200; i++) {
      writes.push(items.insertOne({ _id: `g${i}` }))
      // Let some writes arrive while a batch is being written and fsync'ed.
      if (i % 40 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    await Promise.all(writes)
    expect(await items.countDocuments()).toBe(200)
    expect(batches).toBeLessThanOrEqual(10)
    await store.close()
  })

  it('rejects operations after close', async () => {
    const store = await openEmbeddedStore({ dataDir: dirs.make() })
    await store.close()
    await expect(store.collection('items').insertOne({ _id: 'x' })).rejects.toThrow(/closed/)
    await expect(store.collection('items').find()).rejects.toThrow(/closed/)
    await store.close()
  })
})
