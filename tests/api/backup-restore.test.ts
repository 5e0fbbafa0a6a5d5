import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import {
  BackupFileError,
  readBackup,
  restoreBackup,
  RestoreRefusedError,
  writeBackup,
} from '../../src/backup/backup.js'
import { importIndigo } from '../../src/indigo/indigo-import.js'
import { createLogger } from '../../src/logger.js'
import { createServices } from '../../src/services.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { createUser, STRONG_PASSWORD } from '../helpers/accounts.js'
import { openTestStore, testEngine } from '../helpers/test-store.js'
import { createTestApp, TEST_SERVICE_OPTIONS, testConfig, type TestApp } from '../helpers/test-app.js'
import { SEED_INVESTMENT_COUNT } from '../helpers/seed.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/indigo', import.meta.url))
const KEY = 'backup-key-for-tests-0123456789abcdef'

let t: TestApp
let work: string
let backupFile: string
let restoredDir: string
let restoredStore: DocumentStore
let restored: { app: ReturnType<typeof createApp>; services: Awaited<ReturnType<typeof createServices>> }
/** The original data served by a freshly started app (a restart rebuilds the search index from the store). */
let original: ReturnType<typeof createApp>
let curatorEmail: string

beforeAll(async () => {
  t = await createTestApp()
  await importIndigo(FIXTURE, t.services.investments, { now: '2026-02-01T00:00:00.000Z' })
  curatorEmail = (await createUser(t.services, 'curator')).email
  work = mkdtempSync(join(tmpdir(), 'fi-backup-'))
  backupFile = join(work, 'backup.jsonl')
  await writeBackup(t.services.store, backupFile, { key: KEY })
  original = createApp({
    config: testConfig({ dataDir: t.dataDir }),
    services: await createServices(t.services.store, TEST_SERVICE_OPTIONS),
    logger: createLogger('silent'),
  })

  // A new, empty data directory: restore, then start the app on it (no seeding).
  restoredDir = mkdtempSync(join(tmpdir(), 'fi-restored-'))
  restoredStore = await openTestStore(restoredDir, 'restored')
  await restoreBackup(restoredStore, await readBackup(backupFile, { key: KEY }))
  const services = await createServices(restoredStore, TEST_SERVICE_OPTIONS)
  restored = {
    services,
    app: createApp({ config: testConfig({ dataDir: restoredDir }), services, logger: createLogger('silent') }),
  }
})
afterAll(async () => {
  await restoredStore?.close()
  await t.close()
  rmSync(work, { recursive: true, force: true })
  rmSync(restoredDir, { recursive: true, force: true })
})

describe('a backup restored into an empty data directory', () => {
  it.each([
    '/api/v1/investments?pageSize=100',
    '/api/v1/investments?pageSize=100&page=2',
    '/api/v1/investments?q=refugee&policyField=employment',
    '/api/v1/investments/c01-koto-sib',
    '/api/v1/investments/indigo-poj-9001',
    '/api/v1/investments/indigo-poj-9001/indigo',
    '/api/v1/investments/export?format=csv',
    '/api/v1/instruments',
    '/api/v1/instruments/social-outcomes-contract',
    '/api/v1/funds',
    '/api/v1/funds/eif',
    '/api/v1/glossary',
    '/api/v1/changes?limit=1000',
  ])('serves the same %s', async (path) => {
    // Both apps answer on their own ephemeral port; the CSV's record_url names the host asked.
    const before = await request(original).get(path).set('Host', 'fi.example.eu')
    const after = await request(restored.app).get(path).set('Host', 'fi.example.eu')
    expect(before.status).toBe(200)
    expect(after.status).toBe(200)
    expect(after.text).toBe(before.text)
  })

  it('serves the same pages and keeps accounts (the curator signs in with the same password)', async () => {
    for (const path of [
      '/',
      '/investments?q=housing',
      '/investments/c10-rtof-plymouth-refugee-opportunities',
      '/funds/ceb',
      '/glossary',
    ]) {
      const res = await request(restored.app).get(path)
      expect(res.status, path).toBe(200)
    }
    const user = await restored.services.auth.accounts.authenticate(curatorEmail, STRONG_PASSWORD, {
      actorId: null,
      actorEmail: null,
      ip: null,
      via: 'page',
    })
    expect(user.role).toBe('curator')
  })

  it('continues the changes feed after the restored entries', async () => {
    const latest = await restored.services.changes.latest()
    expect(latest).toBe(await t.services.changes.latest())
    const record = (await restored.services.investments.get('c02-duo-for-a-job-brussels'))!
    await restored.services.investments.replace({ ...record, notes: 'Edited after the restore' }, record.version)
    const res = await request(restored.app).get(`/api/v1/changes?since=${latest}`)
    expect(res.body.items).toMatchObject([{ seq: latest + 1, id: 'c02-duo-for-a-job-brussels', op: 'update' }])
  })
})

describe('the backup file', () => {
  it('has a header with the format, version, time and counts, and is readable by its owner only', () => {
    const [first] = readFileSync(backupFile, 'utf8').split('\n')
    const header = JSON.parse(first!)
    expect(header).toMatchObject({ format: 'fi-for-inclusion-backup', version: 2, store: testEngine })
    expect(header.collections).toMatchObject({
      investments: SEED_INVESTMENT_COUNT + 3,
      changes: expect.any(Number),
      users: 1,
      instruments: 8,
      funds: 9,
    })
    expect(statSync(backupFile).mode & 0o777).toBe(0o600)
  })

  it('is refused by a store that holds data, unless forced (then it replaces everything)', async () => {
    const backup = await readBackup(backupFile, { key: KEY })
    await expect(restoreBackup(t.services.store, backup)).rejects.toBeInstanceOf(RestoreRefusedError)
    const dir = mkdtempSync(join(tmpdir(), 'fi-force-'))
    const store = await openTestStore(dir, 'forced')
    try {
      await store.collection('investments').insertOne({ _id: 'stray', title: 'left over' })
      await store.collection('other').insertOne({ _id: 'x' })
      await restoreBackup(store, backup, { force: true })
      expect(await store.collection('investments').findOne({ _id: 'stray' })).toBeNull()
      expect(await store.collection('other').countDocuments()).toBe(0)
      expect(await store.collection('investments').countDocuments()).toBe(SEED_INVESTMENT_COUNT + 3)
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it.each([
    [
      'a missing or foreign header',
      (lines: string[]) => ['{"format":"something-else","version":1}', ...lines.slice(1)],
      /line 1: not a backup header/,
    ],
    [
      'a line that is not JSON',
      (lines: string[]) => [...lines.slice(0, 2), '{not json', ...lines.slice(2)],
      /line 3: not JSON/,
    ],
    [
      'a truncated file',
      (lines: string[]) => lines.slice(0, -3),
      /the header counts \d+ documents, the file holds \d+/,
    ],
    ['a duplicate _id', (lines: string[]) => [...lines, lines[1]!], /duplicate _id/],
    [
      'an operator key',
      (lines: string[]) => [lines[0]!, lines[1]!.replace('"doc":{', '"doc":{"$where":"1",'), ...lines.slice(2)],
      /cannot start with "\$"/,
    ],
  ])('rejects %s before touching the store, naming the line', async (_what, edit, message) => {
    const lines = readFileSync(backupFile, 'utf8').trimEnd().split('\n')
    const bad = join(work, 'bad.jsonl')
    writeFileSync(bad, `${edit(lines).join('\n')}\n`)
    const error = await readBackup(bad, { key: KEY }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackupFileError)
    expect((error as Error).message).toMatch(message)
  })

  /** The same file with one account's role edited from respondent (or curator) to admin. */
  function promoted(): { lines: string[]; at: number } {
    const lines = readFileSync(backupFile, 'utf8').trimEnd().split('\n')
    const at = lines.findIndex((line) => line.includes('"collection":"users"'))
    lines[at] = lines[at]!.replace(/"role":"[a-z]+"/, '"role":"admin"')
    return { lines, at }
  }

  it('refuses a file edited after it was written (a role raised to admin): the checksum fails, and it says so', async () => {
    const bad = join(work, 'edited.jsonl')
    writeFileSync(bad, `${promoted().lines.join('\n')}\n`)
    const error = await readBackup(bad, { key: KEY }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackupFileError)
    expect((error as Error).message).toContain(
      'checksum mismatch: the file was changed or damaged after it was written',
    )
  })

  it('refuses an edited file whose checksum was recomputed without the key: the signature fails', async () => {
    const { lines } = promoted()
    const footer = JSON.parse(lines.pop()!)
    const body = `${lines.join('\n')}\n`
    footer.sha256 = createHash('sha256').update(body).digest('hex')
    const bad = join(work, 'resigned.jsonl')
    writeFileSync(bad, `${body}${JSON.stringify(footer)}\n`)
    const error = await readBackup(bad, { key: KEY }).catch((e: unknown) => e)
    expect((error as Error).message).toContain(
      'signature mismatch: the checksum line was rewritten after the file was signed',
    )
    const other = await readBackup(backupFile, { key: 'another-backup-key-0123456789abcdefgh' }).catch(
      (e: unknown) => e,
    )
    expect((other as Error).message).toContain('signed with another key')
    const none = await readBackup(backupFile).catch((e: unknown) => e)
    expect((none as Error).message).toContain('set BACKUP_KEY (or SESSION_SECRET)')
  })

  it('refuses an unsigned or version 1 file unless the operator allows it', async () => {
    const unsigned = join(work, 'unsigned.jsonl')
    await writeBackup(t.services.store, unsigned)
    expect(((await readBackup(unsigned).catch((e: unknown) => e)) as Error).message).toContain('the file is not signed')
    expect((await readBackup(unsigned, { allowUnsigned: true })).integrity).toBe('checksum only')
    const lines = readFileSync(unsigned, 'utf8').trimEnd().split('\n').slice(0, -1)
    lines[0] = lines[0]!.replace('"version":2', '"version":1')
    const v1 = join(work, 'v1.jsonl')
    writeFileSync(v1, `${lines.join('\n')}\n`)
    expect(((await readBackup(v1).catch((e: unknown) => e)) as Error).message).toContain(
      'version 1 backup, which carries no checksum or signature',
    )
    expect((await readBackup(v1, { allowUnsigned: true })).integrity).toBe('none (format version 1)')
  })
})
