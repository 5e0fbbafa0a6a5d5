import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { readBackup, restoreBackup } from '../../src/backup/backup.js'
import { createLogger } from '../../src/logger.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { createServices, type Services } from '../../src/services.js'
import { openStore } from '../../src/storage/open-store.js'
import { bearerFor, createUser, sessionFor, type PageSession } from '../helpers/accounts.js'
import { TEST_SERVICE_OPTIONS, testConfig } from '../helpers/test-app.js'

/**
 * Operations on the running server (issue 13 #10, #9): the storage page, a consistent backup
 * downloaded while autosaves run, the INDIGO import, a full disk (507) and draining (503).
 */

const KEY = 'storage-admin-test-key-0123456789abcdef'
const INDIGO = fileURLToPath(new URL('../fixtures/indigo', import.meta.url))

let dataDir: string
let work: string
let services: Services
let app: ReturnType<typeof createApp>
let admin: PageSession
const lifecycle = { draining: false }
let diskFull = false

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fi-storage-admin-'))
  work = mkdtempSync(join(tmpdir(), 'fi-storage-work-'))
  const store = await openStore({
    dataDir,
    embedded: {
      beforeJournalWrite: () => {
        if (diskFull) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      },
    },
  })
  services = await createServices(store, TEST_SERVICE_OPTIONS)
  await applySeed(store, services.investments, readSeedFiles(SEED_DIR_PATH), '2026-01-01T00:00:00.000Z')
  await services.catalogue.reload()
  app = createApp({
    config: testConfig({ dataDir, backupKey: KEY, indigoDir: INDIGO }),
    services,
    logger: createLogger('silent'),
    lifecycle,
  })
  admin = await sessionFor(services, await createUser(services, 'admin'))
})
afterAll(async () => {
  await services.store.close()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

const page = (path: string) => request(app).get(path).set('Cookie', admin.cookie)

describe('/admin/storage', () => {
  it('says what recovery found and offers a backup and the INDIGO import', async () => {
    const res = await page('/admin/storage')
    expect(res.status).toBe(200)
    expect(res.text).toContain('No record was left out when the store was opened.')
    expect(res.text).toContain('Every compaction of the journal since the start succeeded.')
    expect(res.text).toContain('The file is signed with the backup key')
    expect(res.text).toContain(`from the folder ${INDIGO} on the server`)
    const health = await request(app).get('/health')
    expect(health.body).toMatchObject({
      status: 'ok',
      store: 'embedded',
      recovery: { droppedRecords: 0 },
      compaction: { failures: 0 },
    })
  })

  it('a backup downloaded while autosaves run holds every save acknowledged before it began, and restores', async () => {
    const respondents = await Promise.all(
      Array.from({ length: 4 }, async (_, i) =>
        bearerFor(services, await createUser(services, 'respondent', `Autosave city ${i}`)),
      ),
    )
    const drafts = await Promise.all(
      respondents.map(async (token) => {
        const res = await request(app)
          .post('/api/v1/responses')
          .set('Authorization', `Bearer ${token}`)
          .send({ respondentType: 'city' })
        return { token, id: res.body.id as string, version: res.body.version as number }
      }),
    )
    const acked = new Map<string, number>()
    let saving = true
    let saves = 0
    const autosave = async (draft: (typeof drafts)[number]) => {
      while (saving) {
        const res = await request(app)
          .patch(`/api/v1/responses/${draft.id}`)
          .set('Authorization', `Bearer ${draft.token}`)
          .send({ version: draft.version, answers: { challenges: `Saved text number ${++saves}` } })
        expect(res.status).toBe(200)
        draft.version = res.body.version
        acked.set(draft.id, draft.version)
      }
    }
    const running = drafts.map(autosave)
    while (saves < 20) await new Promise((resolve) => setImmediate(resolve))
    const before = new Map(acked) // acknowledged before the backup was asked for
    const backup = await page('/admin/backup')
      .buffer(true)
      .parse((res, done) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => done(null, text))
      })
    saving = false
    await Promise.all(running)
    expect(backup.status).toBe(200)
    expect(backup.headers['content-disposition']).toMatch(/^attachment; filename="fi-for-inclusion-backup-.+\.jsonl"$/)
    expect(backup.headers['cache-control']).toBe('no-store')
    const file = join(work, 'online.jsonl')
    writeFileSync(file, backup.body as string)
    const parsed = await readBackup(file, { key: KEY })
    expect(parsed.integrity).toBe('signed')
    const target = await openStore({ dataDir: mkdtempSync(join(work, 'restored-')) })
    try {
      await restoreBackup(target, parsed)
      for (const [id, version] of before) {
        const doc = await target.collection('responses').findOne({ _id: id })
        expect(doc?.version, `response ${id}`).toBeGreaterThanOrEqual(version)
      }
    } finally {
      await target.close()
    }
    const audit = await services.auth.audit.page({ event: 'backup_downloaded', skip: 0, limit: 5 })
    expect(audit.entries[0]?.details).toMatchObject({ signed: 'yes' })
    console.info(
      `[online-backup] ${saves} autosaves, ${[...before.values()].reduce((a, b) => a + b, 0)} versions acknowledged before the backup, all in it`,
    )
  })

  it('gives a scheduled job the same signed backup at GET /api/v1/backup with an admin token, audited as "api"', async () => {
    const token = await bearerFor(services, await createUser(services, 'admin', 'Backup job'))
    const res = await request(app)
      .get('/api/v1/backup')
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((r, done) => {
        let text = ''
        r.on('data', (chunk: Buffer) => (text += chunk.toString()))
        r.on('end', () => done(null, text))
      })
    expect(res.status).toBe(200)
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="fi-for-inclusion-backup-.+\.jsonl"$/)
    const file = join(work, 'api.jsonl')
    writeFileSync(file, res.body as string)
    expect((await readBackup(file, { key: KEY })).integrity).toBe('signed')
    const audit = await services.auth.audit.page({ event: 'backup_downloaded', skip: 0, limit: 1 })
    expect(audit.entries[0]).toMatchObject({ via: 'api' })
    const respondent = await bearerFor(services, await createUser(services, 'respondent', 'Not an admin city'))
    expect((await request(app).get('/api/v1/backup').set('Authorization', `Bearer ${respondent}`)).status).toBe(403)
  })

  it('runs the INDIGO import on the running server: a trial changes nothing, the import is searchable at once', async () => {
    const count = services.search.size
    const trial = await request(app)
      .post('/admin/imports/indigo')
      .set('Cookie', admin.cookie)
      .type('form')
      .send({ _csrf: admin.csrf, mode: 'dry-run' })
    expect(trial.status).toBe(200)
    expect(trial.text).toContain('This was a trial: nothing was changed.')
    expect(services.search.size).toBe(count)
    const run = await request(app)
      .post('/admin/imports/indigo')
      .set('Cookie', admin.cookie)
      .type('form')
      .send({ _csrf: admin.csrf, mode: 'import' })
    expect(run.text).toContain('The import finished.')
    expect(services.search.size).toBeGreaterThan(count)
    expect((await request(app).get('/api/v1/investments/indigo-poj-9001')).status).toBe(200)
    expect((await services.auth.audit.page({ event: 'import_run', skip: 0, limit: 5 })).total).toBe(2)
  })
})

describe('a full disk and a shutdown', () => {
  it('a write on a full disk is a 507 with a clear message on the API and on pages, and changes nothing', async () => {
    const token = await bearerFor(services, await createUser(services, 'respondent', 'Full disk city'))
    diskFull = true
    try {
      const api = await request(app)
        .post('/api/v1/responses')
        .set('Authorization', `Bearer ${token}`)
        .send({ respondentType: 'city' })
      expect(api.status).toBe(507)
      expect(api.body.error).toMatchObject({
        code: 'insufficient_storage',
        message: expect.stringContaining('run out of storage space'),
      })
      const form = await request(app)
        .post('/admin/imports/indigo')
        .set('Cookie', admin.cookie)
        .type('form')
        .send({ _csrf: admin.csrf, mode: 'import' })
      expect(form.status).toBe(507)
      expect(form.text).toContain('Your change could not be saved')
    } finally {
      diskFull = false
    }
    const mine = await request(app)
      .post('/api/v1/responses')
      .set('Authorization', `Bearer ${token}`)
      .send({ respondentType: 'city' })
    expect(mine.status).toBe(201) // nothing of the failed write was left behind
  })

  it('while draining, writes get 503 with Retry-After and reads are still answered', async () => {
    lifecycle.draining = true
    try {
      const write = await request(app)
        .post('/api/v1/auth/token')
        .send({ email: 'x@example.eu', password: 'whatever it is' })
      expect(write.status).toBe(503)
      expect(write.headers['retry-after']).toBe('10')
      expect(write.body.error.code).toBe('shutting_down')
      const form = await request(app).post('/login').type('form').send({ email: 'x@example.eu' })
      expect(form.status).toBe(503)
      expect(form.text).toContain('The service is restarting')
      const read = await request(app).get('/api/v1/investments/c01-koto-sib')
      expect(read.status).toBe(200)
      expect(read.headers.connection).toBe('close')
      expect((await request(app).get('/health')).body.status).toBe('stopping')
    } finally {
      lifecycle.draining = false
    }
  })
})
