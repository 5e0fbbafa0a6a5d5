import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Express } from 'express'
import { createApp } from '../../src/app.js'
import { DEFAULT_RETENTION, DEFAULT_SITE, type Config } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { createServices, type ServiceOptions, type Services } from '../../src/services.js'
import { MONGODB_DEFAULTS } from '../../src/storage/mongodb/mongo-store.js'
import { openTestStore, testEngine } from './test-store.js'
import { readBackup, restoreBackup, writeBackup } from '../../src/backup/backup.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { QUOTA_ACTIONS } from '../../src/quotas/quota-settings.js'

export interface TestApp {
  app: Express
  services: Services
  dataDir: string
  close(): Promise<void>
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    dataDir: '',
    mongodbUri: undefined,
    mongodb: { allowNoTransactions: true, ...MONGODB_DEFAULTS },
    syncIntervalMs: 1000,
    trustProxy: ['loopback'],
    sessionSecret: undefined,
    backupKey: undefined,
    shutdownTimeoutMs: 10_000,
    indigoDir: undefined,
    logLevel: 'silent',
    site: DEFAULT_SITE,
    retention: DEFAULT_RETENTION,
    ...overrides,
  }
}

/**
 * Write quotas that a test hammering many routes (the authorisation matrix, property tests) never
 * reaches; the quota tests set small ones of their own, every other test runs with production's.
 */
export const GENEROUS_QUOTAS: NonNullable<ServiceOptions['quotas']> = Object.fromEntries(
  QUOTA_ACTIONS.map((action) => [
    action,
    { perAccount: [{ max: 1_000_000, windowMs: 60_000 }], perAddress: [{ max: 1_000_000, windowMs: 60_000 }] },
  ]),
)

/** Account settings for tests: scrypt at a cheap cost (production's costs ~0.5 s per hash). */
export const TEST_SERVICE_OPTIONS: ServiceOptions = { auth: { scrypt: { N: 2 ** 10, r: 8, p: 1 } } }

/**
 * The real app on a fresh store, seeded with the real seed files: the embedded engine in a temp
 * directory, or a new MongoDB database when MONGODB_URI is set (tests/helpers/test-store.ts).
 */
export async function createTestApp(overrides: Partial<Config> = {}, options: ServiceOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fi-test-'))
  const config = testConfig({ dataDir, ...overrides })
  const store = await openTestStore(dataDir)
  const seeded = await restoreSeedSnapshot(store)
  const services = await createServices(store, { ...options, auth: { ...TEST_SERVICE_OPTIONS.auth, ...options.auth } })
  if (!seeded) {
    await applySeed(store, services.investments, readSeedFiles(SEED_DIR_PATH), '2026-01-01T00:00:00.000Z')
    await writeSeedSnapshot(store)
  }
  await services.catalogue.reload()
  const app = createApp({ config, services, logger: createLogger('silent') })
  return {
    app,
    services,
    dataDir,
    async close() {
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * The seeded store, kept once per test run as a backup file (in FI_TEST_SEED_DIR, made by
 * tests/helpers/global-setup.ts) and restored into each new test store, as a server starts on a
 * store seeded before. Seeding through the repositories takes about 1 s on the embedded engine and
 * 8 s on FerretDB, the restore 0.1 s and 0.3 s (ADR 067). The run's first test app seeds for real;
 * the seed itself is tested where it is applied on purpose (tests/api/seed*.test.ts and others).
 */
function seedSnapshotPath(): string | undefined {
  const dir = process.env.FI_TEST_SEED_DIR
  return dir ? join(dir, `seeded-${testEngine}.backup`) : undefined
}

async function restoreSeedSnapshot(store: DocumentStore): Promise<boolean> {
  const path = seedSnapshotPath()
  if (!path || !existsSync(path)) return false
  await restoreBackup(store, await readBackup(path, { allowUnsigned: true }))
  return true
}

async function writeSeedSnapshot(store: DocumentStore): Promise<void> {
  const path = seedSnapshotPath()
  if (!path) return
  // Several workers may seed at once: each writes its own file, the rename makes one whole file the snapshot.
  const own = `${path}.${process.pid}.${randomUUID()}`
  await writeBackup(store, own)
  renameSync(own, path)
}
