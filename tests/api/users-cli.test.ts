import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AccountService } from '../../src/accounts/account-service.js'
import { createAccounts } from '../../src/services.js'
import { authSettings } from '../../src/accounts/auth-settings.js'
import { openStore } from '../../src/storage/open-store.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

function cli(
  dataDir: string,
  args: string[],
  stdin: string,
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
    child.stdin.end(stdin)
  })
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fi-cli-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('npm run cli -- users:create', () => {
  it('creates an admin from a password on stdin, audit-logged as the command line; the password signs in', async () => {
    // As in a production container: the command line needs no SESSION_SECRET (issue #19.7).
    const production = { NODE_ENV: 'production', SESSION_SECRET: '', SESSION_SECRET_FILE: '' }
    const res = await cli(
      dir,
      ['users:create', '--email', 'Ops@Example.eu', '--role', 'admin', '--organisation', 'DG HOME', '--password-stdin'],
      'orange kettle violin 42\n',
      production,
    )
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout).toMatch(/^Created admin ops@example\.eu \(DG HOME\), id [0-9a-f-]{36}\n$/)
    const store = await openStore({ dataDir: dir })
    try {
      const { accounts, audit } = await createAccounts(store, authSettings())
      expect(accounts).toBeInstanceOf(AccountService)
      const user = await accounts.authenticate('ops@example.eu', 'orange kettle violin 42', {
        actorId: null,
        actorEmail: null,
        ip: null,
        via: 'page',
      })
      expect(user).toMatchObject({ role: 'admin', affiliation: 'DG HOME', organisationId: null })
      const { entries } = await audit.page({ event: 'user_created', skip: 0, limit: 5 })
      expect(entries[0]).toMatchObject({ via: 'cli', subjectEmail: 'ops@example.eu', details: { role: 'admin' } })
    } finally {
      await store.close()
    }
  }, 60_000)

  it('creates a respondent in a new organisation, then a colleague joins it by name', async () => {
    const first = await cli(
      dir,
      [
        'users:create',
        '--email',
        'a@gent.be',
        '--role',
        'respondent',
        '--organisation',
        'Stad Gent',
        '--respondent-type',
        'city',
        '--country',
        'BE',
        '--password-stdin',
      ],
      'orange kettle violin 42',
    )
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('in Stad Gent (BE)')
    const second = await cli(
      dir,
      [
        'users:create',
        '--email',
        'b@gent.be',
        '--role',
        'respondent',
        '--organisation',
        'stad  gent',
        '--password-stdin',
      ],
      'orange kettle violin 43',
    )
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('in Stad Gent (BE)')
  }, 60_000)

  it('refuses bad arguments, a weak password, and a password given without --password-stdin', async () => {
    const weak = await cli(
      dir,
      ['users:create', '--email', 'c@x.eu', '--role', 'curator', '--password-stdin'],
      'password1234',
    )
    expect(weak.code).toBe(1)
    expect(weak.stderr).toContain('password: Choose a password that is harder to guess')
    const noFlag = await cli(dir, ['users:create', '--email', 'c@x.eu', '--role', 'superuser'], '')
    expect(noFlag.code).toBe(1)
    expect(noFlag.stderr).toContain('--password-stdin')
    expect(noFlag.stderr).toContain('role')
    const newOrg = await cli(
      dir,
      [
        'users:create',
        '--email',
        'd@x.eu',
        '--role',
        'respondent',
        '--organisation',
        'Unknown org',
        '--password-stdin',
      ],
      'orange kettle violin 42',
    )
    expect(newOrg.code).toBe(1)
    expect(newOrg.stderr).toContain('--respondent-type and --country')
  }, 60_000)

  it('refuses empty or weak input on standard input with the sign-up rules, and creates nobody (issue #19.2)', async () => {
    for (const stdin of ['', '\n']) {
      const empty = await cli(
        dir,
        ['users:create', '--email', 'ops@x.eu', '--role', 'admin', '--password-stdin'],
        stdin,
      )
      expect(empty.code).toBe(1)
      expect(empty.stdout).not.toContain('Created')
      expect(empty.stderr).toContain('password: No password was read from standard input')
    }
    const short = await cli(
      dir,
      ['users:create', '--email', 'ops@x.eu', '--role', 'admin', '--password-stdin'],
      'kettle42\n',
    )
    expect(short.code).toBe(1)
    expect(short.stderr).toContain('password: Your password must be at least 12 characters long')
    const withEmail = await cli(
      dir,
      ['users:create', '--email', 'ops@x.eu', '--role', 'admin', '--password-stdin'],
      'ops@x.eu is my password',
    )
    expect(withEmail.code).toBe(1)
    expect(withEmail.stderr).toContain('password: Your password must not contain your email address')
    const store = await openStore({ dataDir: dir })
    try {
      expect(await store.collection('users').countDocuments({})).toBe(0)
    } finally {
      await store.close()
    }
  }, 60_000)

  it('says clearly that the server must be stopped when the embedded store is in use', async () => {
    const store = await openStore({ dataDir: dir })
    try {
      const res = await cli(
        dir,
        ['users:create', '--email', 'e@x.eu', '--role', 'admin', '--password-stdin'],
        'orange kettle violin 42',
      )
      expect(res.code).toBe(1)
      expect(res.stderr).toContain(`process ${process.pid} on host`)
      expect(res.stderr).toContain('stop the server before running this command')
    } finally {
      await store.close()
    }
  }, 60_000)
})
