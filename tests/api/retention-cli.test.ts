import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

function cli(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '', NODE_ENV: 'test', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fi-retention-cli-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('npm run cli -- retention:sweep', () => {
  it('deletes what the configured periods no longer allow and says what it did', async () => {
    const day = 86_400_000
    const store = await openEmbeddedStore({ dataDir: dir })
    await store.collection('audit_log').insertMany([
      { _id: 'old', at: new Date(Date.now() - 40 * day).toISOString(), event: 'sign_in', ip: '203.0.113.9' },
      { _id: 'middle', at: new Date(Date.now() - 10 * day).toISOString(), event: 'sign_in', ip: '203.0.113.9' },
      { _id: 'new', at: new Date().toISOString(), event: 'sign_in', ip: '203.0.113.9' },
    ])
    await store
      .collection('login_attempts')
      .insertOne({ _id: 'stale', key: 'login:ip:203.0.113.9', at: new Date(Date.now() - 2 * 3_600_000).toISOString() })
    await store.close()
    const run = await cli(dir, ['retention:sweep'], { RETENTION_AUDIT_DAYS: '30', RETENTION_AUDIT_IP_DAYS: '7' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('1 sign-in attempts, 0 write counters, 1 audit entries')
    expect(run.stdout).toContain('client addresses removed from 1 audit entries')
    const after = await openEmbeddedStore({ dataDir: dir })
    try {
      expect((await after.collection('audit_log').find({}, { sort: { _id: 1 } })).map((d) => [d._id, d.ip])).toEqual([
        ['middle', null],
        ['new', '203.0.113.9'],
      ])
      expect(await after.collection('login_attempts').countDocuments({})).toBe(0)
    } finally {
      await after.close()
    }
  })

  it('refuses a retention setting out of range, naming it', async () => {
    const run = await cli(dir, ['retention:sweep'], { RETENTION_AUDIT_DAYS: '5' })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('RETENTION_AUDIT_DAYS')
  })
})
