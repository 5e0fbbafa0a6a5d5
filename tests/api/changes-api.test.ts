import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CatalogueRepository } from '../../src/catalogue/catalogue-repository.js'
import { ChangesPage } from '../../src/changes/changes-api.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { SEED_INVESTMENT_COUNT } from '../helpers/seed.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

type Item = { seq: number; collection: string; id: string; op: string; url: string | null; at: string }
const feed = async (query: string) => {
  const res = await request(t.app).get(`/api/v1/changes${query}`)
  expect(res.status).toBe(200)
  ChangesPage.parse(res.body)
  return res.body as { items: Item[]; next: number }
}

describe('GET /api/v1/changes', () => {
  it('starts with the creation of every seeded record, numbered from 1 without gaps', async () => {
    const { items, next } = await feed('?since=0&limit=1000')
    expect(items.map((i) => i.seq)).toEqual(items.map((_, i) => i + 1))
    expect(next).toBe(items.at(-1)!.seq)
    const count = (collection: string) => items.filter((i) => i.collection === collection && i.op === 'create').length
    expect(count('investments')).toBe(SEED_INVESTMENT_COUNT)
    expect(count('instruments')).toBe(t.services.catalogue.instruments().length)
    expect(count('funds')).toBe(t.services.catalogue.funds().length)
    expect(count('glossary')).toBe(t.services.catalogue.glossary().length)
    expect(items.find((i) => i.id === 'c01-koto-sib')).toMatchObject({
      collection: 'investments',
      op: 'create',
      url: '/investments/c01-koto-sib',
    })
    expect(items.find((i) => i.collection === 'funds' && i.id === 'ceb')).toMatchObject({ url: '/funds/ceb' })
  })

  it('pages with since, limit and next', async () => {
    const first = await feed('?limit=10')
    expect(first.items).toHaveLength(10)
    expect(first.next).toBe(10)
    const second = await feed(`?since=${first.next}&limit=10`)
    expect(second.items[0]!.seq).toBe(11)
    const latest = await t.services.changes.latest()
    expect(await feed(`?since=${latest}`)).toEqual({ items: [], next: latest })
  })

  it('shows an edit in the feed and in search at once, then the retirement and the removal', async () => {
    const since = await t.services.changes.latest()
    const record = (await t.services.investments.get('c45-microstart-refugee-entrepreneur'))!
    const edited = await t.services.investments.replace(
      { ...record, title: 'Zanzibarquux microloan story', updatedAt: '2026-02-01T00:00:00.000Z' },
      record.version,
    )
    const found = await request(t.app).get('/api/v1/investments?q=zanzibarquux')
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual(['c45-microstart-refugee-entrepreneur'])

    await t.services.investments.replace({ ...edited, retired: true }, edited.version)
    expect((await request(t.app).get('/api/v1/investments/c45-microstart-refugee-entrepreneur')).status).toBe(404)
    await t.services.investments.remove('c45-microstart-refugee-entrepreneur')

    const { items } = await feed(`?since=${since}`)
    expect(items.map(({ collection, id, op, url }) => ({ collection, id, op, url }))).toEqual([
      {
        collection: 'investments',
        id: 'c45-microstart-refugee-entrepreneur',
        op: 'update',
        url: '/investments/c45-microstart-refugee-entrepreneur',
      },
      {
        collection: 'investments',
        id: 'c45-microstart-refugee-entrepreneur',
        op: 'retire',
        url: '/investments/c45-microstart-refugee-entrepreneur',
      },
      { collection: 'investments', id: 'c45-microstart-refugee-entrepreneur', op: 'remove', url: null },
    ])
    expect(items.map((i) => i.seq)).toEqual([since + 1, since + 2, since + 3])
  })

  it('logs catalogue writes: a changed glossary term, a new one, an unchanged save (nothing), a removal', async () => {
    const since = await t.services.changes.latest()
    const repository = new CatalogueRepository(t.services.store)
    const term = t.services.catalogue.glossary()[0]!
    expect(await repository.save('glossary', { ...term, definition: `${term.definition} (edited)` })).toBe('update')
    expect(await repository.save('glossary', { ...term, slug: 'made-up-test-term', term: 'Made-up test term' })).toBe(
      'create',
    )
    expect(await repository.save('glossary', { ...term, slug: 'made-up-test-term', term: 'Made-up test term' })).toBe(
      'unchanged',
    )
    expect(await repository.remove('glossary', 'made-up-test-term')).toBe(true)
    expect(await repository.remove('glossary', 'made-up-test-term')).toBe(false)
    const { items } = await feed(`?since=${since}`)
    expect(items.map(({ id, op, url }) => [id, op, url])).toEqual([
      [term.slug, 'update', `/glossary#${term.slug}`],
      ['made-up-test-term', 'create', '/glossary#made-up-test-term'],
      ['made-up-test-term', 'remove', null],
    ])
  })

  it.each([
    ['?since=abc', 'since'],
    ['?since=-1', 'since'],
    ['?limit=0', 'limit'],
    ['?limit=1001', 'limit'],
    ['?since=1&since=2', 'since'],
    ['?sinse=1', ''],
  ])('rejects %s with a 400 naming the parameter', async (query, field) => {
    const res = await request(t.app).get(`/api/v1/changes${query}`)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    if (field) expect(Object.keys(res.body.error.fields)).toContain(field)
  })
})
