import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IndigoProject } from '../../src/indigo/indigo-project-json.js'
import { SEED_INVESTMENT_COUNT } from '../helpers/seed.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
const FIXTURE = fileURLToPath(new URL('../fixtures/indigo', import.meta.url))

function cli(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        MONGODB_URI: '',
        NODE_ENV: 'test',
        BACKUP_KEY: 'data-cli-test-backup-key-0123456789ab',
      },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

let work: string
const dir = (name: string) => join(work, name)
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'fi-data-cli-'))
})
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('npm run cli -- import:indigo, export:indigo, export, restore', () => {
  it('seeds, imports the fixture with a report, and writes INDIGO project JSON', async () => {
    expect((await cli(dir('a'), ['seed'])).code).toBe(0)
    const imported = await cli(dir('a'), ['import:indigo', '--dir', FIXTURE])
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain(`INDIGO import from ${FIXTURE}`)
    expect(imported.stdout).toContain('  imported: 3')
    expect(imported.stdout).toContain('  merged into existing records: 2')
    expect(imported.stdout).toContain('Invalid rows (left out): 2')

    const out = join(work, 'indigo.json')
    const exported = await cli(dir('a'), ['export:indigo', '--out', out])
    expect(exported.code).toBe(0)
    const body = JSON.parse(readFileSync(out, 'utf8')) as { standard_version: string; projects: unknown[] }
    expect(body.standard_version).toBe('4.1.0')
    const projects = body.projects.map((p) => IndigoProject.parse(p))
    expect(projects.map((p) => p.id)).toEqual(
      expect.arrayContaining(['INDIGO-POJ-0024', 'INDIGO-POJ-9001', 'INDIGO-POJ-9002']),
    )
    expect(exported.stdout).toMatch(new RegExp(`^Wrote ${projects.length} impact-bond records`))
  }, 240_000)

  it('import:indigo --moderate proposes instead of publishing; sources:report lists sources and flags', async () => {
    expect((await cli(dir('m'), ['seed'])).code).toBe(0)
    const moderated = await cli(dir('m'), ['import:indigo', '--dir', FIXTURE, '--moderate'])
    expect(moderated.stderr).toBe('')
    expect(moderated.stdout).toContain('  imported: 0')
    expect(moderated.stdout).toContain('  proposed for moderation (nothing published): 3')
    const report = await cli(dir('m'), ['sources:report'])
    expect(report.code).toBe(0)
    expect(report.stdout).toMatch(/^Sources in the store: \d+ addresses, \d+ citations/)
    expect(report.stdout).toContain('Records whose only source is a generic dataset page: 10')
    expect(report.stdout).toContain(
      '  investments/c02-duo-for-a-job-brussels ← https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/impact-bond-dataset-v2/',
    )
    const json = JSON.parse((await cli(dir('m'), ['sources:report', '--json'])).stdout) as {
      counts: { malformed: number }
    }
    expect(json.counts.malformed).toBe(0)
  }, 240_000)

  it('backs up, restores into an empty directory, refuses a second restore there unless --force', async () => {
    const file = join(work, 'backup.jsonl')
    const exported = await cli(dir('a'), ['export', '--out', file])
    expect(exported.code).toBe(0)
    expect(exported.stdout).toMatch(/^Backed up \d+ documents in \d+ collections/)
    expect(exported.stdout).toContain(`  investments: ${SEED_INVESTMENT_COUNT + 3}`)

    const restored = await cli(dir('b'), ['restore', '--in', file])
    expect(restored.stderr).toBe('')
    expect(restored.code).toBe(0)
    expect(restored.stdout).toContain(`  investments: ${SEED_INVESTMENT_COUNT + 3}`)

    const again = await cli(dir('b'), ['export', '--out', join(work, 'again.jsonl')])
    expect(again.code).toBe(0)
    // The same documents; the header's time and so the checksum line differ.
    const body = (path: string) => readFileSync(path, 'utf8').split('\n').slice(1, -2).join('\n')
    expect(body(join(work, 'again.jsonl'))).toBe(body(file))

    const refused = await cli(dir('b'), ['restore', '--in', file])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/The store is not empty .*add --force/)
    const forced = await cli(dir('b'), ['restore', '--in', file, '--force'])
    expect(forced.code).toBe(0)
  }, 240_000)

  it('bench-data refuses a directory with accounts, and without arguments marks nothing', async () => {
    const accounts = dir('accounts')
    const { openStore } = await import('../../src/storage/open-store.js')
    const store = await openStore({ dataDir: accounts })
    await store.collection('users').insertOne({ _id: 'u1', email: 'real@city.example' })
    await store.close()
    const refused = await cli(accounts, ['bench-data', '--investments', '10'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('DATA_DIR holds real data (users)')
    const empty = dir('empty-bench')
    const bare = await cli(empty, ['bench-data'])
    expect(bare.code).toBe(1)
    expect(bare.stderr).toContain('Give --investments N and/or --responses N')
    const seeded = await cli(empty, ['seed']) // still a normal directory: the seed goes in
    expect(seeded.code).toBe(0)
  }, 240_000)

  it('explains a missing option', async () => {
    const res = await cli(dir('c'), ['import:indigo'])
    expect(res.code).toBe(1)
    expect(res.stderr).toContain('Give the folder of the INDIGO export with --dir')
    const missing = await cli(dir('c'), ['restore', '--in', join(work, 'no-such-file.jsonl')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no-such-file.jsonl')
  }, 240_000)
})
