import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { createLogger } from '../../src/logger.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { createServices, type Services } from '../../src/services.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { bearerFor, createUser } from '../helpers/accounts.js'
import { makeUser, answer } from '../helpers/review.js'
import { TEST_SERVICE_OPTIONS, testConfig } from '../helpers/test-app.js'
import { openTestStore, openTestStoreAgain, testEngine } from '../helpers/test-store.js'

/**
 * Two app instances over one store (docs/adr/026): what one writes, the other applies from the
 * changes feed within one poll interval; review figures read the store's versions on every call.
 * On the embedded engine both instances share the store in one process; with MONGODB_URI (CI's
 * FerretDB run) each has its own connection to one database.
 */
interface Instance {
  app: Express
  services: Services
  store: DocumentStore
}

const dataDir = mkdtempSync(join(tmpdir(), 'fi-instances-'))
let a: Instance
let b: Instance

async function instance(store: DocumentStore): Promise<Instance> {
  // A short interval keeps the test quick; the test waits for the entry, never for the clock.
  const services = await createServices(store, { ...TEST_SERVICE_OPTIONS, syncIntervalMs: 50 })
  services.follower.start()
  return {
    app: createApp({ config: testConfig({ dataDir }), services, logger: createLogger('silent') }),
    services,
    store,
  }
}

beforeAll(async () => {
  const storeA = await openTestStore(dataDir, 'instances')
  a = await instance(storeA)
  await applySeed(storeA, a.services.investments, readSeedFiles(SEED_DIR_PATH), '2026-01-01T00:00:00.000Z')
  await a.services.catalogue.reload()
  // B starts after A seeded, as a second instance joins a running site.
  b = await instance(await openTestStoreAgain(storeA))
})
afterAll(async () => {
  await a.services.follower.stop()
  await b.services.follower.stop()
  if (b.store !== a.store) await b.store.close()
  await a.store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe(`two instances over one ${testEngine} store`, () => {
  it('a curator edit through A is found by search on B', async () => {
    const curator = await createUser(a.services, 'curator')
    const token = await bearerFor(a.services, curator)
    const current = await request(a.app)
      .get('/api/v1/curation/investments/c01-koto-sib')
      .set('Authorization', `Bearer ${token}`)
    expect(current.status).toBe(200)
    const before = await request(b.app).get('/api/v1/investments?q=Zanzibarian')
    expect(before.body.total).toBe(0)

    const edited = await request(a.app)
      .put('/api/v1/curation/investments/c01-koto-sib')
      .set('Authorization', `Bearer ${token}`)
      .send({
        version: current.body.version,
        record: {
          ...current.body.record,
          title: 'Zanzibarian outcomes contract',
          amountSource: current.body.record.sources[0].url,
        },
      })
    expect(edited.status).toBe(200)
    const seq = await a.services.changes.latest()

    await b.services.follower.caughtUpTo(seq)
    const found = await request(b.app).get('/api/v1/investments?q=Zanzibarian')
    expect(found.body.items.map((i: { id: string; title: string }) => [i.id, i.title])).toEqual([
      ['c01-koto-sib', 'Zanzibarian outcomes contract'],
    ])
    const health = await request(b.app).get('/health')
    expect(health.body).toMatchObject({ status: 'ok', ready: true, sync: { behind: 0 } })
    expect(health.body.sync.appliedSeq).toBeGreaterThanOrEqual(seq)
  })

  it('a catalogue edit through A reaches the catalogue of B', async () => {
    const curator = await createUser(a.services, 'curator')
    const token = await bearerFor(a.services, curator)
    const current = await request(a.app)
      .get('/api/v1/curation/glossary/blending-operation')
      .set('Authorization', `Bearer ${token}`)
    expect(current.status).toBe(200)
    const definition =
      'Combining EU grants with loans or other repayable finance in one operation (edited through instance A).'
    const edited = await request(a.app)
      .put('/api/v1/curation/glossary/blending-operation')
      .set('Authorization', `Bearer ${token}`)
      .send({ version: current.body.version, record: { ...current.body.record, definition } })
    expect(edited.status).toBe(200)
    await b.services.follower.caughtUpTo(await a.services.changes.latest())
    const onB = await request(b.app).get('/api/v1/glossary?q=blending%20operation')
    expect(onB.body.items.find((term: { slug: string }) => term.slug === 'blending-operation').definition).toBe(
      definition,
    )
  })

  it('a response submitted through A appears in the review figures of B', async () => {
    const reviewer = await createUser(b.services, 'reviewer')
    const token = await bearerFor(b.services, reviewer)
    const before = (await request(b.app).get('/api/v1/review/summary').set('Authorization', `Bearer ${token}`)).body
      .summary.total
    const city = await makeUser(a.services, 'respondent', { name: 'Città di Prova', type: 'city', country: 'IT' })
    const id = await answer(a.services, city, {})

    const after = await request(b.app).get('/api/v1/review/summary').set('Authorization', `Bearer ${token}`)
    expect(after.body.summary.total).toBe(before + 1)
    expect(after.body.summary.byCountry).toContainEqual(expect.objectContaining({ value: 'IT', count: 1 }))
    const listed = await request(b.app)
      .get('/api/v1/review/responses?country=IT')
      .set('Authorization', `Bearer ${token}`)
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([id])
  })
})
