import fc from 'fast-check'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { API_OPERATIONS } from '../../src/api-docs/api-operations.js'
import { CatalogueRepository } from '../../src/catalogue/catalogue-repository.js'
import { todayIso } from '../../src/curation/curation-schemas.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { bearerFor, createUser } from '../helpers/accounts.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { CONDITIONAL_UPDATES_REASON, needsMongoDB } from '../helpers/mongodb-server.js'
import { bound, testEngine } from '../helpers/test-store.js'

let t: TestApp
let curator: User
let admin: User
let respondent: User
const tokens: Record<string, string> = {}

beforeAll(async () => {
  t = await createTestApp()
  curator = await createUser(t.services, 'curator')
  admin = await createUser(t.services, 'admin')
  respondent = await createUser(t.services, 'respondent')
  tokens.curator = await bearerFor(t.services, curator)
  tokens.admin = await bearerFor(t.services, admin)
  tokens.respondent = await bearerFor(t.services, respondent)
  tokens.reviewer = await bearerFor(t.services, await createUser(t.services, 'reviewer'))
})
afterAll(async () => {
  await t.close()
})

const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` })
const get = (path: string, who = 'curator') => request(t.app).get(path).set(as(who))
const post = (path: string, body: object, who = 'curator') => request(t.app).post(path).set(as(who)).send(body)
const put = (path: string, body: object, who = 'curator') => request(t.app).put(path).set(as(who)).send(body)

const newCase = (overrides: Record<string, unknown> = {}) => ({
  title: 'Riverside refugee housing loan',
  summary: 'A municipal loan for social housing that also houses recognised refugees.',
  geography: 'Riverside',
  countries: ['AT'],
  policyFields: ['housing'],
  targetGroups: ['refugees'],
  instruments: ['loan'],
  sources: [{ url: 'https://www.example.org/riverside', label: 'City report' }],
  confidence: 'S',
  ...overrides,
})

/** The changes feed entries after `since` for one record. */
async function changesOf(id: string, since: number) {
  const res = await request(t.app).get(`/api/v1/changes?since=${since}&limit=1000`)
  return (res.body.items as { id: string; op: string; collection: string }[]).filter((c) => c.id === id)
}

describe('investments: create, edit, retire, reinstate', () => {
  let id: string

  it('creates an investment (origin curated, version 1) that is searchable at once and in the changes feed', async () => {
    const since = await t.services.changes.latest()
    const res = await post('/api/v1/curation/investments', { record: newCase() })
    expect(res.status).toBe(201)
    id = res.body.id
    expect(id).toBe('riverside-refugee-housing-loan')
    expect(res.headers.location).toBe(`/api/v1/curation/investments/${id}`)
    expect(res.body).toMatchObject({
      kind: 'investments',
      version: 1,
      retired: false,
      origin: 'curated',
      lastVerified: null,
      url: `/investments/${id}`,
    })
    expect(res.body.completeness.missing.map((m: { field: string }) => m.field)).toContain('amount')

    const search = await request(t.app).get('/api/v1/investments?q=Riverside')
    expect(search.body.items.map((i: { id: string }) => i.id)).toContain(id)
    expect(await changesOf(id, since)).toEqual([expect.objectContaining({ collection: 'investments', op: 'create' })])
  })

  it('an id that is taken is a 409; a second case with the same title gets a numbered id', async () => {
    expect((await post('/api/v1/curation/investments', { id, record: newCase() })).status).toBe(409)
    const second = await post('/api/v1/curation/investments', { record: newCase() })
    expect(second.status).toBe(201)
    expect(second.body.id).toBe(`${id}-2`)
  })

  it('a figure needs its source: an amount without amountSource is a 400 naming the field', async () => {
    const res = await post('/api/v1/curation/investments', {
      record: newCase({ amount: { value: 1_000_000, currency: 'EUR' } }),
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('validation_failed')
    expect(Object.keys(res.body.error.fields)).toEqual(['record.amountSource'])
  })

  it('a record needs at least one source with a web address', async () => {
    const none = await post('/api/v1/curation/investments', { record: newCase({ sources: [] }) })
    expect(none.status).toBe(400)
    expect(Object.keys(none.body.error.fields)).toContain('record.sources')
    const bad = await post('/api/v1/curation/investments', {
      record: newCase({ sources: [{ url: 'not a url', label: null }] }),
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields['record.sources.0.url'][0]).toMatch(/http/)
  })

  it('edits with the version read: the record, search, the feed and a field-level history follow', async () => {
    const since = await t.services.changes.latest()
    const res = await put(`/api/v1/curation/investments/${id}`, {
      version: 1,
      record: newCase({
        title: 'Riverside housing loan for refugees',
        confidence: 'V',
        amount: { value: 12_500_000, currency: 'EUR' },
        amountSource: 'https://www.example.org/budget',
      }),
      lastVerified: todayIso(),
    })
    expect(res.status).toBe(200)
    expect(res.body.version).toBe(2)
    expect(res.body.lastVerified).toBe(todayIso())
    // The amount's source joins the sources, so the detail page can point at it.
    expect(res.body.record.sources.map((s: { url: string }) => s.url)).toEqual([
      'https://www.example.org/riverside',
      'https://www.example.org/budget',
    ])

    const pub = await request(t.app).get(`/api/v1/investments/${id}`)
    expect(pub.body).toMatchObject({
      title: 'Riverside housing loan for refugees',
      confidence: 'V',
      amountSource: 'https://www.example.org/budget',
      lastVerified: todayIso(),
    })
    expect(pub.body.completeness.missing.map((m: { field: string }) => m.field)).not.toContain('amount')
    const search = await request(t.app).get('/api/v1/investments?q=Riverside%20housing%20refugees')
    expect(search.body.items[0].title).toBe('Riverside housing loan for refugees')
    expect(await changesOf(id, since)).toEqual([expect.objectContaining({ op: 'update' })])

    const history = await get(`/api/v1/curation/investments/${id}/history`)
    expect(history.status).toBe(200)
    const [latest, first] = history.body.items
    expect(latest).toMatchObject({ version: 2, op: 'update', by: { id: curator.id, name: curator.name }, recordId: id })
    const fields = Object.fromEntries(
      latest.changes.map((c: { field: string; before: unknown; after: unknown }) => [c.field, c]),
    )
    expect(fields.title).toEqual({
      field: 'title',
      before: 'Riverside refugee housing loan',
      after: 'Riverside housing loan for refugees',
    })
    expect(fields.confidence).toEqual({ field: 'confidence', before: 'S', after: 'V' })
    expect(fields.lastVerified).toEqual({ field: 'lastVerified', before: null, after: todayIso() })
    expect(fields.summary).toBeUndefined()
    expect(first).toMatchObject({ version: 1, op: 'create' })
  })

  it('a stale version is a 409 with the current version and what changed since, and changes nothing', async () => {
    const res = await put(`/api/v1/curation/investments/${id}`, {
      version: 1,
      record: newCase({ title: 'Someone else’s title' }),
    })
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: 'conflict', currentVersion: 2, yourVersion: 1 })
    expect(res.body.error.changes).toContainEqual(
      expect.objectContaining({
        field: 'title',
        version: 2,
        by: curator.name,
        before: 'Riverside refugee housing loan',
        after: 'Riverside housing loan for refugees',
      }),
    )
    expect((await get(`/api/v1/curation/investments/${id}`)).body.record.title).toBe(
      'Riverside housing loan for refugees',
    )
  })

  needsMongoDB(
    testEngine,
    'atomic conditional updates',
    CONDITIONAL_UPDATES_REASON,
  )('two concurrent saves of one version: exactly one wins, the other gets 409', async () => {
    const current = (await get(`/api/v1/curation/investments/${id}`)).body
    const body = (title: string) => ({ version: current.version, record: { ...current.record, title } })
    const results = await Promise.all([
      put(`/api/v1/curation/investments/${id}`, body('Title A')),
      put(`/api/v1/curation/investments/${id}`, body('Title B')),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
  })

  it('a save that changes nothing keeps the version and writes no history', async () => {
    const current = (await get(`/api/v1/curation/investments/${id}`)).body
    const res = await put(`/api/v1/curation/investments/${id}`, { version: current.version, record: current.record })
    expect(res.status).toBe(200)
    expect(res.body.version).toBe(current.version)
    expect((await get(`/api/v1/curation/investments/${id}/history`)).body.items[0].version).toBe(current.version)
  })

  it('retires (reason required): gone from search and the public API, "retire" in the feed; reinstates', async () => {
    const current = (await get(`/api/v1/curation/investments/${id}`)).body
    expect((await post(`/api/v1/curation/investments/${id}/retire`, { version: current.version })).status).toBe(400)
    const since = await t.services.changes.latest()
    const retired = await post(`/api/v1/curation/investments/${id}/retire`, {
      version: current.version,
      reason: 'Duplicate of another record',
    })
    expect(retired.status).toBe(200)
    expect(retired.body).toMatchObject({ retired: true, version: current.version + 1, url: null })
    expect((await request(t.app).get(`/api/v1/investments/${id}`)).status).toBe(404)
    // Its shared address says it was withdrawn (410), the API forgets it (404).
    expect((await request(t.app).get(`/investments/${id}`)).status).toBe(410)
    expect((await get(`/api/v1/curation/investments/${id}`)).body.retired).toBe(true)
    expect(await changesOf(id, since)).toEqual([expect.objectContaining({ op: 'retire' })])
    const history = (await get(`/api/v1/curation/investments/${id}/history`)).body.items
    expect(history[0]).toMatchObject({
      op: 'retire',
      reason: 'Duplicate of another record',
      changes: [{ field: 'retired', before: false, after: true }],
    })

    expect(
      (await post(`/api/v1/curation/investments/${id}/retire`, { version: current.version + 1, reason: 'again' }))
        .status,
    ).toBe(409)
    const back = await post(`/api/v1/curation/investments/${id}/reinstate`, { version: current.version + 1 })
    expect(back.status).toBe(200)
    expect(back.body.retired).toBe(false)
    expect((await request(t.app).get(`/api/v1/investments/${id}`)).status).toBe(200)
  })

  it('lastVerified cannot be in the future; unknown fields are refused', async () => {
    const current = (await get(`/api/v1/curation/investments/${id}`)).body
    const future = await put(`/api/v1/curation/investments/${id}`, {
      version: current.version,
      record: current.record,
      lastVerified: '2999-01-01',
    })
    expect(future.status).toBe(400)
    expect(Object.keys(future.body.error.fields)).toEqual(['lastVerified'])
    const unknown = await put(`/api/v1/curation/investments/${id}`, {
      version: current.version,
      record: { ...current.record, origin: 'seed' },
    })
    expect(unknown.status).toBe(400)
  })

  it('edits a seeded record (version 1, no history yet): its unsourced amount may stay; a changed amount must name its source', async () => {
    const seeded = (await get('/api/v1/curation/investments/c01-koto-sib')).body
    expect(seeded).toMatchObject({ version: 1, origin: 'seed', record: { amountSource: null } })
    expect(seeded.record.amount).not.toBeNull()
    expect((await get('/api/v1/curation/investments/c01-koto-sib/history')).body.items).toEqual([])
    const record = { ...seeded.record, results: 'Outcome payments were made as planned.' }
    const kept = await put('/api/v1/curation/investments/c01-koto-sib', { version: 1, record })
    expect(kept.status).toBe(200)
    expect(kept.body).toMatchObject({ version: 2, record: { amountSource: null } })
    const changed = { ...record, amount: { ...record.amount, value: record.amount.value + 1 } }
    const unsourced = await put('/api/v1/curation/investments/c01-koto-sib', { version: 2, record: changed })
    expect(unsourced.status).toBe(400)
    expect(Object.keys(unsourced.body.error.fields)).toEqual(['record.amountSource'])
    const res = await put('/api/v1/curation/investments/c01-koto-sib', {
      version: 2,
      record: { ...changed, amountSource: seeded.record.sources[0].url },
    })
    expect(res.status).toBe(200)
    expect(res.body.record.sources).toEqual(seeded.record.sources)
    expect((await request(t.app).get('/api/v1/investments/c01-koto-sib')).body.results).toBe(
      'Outcome payments were made as planned.',
    )
  })
})

describe('instruments, funds and glossary terms', () => {
  it('edits an instrument: every fact needs a source; 409 on a stale version; the catalogue reloads at once', async () => {
    const current = (await get('/api/v1/curation/instruments/loan')).body
    expect(current).toMatchObject({
      kind: 'instruments',
      id: 'loan',
      version: 1,
      completeness: null,
      url: '/instruments/loan',
    })
    const record = current.record
    const noSource = await put('/api/v1/curation/instruments/loan', {
      version: 1,
      record: { ...record, pros: [...record.pros, { text: 'Cheap long-term money.', confidence: 'S', sources: [] }] },
    })
    expect(noSource.status).toBe(400)
    expect(noSource.body.error.fields[`record.pros.${record.pros.length}.sources`]).toEqual([
      'Every fact needs at least one source',
    ])

    const fact = {
      text: 'Development banks lend for up to 30 years.',
      confidence: 'V',
      sources: ['https://www.example.org/ceb-terms'],
    }
    const ok = await put('/api/v1/curation/instruments/loan', {
      version: 1,
      record: { ...record, name: 'Loan (edited)', pros: [...record.pros, fact] },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.version).toBe(2)
    const pub = await request(t.app).get('/api/v1/instruments/loan')
    expect(pub.body.name).toBe('Loan (edited)')
    expect(pub.body.pros).toContainEqual(fact)
    expect(pub.body.curation).toBeUndefined()
    expect((await put('/api/v1/curation/instruments/loan', { version: 1, record })).status).toBe(409)

    const history = (await get('/api/v1/curation/instruments/loan/history')).body.items
    expect(history[0].changes.map((c: { field: string }) => c.field).sort()).toEqual(['name', 'pros'])
  })

  it('the seed, applied again, keeps curated catalogue records and investments as curators left them', async () => {
    const report = await applySeed(
      t.services.store,
      t.services.investments,
      readSeedFiles(SEED_DIR_PATH),
      '2026-02-01T00:00:00.000Z',
    )
    expect(report.keptEdits).toBeGreaterThanOrEqual(2)
    await t.services.catalogue.reload()
    expect(t.services.catalogue.instrument('loan')!.name).toBe('Loan (edited)')
    expect((await get('/api/v1/curation/instruments/loan')).body.version).toBe(2)
    expect((await request(t.app).get('/api/v1/investments/c01-koto-sib')).body.results).toBe(
      'Outcome payments were made as planned.',
    )
  })

  it('the slug of a catalogue record cannot change through an edit', async () => {
    const current = (await get('/api/v1/curation/funds/amif')).body
    const res = await put('/api/v1/curation/funds/amif', {
      version: current.version,
      record: { ...current.record, slug: 'erdf' },
    })
    expect(res.status).toBe(400)
    expect(Object.keys(res.body.error.fields)).toEqual(['record.slug'])
  })

  it('retires and reinstates a fund: its page and API record disappear and come back', async () => {
    const current = (await get('/api/v1/curation/funds/cerv')).body
    const res = await post('/api/v1/curation/funds/cerv/retire', {
      version: current.version,
      reason: 'Not used by any case',
    })
    expect(res.status).toBe(200)
    expect((await request(t.app).get('/api/v1/funds/cerv')).status).toBe(404)
    expect((await request(t.app).get('/funds/cerv')).status).toBe(404)
    expect((await request(t.app).get('/api/v1/funds')).body.items.map((f: { slug: string }) => f.slug)).not.toContain(
      'cerv',
    )
    const profile = API_OPERATIONS.find((op) => op.id === 'match')!.example.body as object
    const match = await request(t.app).post('/api/v1/match').send(profile)
    expect(match.status).toBe(200)
    expect(match.body.funds.map((f: { slug: string }) => f.slug)).toContain('cerv')
    expect(
      (await post('/api/v1/curation/funds/cerv/reinstate', { version: res.body.version, reason: 'Needed after all' }))
        .status,
    ).toBe(200)
    expect((await request(t.app).get('/api/v1/funds/cerv')).status).toBe(200)
  })

  it('creates a glossary term (409 when the slug is taken) and edits its confidence and sources', async () => {
    const term = {
      slug: 'social-bond',
      term: 'Social bond',
      definition: 'A bond whose proceeds finance projects with social outcomes.',
      confidence: 'S',
      sources: ['https://www.example.org/icma'],
    }
    const created = await post('/api/v1/curation/glossary', { record: term })
    expect(created.status).toBe(201)
    expect(created.body.url).toBe('/glossary#social-bond')
    expect((await post('/api/v1/curation/glossary', { record: term })).status).toBe(409)
    expect(
      (await request(t.app).get('/api/v1/glossary?q=social%20bond')).body.items.map((g: { slug: string }) => g.slug),
    ).toContain('social-bond')

    const noSource = await put('/api/v1/curation/glossary/social-bond', {
      version: 1,
      record: { ...term, sources: [] },
    })
    expect(noSource.status).toBe(400)
    const edited = await put('/api/v1/curation/glossary/social-bond', {
      version: 1,
      record: { ...term, confidence: 'V', sources: ['https://www.example.org/icma-principles'] },
      lastVerified: todayIso(),
    })
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({ version: 2, lastVerified: todayIso(), record: { confidence: 'V' } })
  })

  it('each catalogue kind is created, retired and reinstated through the API', async () => {
    // Instruments and funds are keyed by their codelist: a value without a record can be created.
    for (const [kind, slug] of [
      ['instruments', 'equity'],
      ['funds', 'emfaf'],
    ] as const) {
      const existing = (await get(`/api/v1/curation/${kind}/${slug}`)).body.record
      await new CatalogueRepository(t.services.store).remove(kind, slug)
      await t.services.catalogue.reload()
      expect((await request(t.app).get(`/api/v1/${kind}/${slug}`)).status).toBe(404)
      const created = await post(`/api/v1/curation/${kind}`, { record: existing, lastVerified: todayIso() })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ version: 1, lastVerified: todayIso(), url: `/${kind}/${slug}` })
      expect((await request(t.app).get(`/api/v1/${kind}/${slug}`)).status).toBe(200)
      const retired = await post(`/api/v1/curation/${kind}/${slug}/retire`, {
        version: 1,
        reason: 'Testing retirement',
      })
      expect(retired.body).toMatchObject({ retired: true, version: 2 })
      expect((await request(t.app).get(`/${kind}/${slug}`)).status).toBe(404)
      expect((await post(`/api/v1/curation/${kind}/${slug}/reinstate`, { version: 2 })).status).toBe(200)
      expect((await request(t.app).get(`/${kind}/${slug}`)).status).toBe(200)
      expect(
        (await get(`/api/v1/curation/${kind}/${slug}/history`)).body.items.map((e: { op: string }) => e.op),
      ).toEqual(['reinstate', 'retire', 'create'])
    }
    const term = (await get('/api/v1/curation/glossary/social-bond')).body
    expect(
      (
        await post('/api/v1/curation/glossary/social-bond/retire', {
          version: term.version,
          reason: 'Testing retirement',
        })
      ).status,
    ).toBe(200)
    expect(
      (await request(t.app).get('/api/v1/glossary')).body.items.map((g: { slug: string }) => g.slug),
    ).not.toContain('social-bond')
  })

  it('an unknown kind or record is a 404', async () => {
    expect((await get('/api/v1/curation/widgets')).status).toBe(404)
    expect((await get('/api/v1/curation/investments/no-such-case')).status).toBe(404)
    expect((await put('/api/v1/curation/glossary/no-such-term', { version: 1, record: {} })).status).toBe(404)
  })
})

describe('authorisation', () => {
  it('only curators and admins read or write curation records', async () => {
    for (const who of ['respondent', 'reviewer']) {
      expect((await get('/api/v1/curation/investments', who)).status).toBe(403)
      expect((await post('/api/v1/curation/glossary', { record: {} }, who)).status).toBe(403)
      expect((await put('/api/v1/curation/funds/amif', { version: 1, record: {} }, who)).status).toBe(403)
    }
    expect((await request(t.app).get('/api/v1/curation/investments')).status).toBe(401)
    expect((await get('/api/v1/curation/investments', 'admin')).status).toBe(200)
  })

  it('a session-cookie write without the CSRF header is refused', async () => {
    const { id } = await t.services.auth.sessions.start(curator.id)
    const res = await request(t.app)
      .post('/api/v1/curation/glossary')
      .set('Cookie', `fi_session=${id}`)
      .send({ record: {} })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('csrf_failed')
  })
})

describe('GET /api/v1/data-quality', () => {
  it('is public: fields by priority with missing counts, and the least complete records first', async () => {
    const res = await request(t.app).get('/api/v1/data-quality')
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(t.services.search.size)
    expect(res.body.fields[0].priority).toBe(1)
    const priorities = res.body.fields.map((f: { priority: number }) => f.priority)
    expect([...priorities].sort()).toEqual(priorities)
    const scores = res.body.leastComplete.map((r: { completeness: { score: number } }) => r.completeness.score)
    expect([...scores].sort((a: number, b: number) => a - b)).toEqual(scores)
    expect(res.body.fields.find((f: { field: string }) => f.field === 'outcomePayer').applicable).toBeLessThan(
      res.body.total,
    )
  })

  it('every investment in the API carries its completeness', async () => {
    const res = await request(t.app).get('/api/v1/investments?pageSize=5')
    for (const item of res.body.items) {
      expect(item.completeness.score).toBeGreaterThanOrEqual(0)
      expect(item.completeness.score).toBeLessThanOrEqual(100)
      expect(Array.isArray(item.completeness.missing)).toBe(true)
    }
  })
})

describe('bad input never yields a 5xx', () => {
  it(
    'random JSON bodies to every curation and proposal write answer 4xx or 2xx',
    async () => {
      const record = fc.oneof(
        fc.jsonValue(),
        fc.record(
          {
            title: fc.string(),
            sources: fc.jsonValue(),
            amount: fc.jsonValue(),
            amountSource: fc.jsonValue(),
            policyFields: fc.jsonValue(),
            definition: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
      )
      const body = fc.record(
        {
          version: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
          record,
          id: fc.string(),
          reason: fc.jsonValue(),
          lastVerified: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      const target = fc.constantFrom(
        ['put', '/api/v1/curation/investments/c07-sarban-de-toekomst-sib'],
        ['put', '/api/v1/curation/instruments/guarantee'],
        ['post', '/api/v1/curation/glossary'],
        ['post', '/api/v1/curation/funds/eib/retire'],
        ['post', '/api/v1/proposals'],
      )
      await fc.assert(
        fc.asyncProperty(target, body, async ([method, path], sent) => {
          const res = await (method === 'put' ? put(path!, sent) : post(path!, sent))
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(500)
        }),
        { numRuns: 60 },
      )
    },
    bound(60_000),
  )
})
