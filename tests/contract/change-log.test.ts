import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readBackup, restoreBackup, writeBackup } from '../../src/backup/backup.js'
import { ChangeLog, type ChangeInput } from '../../src/changes/change-log.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { openMongoStore } from '../../src/storage/mongodb/mongo-store.js'
import { tempDirs } from './temp-dirs.js'

/**
 * The changes log and the backup file, on each engine: what they promise rests on the port alone
 * (unique `_id`, ordered insertMany, sort), so the same suite runs on the embedded store always and
 * on MongoDB when MONGODB_URI is set.
 */
const dirs = tempDirs('changes-contract-')
const uri = process.env.MONGODB_URI
const mongoDbs: string[] = []
afterAll(async () => {
  dirs.removeAll()
  if (uri && mongoDbs.length > 0) {
    const client = new MongoClient(uri)
    for (const name of mongoDbs) await client.db(name).dropDatabase()
    await client.close()
  }
})

const engines: [string, () => Promise<DocumentStore>][] = [
  ['embedded', () => openEmbeddedStore({ dataDir: dirs.make() })],
]
if (uri) {
  engines.push([
    'mongodb',
    async () => {
      const dbName = `changes_${randomUUID().replaceAll('-', '')}`
      mongoDbs.push(dbName)
      return openMongoStore({ uri, dbName, allowNoTransactions: true })
    },
  ])
} else {
  console.warn('Changes-log and backup contract on MongoDB skipped: set MONGODB_URI to run it.')
}

const entry = (i: number, prefix = 'r'): ChangeInput => ({
  collection: 'investments',
  id: `${prefix}${i}`,
  op: 'update',
})

describe.each(engines)('changes log and backup on %s', (_name, makeStore) => {
  let store: DocumentStore
  beforeEach(async () => {
    store = await makeStore()
  })
  afterEach(async () => {
    await store.close()
  })

  it('numbers entries 1, 2, 3 … in the order written and reads them after a given seq', async () => {
    const log = new ChangeLog(store, () => new Date('2026-01-01T00:00:00.000Z'))
    await log.ensureIndexes()
    expect(await log.latest()).toBe(0)
    const written = await log.record([entry(1), entry(2), entry(3)])
    expect(written.map((c) => c.seq)).toEqual([1, 2, 3])
    await log.record([{ collection: 'funds', id: 'ceb', op: 'remove' }])
    expect(await log.latest()).toBe(4)
    expect(await log.list(0, 2)).toEqual([
      { seq: 1, at: '2026-01-01T00:00:00.000Z', collection: 'investments', id: 'r1', op: 'update' },
      { seq: 2, at: '2026-01-01T00:00:00.000Z', collection: 'investments', id: 'r2', op: 'update' },
    ])
    expect((await log.list(2, 100)).map((c) => [c.seq, c.id, c.op])).toEqual([
      [3, 'r3', 'update'],
      [4, 'ceb', 'remove'],
    ])
    expect(await log.list(4, 100)).toEqual([])
  })

  it('gives every entry its own number, without gaps, when several writers (app instances) append at once', async () => {
    const a = new ChangeLog(store)
    const b = new ChangeLog(store)
    const c = new ChangeLog(store)
    await a.ensureIndexes()
    const writes: Promise<unknown>[] = []
    for (let i = 0; i < 30; i++) {
      writes.push(a.record([entry(i, 'a')]))
      writes.push(b.record([entry(i, 'b'), entry(i, 'bb')]))
      writes.push(c.record([entry(i, 'c')]))
    }
    await Promise.all(writes)
    const all = await a.list(0, 1000)
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
    expect(new Set(all.map((e) => e.id)).size).toBe(120)
    // Each writer's own entries keep their order.
    const bs = all.filter((e) => e.id.startsWith('b') && !e.id.startsWith('bb')).map((e) => e.id)
    expect(bs).toEqual(Array.from({ length: 30 }, (_, i) => `b${i}`))
  })

  it('carries on after another writer moved ahead of what this one last saw', async () => {
    const a = new ChangeLog(store)
    const b = new ChangeLog(store)
    await a.record([entry(1)])
    await b.record([entry(2), entry(3)])
    const next = await a.record([entry(4), entry(5)])
    expect(next.map((e) => e.seq)).toEqual([4, 5])
  })

  it('backs up every collection and restores it into an empty store; exporting again gives the same file', async () => {
    await store.collection('investments').insertMany([
      {
        _id: 'b',
        title: 'Fonds für Integration — ü',
        amount: { value: 1250000.5, currency: 'EUR' },
        tags: ['x'],
        nothing: null,
      },
      { _id: 'a', nested: { deep: [1, { y: true }] } },
    ])
    await store.collection('funds').insertOne({ _id: 'ceb', name: 'CEB' })
    await new ChangeLog(store).record([entry(1), entry(2)])
    const dir = dirs.make()
    const first = join(dir, 'first.jsonl')
    const header = await writeBackup(store, first, { now: new Date('2026-01-01T00:00:00.000Z') })
    expect(header.collections).toEqual({ changes: 2, funds: 1, investments: 2 })

    const target = await makeStore()
    try {
      expect(await restoreBackup(target, await readBackup(first, { allowUnsigned: true }))).toEqual({
        changes: 2,
        funds: 1,
        investments: 2,
      })
      const second = join(dir, 'second.jsonl')
      await writeBackup(target, second, { now: new Date('2026-01-01T00:00:00.000Z') })
      expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'))
      // The restored feed continues where it stopped.
      expect((await new ChangeLog(target).record([entry(3)]))[0]!.seq).toBe(3)
    } finally {
      await target.close()
    }
  })
})
