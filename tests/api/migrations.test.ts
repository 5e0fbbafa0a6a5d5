import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { MIGRATIONS, runMigrations } from '../../src/migrations/migrations.js'
import { checkRecords, migrateAndCheck, RecordsInvalidError } from '../../src/migrations/record-checks.js'
import { createServices } from '../../src/services.js'
import { openStore } from '../../src/storage/open-store.js'
import { jsonLines, runServer } from '../contract/server-process.js'
import { TEST_SERVICE_OPTIONS } from '../helpers/test-app.js'

/** Upgrades (issue 19 #4): the previous release's data directory, migrated at start and by `migrate`. */

const PREVIOUS = fileURLToPath(new URL('../fixtures/previous-release/store', import.meta.url))
const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

function previousRelease(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fi-previous-'))
  made.push(dir)
  cpSync(PREVIOUS, dir, { recursive: true })
  return dir
}

describe('data migrations', () => {
  it("bring the previous release's data up to date once, recorded in the store; its accounts still sign in", async () => {
    const store = await openStore({ dataDir: previousRelease() })
    try {
      const before = await checkRecords(store)
      // What the previous release wrote: accounts without the `locale` field.
      expect(before.problems.map((p) => `${p.collection} ${p.problem.split(':')[0]}`)).toEqual([
        'users locale',
        'users locale',
      ])
      const first = await migrateAndCheck(store, (s) => runMigrations(s, () => new Date('2026-06-01T00:00:00.000Z')))
      expect(first.applied).toEqual([
        { id: '001-users-locale', changed: 2 },
        { id: '002-imported-relevance', changed: 0 },
      ])
      expect(first.checked).toBeGreaterThan(100)
      expect(await store.collection('migrations').find()).toEqual([
        {
          _id: '001-users-locale',
          description: MIGRATIONS[0]!.description,
          appliedAt: '2026-06-01T00:00:00.000Z',
          changed: 2,
        },
        {
          _id: '002-imported-relevance',
          description: MIGRATIONS[1]!.description,
          appliedAt: '2026-06-01T00:00:00.000Z',
          changed: 0,
        },
      ])
      expect((await runMigrations(store)).applied).toEqual([])
      const services = await createServices(store, TEST_SERVICE_OPTIONS)
      const admin = await services.auth.accounts.authenticate('ops@example.eu', 'orange kettle violin 42', {
        actorId: null,
        actorEmail: null,
        ip: null,
        via: 'page',
      })
      expect(admin).toMatchObject({ role: 'admin', locale: null })
    } finally {
      await store.close()
    }
  })

  it(
    'a record that still does not fit is reported by collection and id, and the server refuses to start',
    { timeout: 90_000 },
    async () => {
      const dataDir = previousRelease()
      const store = await openStore({ dataDir })
      await store.collection('investments').updateOne({ _id: 'c01-koto-sib' }, { $set: { confidence: 'maybe' } })
      const error = await migrateAndCheck(store, runMigrations).catch((e: unknown) => e)
      await store.close()
      expect(error).toBeInstanceOf(RecordsInvalidError)
      expect((error as Error).message).toContain('investments c01-koto-sib: confidence:')
      const server = runServer({ DATA_DIR: dataDir, PORT: '4220' })
      expect((await server.exited).code).toBe(1)
      const lines = jsonLines(server.lines)
      expect(lines.map((line) => line.msg)).not.toContain('listening')
      expect(lines.at(-1)).toMatchObject({
        level: 'error',
        msg: 'could not start',
        error: 'RecordsInvalidError',
        message: expect.stringContaining('investments c01-koto-sib'),
      })
    },
  )

  it('npm run cli -- migrate applies and reports them', { timeout: 90_000 }, async () => {
    const dataDir = previousRelease()
    const cli = runServer({ DATA_DIR: dataDir }, process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'])
    expect((await cli.exited).code).toBe(0)
    expect(cli.lines).toEqual([
      'Applied 001-users-locale: 2 documents changed',
      'Applied 002-imported-relevance: 0 documents changed',
      expect.stringMatching(/^2 migration\(s\) applied; \d+ records checked, all readable by this release\.$/),
    ])
  })
})
