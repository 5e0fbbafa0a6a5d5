import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DuplicateKeyError,
  UnitConflictError,
  type Doc,
  type DocumentCollection,
  type DocumentStore,
} from '../../src/storage/document-store.js'
import { CONDITIONAL_UPDATES_REASON, needsMongoDB } from '../helpers/mongodb-server.js'

export interface ContractOptions {
  /** Why the transaction tests cannot run on this server (MongoDB without a replica set), or null when they can. */
  transactionsUnsupported?: string | null
}

/**
 * The behaviour both engines promise, written against the port only. Run once per engine with a
 * factory that returns a fresh, empty store; the suite closes it after each test.
 */
export function documentStoreContract(
  name: string,
  makeStore: () => Promise<DocumentStore>,
  options: ContractOptions = {},
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let store: DocumentStore
    let items: DocumentCollection

    beforeEach(async () => {
      store = await makeStore()
      items = store.collection('items')
    })
    afterEach(async () => {
      await store.close()
    })

    const ids = (docs: Doc[]): string[] => docs.map((doc) => doc._id)
    const sortedIds = (docs: Doc[]): string[] => ids(docs).sort()

    describe('insert and read', () => {
      it('round-trips nested objects, arrays, null, numbers, booleans and unicode', async () => {
        const doc = {
          _id: 'r1',
          title: 'Fonds für Integration — ü',
          amount: 1250000.5,
          negative: -3,
          zero: 0,
          flag: false,
          nothing: null,
          tags: ['housing', 'jobs'],
          nested: { level: { deep: [1, { x: 'y' }] }, empty: {} },
          list: [],
        }
        await items.insertOne(doc)
        expect(await items.findOne({ _id: 'r1' })).toEqual(doc)
        expect(await items.find({})).toEqual([doc])
      })

      it('findOne returns null when nothing matches, find returns an empty list', async () => {
        expect(await items.findOne({ _id: 'missing' })).toBeNull()
        expect(await items.find({ anything: 1 })).toEqual([])
        expect(await store.collection('never-written').find()).toEqual([])
        expect(await store.collection('never-written').countDocuments()).toBe(0)
      })

      it('rejects a duplicate _id with DuplicateKeyError and keeps the first document', async () => {
        await items.insertOne({ _id: 'a', v: 1 })
        const error = await items.insertOne({ _id: 'a', v: 2 }).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(DuplicateKeyError)
        expect((error as DuplicateKeyError).code).toBe(11000)
        expect(await items.find()).toEqual([{ _id: 'a', v: 1 }])
      })

      it('insertMany is ordered: it stops at the first duplicate, earlier documents stay', async () => {
        await items.insertOne({ _id: 'b' })
        await expect(items.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }])).rejects.toBeInstanceOf(
          DuplicateKeyError,
        )
        expect(sortedIds(await items.find())).toEqual(['a', 'b'])
      })

      it('returns copies: mutating what was inserted or returned does not change stored data', async () => {
        const original = { _id: 'c1', tags: ['a'], nested: { n: 1 } }
        await items.insertOne(original)
        original.tags.push('mutated')
        original.nested.n = 99

        const found = await items.findOne({ _id: 'c1' })
        if (!found) throw new Error('missing')
        ;(found.tags as string[]).push('x')
        ;(found.nested as { n: number }).n = 42
        const [listed] = await items.find({})
        if (!listed) throw new Error('missing')
        listed.extra = true
        const [aggregated] = await items.aggregate<Doc>([{ $match: { _id: 'c1' } }])
        if (!aggregated) throw new Error('missing')
        ;(aggregated.tags as string[]).push('y')
        aggregated.extra = true
        const [projected] = await items.aggregate<Doc>([{ $project: { nested: 1, tags: 1 } }])
        ;(projected!.nested as { n: number }).n = 7
        ;(projected!.tags as string[]).push('z')
        const [flat] = await items.aggregate<Doc>([{ $project: { n: '$nested.n' } }])
        flat!.n = 8

        expect(await items.findOne({ _id: 'c1' })).toEqual({ _id: 'c1', tags: ['a'], nested: { n: 1 } })
      })
    })

    describe('filters', () => {
      beforeEach(async () => {
        await items.insertMany([
          {
            _id: 'p1',
            name: 'Alpha fund',
            amount: 100,
            tags: ['housing', 'jobs'],
            address: { city: 'Lyon' },
            lines: [
              { sku: 'x', qty: 1 },
              { sku: 'y', qty: 5 },
            ],
            rank: 2,
          },
          {
            _id: 'p2',
            name: 'beta loan',
            amount: 250,
            tags: ['health'],
            address: { city: 'Ghent' },
            lines: [{ sku: 'x', qty: 3 }],
            rank: null,
          },
          { _id: 'p3', name: 'Gamma', amount: 500, tags: [], address: { city: 'Lyon' }, lines: [] },
          { _id: 'p4', name: 'delta Alpha', amount: 50 },
        ])
      })

      const cases: Array<[string, Record<string, unknown>, string[]]> = [
        ['equality', { name: 'Gamma' }, ['p3']],
        ['$in on an array field', { tags: { $in: ['jobs', 'health'] } }, ['p1', 'p2']],
        ['$nin on an array field (also matches missing fields)', { tags: { $nin: ['housing'] } }, ['p2', 'p3', 'p4']],
        ['equality on an array element', { tags: 'housing' }, ['p1']],
        ['$all', { tags: { $all: ['housing', 'jobs'] } }, ['p1']],
        ['$size', { tags: { $size: 0 } }, ['p3']],
        ['$gte and $lt', { amount: { $gte: 100, $lt: 500 } }, ['p1', 'p2']],
        ['$ne', { amount: { $ne: 100 } }, ['p2', 'p3', 'p4']],
        ['$or', { $or: [{ amount: { $lt: 60 } }, { 'address.city': 'Ghent' }] }, ['p2', 'p4']],
        ['$and', { $and: [{ amount: { $gt: 60 } }, { amount: { $lt: 300 } }] }, ['p1', 'p2']],
        ['$exists true', { tags: { $exists: true } }, ['p1', 'p2', 'p3']],
        ['$exists false', { address: { $exists: false } }, ['p4']],
        ['null matches null and missing', { rank: null }, ['p2', 'p3', 'p4']],
        ['$regex with options', { name: { $regex: '^alpha', $options: 'i' } }, ['p1']],
        ['$regex unanchored', { name: { $regex: 'Alpha' } }, ['p1', 'p4']],
        ['dot path into an object', { 'address.city': 'Lyon' }, ['p1', 'p3']],
        ['dot path into an array of objects', { 'lines.sku': 'y' }, ['p1']],
        [
          '$elemMatch needs one element to match every condition',
          { lines: { $elemMatch: { sku: 'x', qty: { $gte: 2 } } } },
          ['p2'],
        ],
        [
          'no $elemMatch: conditions may match different elements',
          { 'lines.sku': 'x', 'lines.qty': { $gte: 5 } },
          ['p1'],
        ],
      ]
      for (const [label, filter, expected] of cases) {
        const test = label.startsWith('$elemMatch')
          ? needsMongoDB(
              name,
              '$elemMatch on objects',
              'FerretDB 1.24 takes the sub-document fields for operators ("unknown operator: sku")',
            )
          : it
        test(`${label}: ${JSON.stringify(filter)}`, async () => {
          expect(sortedIds(await items.find(filter))).toEqual(expected)
          expect(await items.countDocuments(filter)).toBe(expected.length)
        })
      }

      it('countDocuments counts everything without a filter', async () => {
        expect(await items.countDocuments()).toBe(4)
        expect(await items.countDocuments({})).toBe(4)
      })
    })

    describe('sort, skip, limit, projection', () => {
      beforeEach(async () => {
        await items.insertMany([
          { _id: 'a2', group: 'b', score: 3, rank: null },
          { _id: 'a1', group: 'a', score: 3 },
          { _id: 'a3', group: 'a', score: 7, rank: 1 },
          { _id: 'a4', group: 'b', score: 1, rank: 5 },
        ])
      })

      it('sorts by several keys', async () => {
        expect(ids(await items.find({}, { sort: { group: 1, score: -1 } }))).toEqual(['a3', 'a1', 'a2', 'a4'])
        expect(ids(await items.find({}, { sort: { score: -1, _id: 1 } }))).toEqual(['a3', 'a1', 'a2', 'a4'])
      })

      it('sorts null and missing together, first when ascending and last when descending', async () => {
        expect(ids(await items.find({}, { sort: { rank: 1, _id: 1 } }))).toEqual(['a1', 'a2', 'a3', 'a4'])
        expect(ids(await items.find({}, { sort: { rank: -1, _id: 1 } }))).toEqual(['a4', 'a3', 'a1', 'a2'])
      })

      it('applies sort, then skip, then limit', async () => {
        expect(ids(await items.find({}, { sort: { _id: 1 }, skip: 1, limit: 2 }))).toEqual(['a2', 'a3'])
        expect(ids(await items.find({}, { sort: { _id: -1 }, limit: 1 }))).toEqual(['a4'])
        expect(ids(await items.find({}, { sort: { _id: 1 }, skip: 3 }))).toEqual(['a4'])
        expect(await items.findOne({}, { sort: { score: -1 } })).toMatchObject({ _id: 'a3' })
        expect(await items.findOne({ group: 'b' }, { sort: { _id: 1 }, skip: 1 })).toMatchObject({ _id: 'a4' })
      })

      it('projects by inclusion (keeping _id unless excluded) and by exclusion', async () => {
        expect(await items.find({ _id: 'a3' }, { projection: { score: 1 } })).toEqual([{ _id: 'a3', score: 7 }])
        expect(await items.find({ _id: 'a3' }, { projection: { score: 1, _id: 0 } })).toEqual([{ score: 7 }])
        expect(await items.find({ _id: 'a3' }, { projection: { score: 0, rank: 0 } })).toEqual([
          { _id: 'a3', group: 'a' },
        ])
        expect(await items.findOne({ _id: 'a1' }, { projection: { group: 1 } })).toEqual({ _id: 'a1', group: 'a' })
      })
    })

    describe('updates', () => {
      beforeEach(async () => {
        await items.insertMany([
          { _id: 'u1', title: 'One', count: 1, tags: ['a', 'b'], meta: { status: 'draft', note: 'x' } },
          { _id: 'u2', title: 'Two', count: 2, tags: ['b'] },
          { _id: 'u3', title: 'Three', count: 3, tags: [] },
        ])
      })

      it('updateOne applies $set (with dot paths), $unset, $inc, $push, $addToSet and $pull', async () => {
        const result = await items.updateOne(
          { _id: 'u1' },
          {
            $set: { title: 'Uno', 'meta.status': 'published' },
            $unset: { 'meta.note': '' },
            $inc: { count: 5 },
            $push: { tags: 'c' },
          },
        )
        expect(result).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null })
        await items.updateOne({ _id: 'u1' }, { $addToSet: { tags: 'd' } })
        await items.updateOne({ _id: 'u1' }, { $pull: { tags: 'a' } })
        expect(await items.findOne({ _id: 'u1' })).toEqual({
          _id: 'u1',
          title: 'Uno',
          count: 6,
          tags: ['b', 'c', 'd'],
          meta: { status: 'published' },
        })
      })

      needsMongoDB(
        name,
        'atomic conditional updates',
        CONDITIONAL_UPDATES_REASON,
      )('a conditional update lets exactly one of several concurrent writers win (versioned writes)', async () => {
        for (let round = 0; round < 5; round++) {
          await items.insertOne({ _id: `v${round}`, version: 1 })
          const results = await Promise.all(
            Array.from({ length: 6 }, (_, i) =>
              items.updateOne({ _id: `v${round}`, version: 1 }, { $set: { version: 2, by: i } }),
            ),
          )
          expect(results.filter((r) => r.matchedCount === 1)).toHaveLength(1)
        }
      })

      it('reports matched but not modified when nothing changes', async () => {
        expect(await items.updateOne({ _id: 'u2' }, { $set: { title: 'Two' } })).toEqual({
          matchedCount: 1,
          modifiedCount: 0,
          upsertedId: null,
        })
        expect(await items.updateOne({ _id: 'u2' }, { $addToSet: { tags: 'b' } })).toEqual({
          matchedCount: 1,
          modifiedCount: 0,
          upsertedId: null,
        })
        expect(await items.updateOne({ _id: 'u2' }, { $pull: { tags: 'zzz' } })).toEqual({
          matchedCount: 1,
          modifiedCount: 0,
          upsertedId: null,
        })
        expect(await items.updateOne({ _id: 'nope' }, { $set: { title: 'x' } })).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
          upsertedId: null,
        })
      })

      it('updates only the first match with updateOne and every match with updateMany', async () => {
        expect(await items.updateOne({ tags: 'b' }, { $inc: { count: 10 } })).toMatchObject({
          matchedCount: 1,
          modifiedCount: 1,
        })
        expect(await items.countDocuments({ count: { $gte: 10 } })).toBe(1)
        expect(await items.updateMany({ count: { $lt: 100 } }, { $set: { seen: true } })).toEqual({
          matchedCount: 3,
          modifiedCount: 3,
          upsertedId: null,
        })
        expect(await items.updateMany({ title: 'Two' }, { $set: { seen: true } })).toEqual({
          matchedCount: 1,
          modifiedCount: 0,
          upsertedId: null,
        })
        expect(await items.countDocuments({ seen: true })).toBe(3)
      })

      it('upserts: inserts the filter equality fields and $setOnInsert, and returns the new id', async () => {
        const result = await items.updateOne(
          { slug: 'new-fund', kind: 'loan' },
          { $set: { title: 'New' }, $setOnInsert: { createdAt: '2026-01-01T00:00:00.000Z' }, $inc: { count: 1 } },
          { upsert: true },
        )
        expect(result.matchedCount).toBe(0)
        expect(result.modifiedCount).toBe(0)
        expect(typeof result.upsertedId).toBe('string')
        const created = await items.findOne({ slug: 'new-fund' })
        expect(created).toEqual({
          _id: result.upsertedId,
          slug: 'new-fund',
          kind: 'loan',
          title: 'New',
          createdAt: '2026-01-01T00:00:00.000Z',
          count: 1,
        })

        const again = await items.updateOne(
          { slug: 'new-fund', kind: 'loan' },
          { $set: { title: 'Newer' }, $setOnInsert: { createdAt: 'later' } },
          { upsert: true },
        )
        expect(again).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null })
        expect(await items.findOne({ slug: 'new-fund' })).toMatchObject({
          title: 'Newer',
          createdAt: '2026-01-01T00:00:00.000Z',
        })
      })

      it('upserts with the _id given in the filter', async () => {
        const result = await items.updateOne({ _id: 'given' }, { $set: { v: 1 } }, { upsert: true })
        expect(result.upsertedId).toBe('given')
        expect(await items.findOne({ _id: 'given' })).toEqual({ _id: 'given', v: 1 })
      })

      it('replaceOne replaces the whole document and keeps _id; upsert inserts', async () => {
        expect(await items.replaceOne({ _id: 'u1' }, { _id: 'u1', title: 'Replaced' })).toEqual({
          matchedCount: 1,
          modifiedCount: 1,
          upsertedId: null,
        })
        expect(await items.findOne({ _id: 'u1' })).toEqual({ _id: 'u1', title: 'Replaced' })
        expect(await items.replaceOne({ _id: 'u1', title: 'Stale' }, { _id: 'u1', title: 'Lost' })).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
          upsertedId: null,
        })
        expect(await items.replaceOne({ _id: 'u9' }, { _id: 'u9', title: 'Nine' }, { upsert: true })).toEqual({
          matchedCount: 0,
          modifiedCount: 0,
          upsertedId: 'u9',
        })
        expect(await items.findOne({ _id: 'u9' })).toEqual({ _id: 'u9', title: 'Nine' })
      })

      it('rejects an update document without operators and changes nothing', async () => {
        await expect(items.updateOne({ _id: 'u1' }, { title: 'plain' })).rejects.toThrow()
        expect(await items.findOne({ _id: 'u1' })).toMatchObject({ title: 'One' })
      })
    })

    describe('deletes', () => {
      it('deleteOne deletes one match, deleteMany every match, and both report counts', async () => {
        await items.insertMany([
          { _id: 'd1', k: 1 },
          { _id: 'd2', k: 1 },
          { _id: 'd3', k: 1 },
          { _id: 'd4', k: 2 },
        ])
        expect(await items.deleteOne({ k: 1 })).toEqual({ deletedCount: 1 })
        expect(await items.deleteOne({ k: 99 })).toEqual({ deletedCount: 0 })
        expect(await items.deleteMany({ k: 1 })).toEqual({ deletedCount: 2 })
        expect(await items.deleteMany({ k: 1 })).toEqual({ deletedCount: 0 })
        expect(ids(await items.find())).toEqual(['d4'])
      })
    })

    describe('unique indexes', () => {
      beforeEach(async () => {
        await items.createIndex({ keys: { email: 1 }, unique: true, name: 'email_unique' })
        await items.insertMany([
          { _id: 'e1', email: 'a@example.org', n: 1 },
          { _id: 'e2', email: 'b@example.org', n: 2 },
        ])
      })

      it('rejects an insert that breaks the index and leaves the data unchanged', async () => {
        const error = await items.insertOne({ _id: 'e3', email: 'a@example.org' }).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(DuplicateKeyError)
        expect((error as DuplicateKeyError).collection).toBe('items')
        expect(sortedIds(await items.find())).toEqual(['e1', 'e2'])
      })

      needsMongoDB(
        name,
        'duplicate key error 11000 on update',
        'FerretDB 1.24 refuses the update but answers InternalError (code 1), not 11000',
      )('rejects updates and replacements that break the index and leaves the data unchanged', async () => {
        await expect(
          items.updateOne({ _id: 'e2' }, { $set: { email: 'a@example.org' }, $inc: { n: 1 } }),
        ).rejects.toBeInstanceOf(DuplicateKeyError)
        await expect(items.replaceOne({ _id: 'e2' }, { _id: 'e2', email: 'a@example.org' })).rejects.toBeInstanceOf(
          DuplicateKeyError,
        )
        await expect(
          items.updateOne({ email: 'new@example.org' }, { $set: { email: 'b@example.org' } }, { upsert: true }),
        ).rejects.toBeInstanceOf(DuplicateKeyError)
        expect(await items.findOne({ _id: 'e2' })).toEqual({ _id: 'e2', email: 'b@example.org', n: 2 })
        expect(await items.countDocuments()).toBe(2)
      })

      it('allows a document to keep its own key, and frees a key when its document changes', async () => {
        await items.updateOne({ _id: 'e1' }, { $set: { email: 'a@example.org', n: 10 } })
        await items.updateOne({ _id: 'e1' }, { $set: { email: 'c@example.org' } })
        await items.insertOne({ _id: 'e3', email: 'a@example.org' })
        await items.deleteOne({ _id: 'e2' })
        await items.insertOne({ _id: 'e4', email: 'b@example.org' })
        expect(sortedIds(await items.find())).toEqual(['e1', 'e3', 'e4'])
      })

      it('createIndex is idempotent for the same spec', async () => {
        await items.createIndex({ keys: { email: 1 }, unique: true, name: 'email_unique' })
        await items.createIndex({ keys: { n: 1 } })
        await items.createIndex({ keys: { n: 1 } })
        await expect(items.insertOne({ _id: 'e3', email: 'b@example.org' })).rejects.toBeInstanceOf(DuplicateKeyError)
      })

      it('enforces compound unique indexes on the combination of fields', async () => {
        const pairs = store.collection('pairs')
        await pairs.createIndex({ keys: { a: 1, b: 1 }, unique: true })
        await pairs.insertMany([
          { _id: 'x1', a: 1, b: 1 },
          { _id: 'x2', a: 1, b: 2 },
        ])
        await expect(pairs.insertOne({ _id: 'x3', a: 1, b: 2 })).rejects.toBeInstanceOf(DuplicateKeyError)
        expect(await pairs.countDocuments()).toBe(2)
      })

      needsMongoDB(
        name,
        'duplicate key error 11000 on createIndexes',
        'FerretDB 1.24 refuses the index but answers InternalError (code 1), not 11000',
      )('refuses to create a unique index over existing duplicates', async () => {
        await items.insertOne({ _id: 'e3', email: 'c@example.org', n: 1 })
        await expect(items.createIndex({ keys: { n: 1 }, unique: true, name: 'n_unique' })).rejects.toBeInstanceOf(
          DuplicateKeyError,
        )
        await items.insertOne({ _id: 'e4', email: 'd@example.org', n: 1 })
      })
    })

    describe('aggregate', () => {
      beforeEach(async () => {
        await items.insertMany([
          { _id: 'g1', fund: 'f1', kind: 'loan', amount: 100, tags: ['housing', 'jobs'] },
          { _id: 'g2', fund: 'f1', kind: 'grant', amount: 50, tags: ['housing'] },
          { _id: 'g3', fund: 'f2', kind: 'loan', amount: 300, tags: [] },
        ])
        await store.collection('funds').insertMany([
          { _id: 'f1', name: 'Fund One' },
          { _id: 'f2', name: 'Fund Two' },
        ])
      })

      needsMongoDB(
        name,
        'several $group accumulators',
        'FerretDB 1.24 computes only the first accumulator of a $group and returns 0 for the others',
      )('$match, $group and $sort', async () => {
        const result = await items.aggregate([
          { $match: { amount: { $gte: 50 } } },
          { $group: { _id: '$kind', total: { $sum: '$amount' }, count: { $sum: 1 } } },
          { $sort: { total: -1 } },
        ])
        expect(result).toEqual([
          { _id: 'loan', total: 400, count: 2 },
          { _id: 'grant', total: 50, count: 1 },
        ])
      })

      needsMongoDB(
        name,
        '$project with field paths',
        'FerretDB 1.24 returns "$_id" as a literal string instead of the field',
      )('$unwind and $project', async () => {
        const result = await items.aggregate([
          { $unwind: '$tags' },
          { $project: { _id: 0, id: '$_id', tag: '$tags' } },
          { $sort: { id: 1, tag: 1 } },
        ])
        expect(result).toEqual([
          { id: 'g1', tag: 'housing' },
          { id: 'g1', tag: 'jobs' },
          { id: 'g2', tag: 'housing' },
        ])
      })

      needsMongoDB(
        name,
        '$facet',
        'FerretDB 1.24 has no $facet stage',
      )('$facet and $count', async () => {
        const [result] = await items.aggregate([
          { $match: { kind: 'loan' } },
          {
            $facet: {
              total: [{ $count: 'n' }],
              byFund: [{ $group: { _id: '$fund', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
            },
          },
        ])
        expect(result).toEqual({
          total: [{ n: 2 }],
          byFund: [
            { _id: 'f1', n: 1 },
            { _id: 'f2', n: 1 },
          ],
        })
        expect(await items.aggregate([{ $count: 'all' }])).toEqual([{ all: 3 }])
      })

      needsMongoDB(
        name,
        '$lookup',
        'FerretDB 1.24 has no $lookup stage',
      )('$lookup joins another collection', async () => {
        const result = await store
          .collection('funds')
          .aggregate<{ _id: string; items: Doc[] }>([
            { $lookup: { from: 'items', localField: '_id', foreignField: 'fund', as: 'items' } },
            { $sort: { _id: 1 } },
          ])
        expect(result.map((fund) => [fund._id, sortedIds(fund.items)])).toEqual([
          ['f1', ['g1', 'g2']],
          ['f2', ['g3']],
        ])
      })

      needsMongoDB(
        name,
        '$lookup',
        'FerretDB 1.24 has no $lookup stage',
      )('stages that add fields do not change stored documents', async () => {
        const result = await items.aggregate([
          { $match: { _id: 'g1' } },
          { $lookup: { from: 'funds', localField: 'fund', foreignField: '_id', as: 'funds' } },
          { $unwind: '$funds' },
          { $set: { 'funds.seen': true, extra: 1 } },
        ])
        expect(result).toEqual([
          expect.objectContaining({ extra: 1, funds: { _id: 'f1', name: 'Fund One', seen: true } }),
        ])
        expect(await items.findOne({ _id: 'g1' })).not.toHaveProperty('extra')
        expect(await store.collection('funds').findOne({ _id: 'f1' })).toEqual({ _id: 'f1', name: 'Fund One' })
      })
    })

    describe('collections', () => {
      it('lists collections created by writes, and dropAll empties the store', async () => {
        expect(await store.listCollections()).toEqual([])
        await store.collection('zeta').insertOne({ _id: 'z' })
        await store.collection('alpha').createIndex({ keys: { k: 1 } })
        store.collection('untouched')
        expect(await store.listCollections()).toEqual(['alpha', 'zeta'])
        await store.dropAll()
        expect(await store.listCollections()).toEqual([])
        expect(await store.collection('zeta').find()).toEqual([])
        await store.collection('zeta').insertOne({ _id: 'z' })
        expect(await store.listCollections()).toEqual(['zeta'])
      })
    })
    describe.skipIf(Boolean(options.transactionsUnsupported))(
      `transactions${options.transactionsUnsupported ? ` (skipped: ${options.transactionsUnsupported})` : ''}`,
      () => {
        it("commits every write of a unit together; reads inside see the unit's own writes", async () => {
          await items.insertOne({ _id: 'a', n: 1 })
          const seen = await store.transaction(async (tx) => {
            const txItems = tx.collection('items')
            await txItems.insertOne({ _id: 'b', n: 2 })
            await txItems.updateOne({ _id: 'a' }, { $inc: { n: 10 } })
            await tx.collection('log').insertOne({ _id: 'l1', about: 'b' })
            return {
              inside: await txItems.find({}, { sort: { _id: 1 } }),
              count: await tx.collection('log').countDocuments(),
            }
          })
          expect(seen).toEqual({
            inside: [
              { _id: 'a', n: 11 },
              { _id: 'b', n: 2 },
            ],
            count: 1,
          })
          expect(await items.find({}, { sort: { _id: 1 } })).toEqual([
            { _id: 'a', n: 11 },
            { _id: 'b', n: 2 },
          ])
          expect(await store.collection('log').find()).toEqual([{ _id: 'l1', about: 'b' }])
        })

        it('an error thrown by the unit undoes all of its writes, in every collection', async () => {
          await items.insertMany([
            { _id: 'a', n: 1 },
            { _id: 'gone', n: 0 },
          ])
          const failure = new Error('changed my mind')
          const outcome = await store
            .transaction(async (tx) => {
              await tx.collection('items').insertOne({ _id: 'b' })
              await tx.collection('items').updateOne({ _id: 'a' }, { $set: { n: 99 } })
              await tx.collection('items').deleteOne({ _id: 'gone' })
              await tx.collection('log').insertOne({ _id: 'l1' })
              throw failure
            })
            .catch((error: unknown) => error)
          expect(outcome).toBe(failure)
          expect(await items.find({}, { sort: { _id: 1 } })).toEqual([
            { _id: 'a', n: 1 },
            { _id: 'gone', n: 0 },
          ])
          expect(await store.collection('log').find()).toEqual([])
        })

        it('a failed operation fails the whole unit, even when the callback catches it', async () => {
          await items.createIndex({ keys: { email: 1 }, unique: true, name: 'email' })
          await items.insertOne({ _id: 'a', email: 'a@x.org' })
          const outcome = await store
            .transaction(async (tx) => {
              await tx.collection('log').insertOne({ _id: 'l1' })
              await tx
                .collection('items')
                .insertOne({ _id: 'b', email: 'a@x.org' })
                .catch(() => undefined)
              await tx
                .collection('log')
                .insertOne({ _id: 'l2' })
                .catch(() => undefined)
              return 'done'
            })
            .catch((error: unknown) => error)
          expect(outcome).toBeInstanceOf(DuplicateKeyError)
          expect(await store.collection('log').find()).toEqual([])
          expect(await items.find()).toEqual([{ _id: 'a', email: 'a@x.org' }])
        })

        it('runs afterCommit effects once after the commit, never for a unit that failed', async () => {
          const effects: string[] = []
          await store.transaction(async (tx) => {
            await tx.collection('items').insertOne({ _id: 'a' })
            tx.afterCommit(() => effects.push('committed a'))
            expect(effects).toEqual([])
          })
          await store
            .transaction(async (tx) => {
              tx.afterCommit(() => effects.push('never'))
              await tx.collection('items').insertOne({ _id: 'a' })
            })
            .catch(() => undefined)
          expect(effects).toEqual(['committed a'])
        })

        it("a UnitConflictError runs the unit again from the start, with only the last run's writes and effects", async () => {
          const effects: number[] = []
          let runs = 0
          const result = await store.transaction(async (tx) => {
            runs++
            await tx.collection('items').insertOne({ _id: `run-${runs}` })
            tx.afterCommit(() => effects.push(runs))
            if (runs < 3) throw new UnitConflictError('someone else took it')
            return runs
          })
          expect(result).toBe(3)
          expect(effects).toEqual([3])
          expect(await items.find()).toEqual([{ _id: 'run-3' }])
        })

        it('refuses use of the store itself, or a second transaction, inside a unit', async () => {
          const outcomes = await store.transaction(async (tx) => {
            await tx.collection('items').insertOne({ _id: 'inside' })
            const tries = [
              () => items.insertOne({ _id: 'outside' }),
              () => items.find(),
              () => store.transaction(async () => 1),
            ]
            const results: string[] = []
            for (const run of tries)
              results.push(
                await run().then(
                  () => 'allowed',
                  (error: Error) => error.message,
                ),
              )
            return results
          })
          expect(outcomes.every((message) => message.includes('tx.collection'))).toBe(true)
          expect(await items.find()).toEqual([{ _id: 'inside' }])
        })

        it('concurrent read-modify-write units never lose an update', async () => {
          await items.insertOne({ _id: 'counter', n: 0, seen: [] })
          await Promise.all(
            Array.from({ length: 8 }, (_, i) =>
              store.transaction(async (tx) => {
                const coll = tx.collection('items')
                const doc = await coll.findOne({ _id: 'counter' })
                await coll.replaceOne(
                  { _id: 'counter' },
                  { _id: 'counter', n: (doc?.n as number) + 1, seen: [...(doc?.seen as number[]), i] },
                )
              }),
            ),
          )
          const doc = await items.findOne({ _id: 'counter' })
          expect(doc?.n).toBe(8)
          expect((doc?.seen as number[]).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
        })
      },
    )

    describe('contents and replaceAll', () => {
      it('contents() returns every non-empty collection in _id order; replaceAll() makes the store an exact copy', async () => {
        await store.collection('b').insertMany([{ _id: 'y' }, { _id: 'x', v: 1 }])
        await store.collection('a').insertOne({ _id: 'only' })
        await store.collection('empty').createIndex({ keys: { k: 1 } })
        const contents = await store.contents()
        expect([...contents.keys()].sort()).toEqual(['a', 'b'])
        expect(contents.get('b')).toEqual([{ _id: 'x', v: 1 }, { _id: 'y' }])
        await store.replaceAll(new Map([['c', [{ _id: 'c1', ok: true }]]]))
        expect(await store.collection('b').find()).toEqual([])
        expect(await store.collection('c').find()).toEqual([{ _id: 'c1', ok: true }])
        await store.collection('c').insertOne({ _id: 'c2' })
        expect(await store.collection('c').countDocuments()).toBe(2)
      })
    })
  })
}
