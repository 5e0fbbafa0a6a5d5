import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { serverKind } from '../helpers/mongodb-server.js'
import { TEST_MONGODB_URI } from '../helpers/test-store.js'

/** `npm start` as an operator meets it (each test starts a process: tsx alone takes seconds on a busy machine): every line JSON, a clear word quickly when MongoDB is not there (issue 14 §6, issue 19 item 5). */
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'fi-server-start-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

interface Run {
  lines: Record<string, unknown>[]
  exited: Promise<number | null>
  /** Resolves with the first line whose `msg` is this one. */
  line(msg: string): Promise<Record<string, unknown>>
  stop(): void
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: mkdtempSync(join(work, 'data-')),
      MONGODB_URI: '',
      MONGODB_ALLOW_NO_TRANSACTIONS: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Record<string, unknown>[] = []
  const waiting: { msg: string; resolve: (line: Record<string, unknown>) => void }[] = []
  const text = createInterface({ input: child.stdout })
  text.on('line', (raw) => {
    const line = JSON.parse(raw) as Record<string, unknown>
    lines.push(line)
    for (const w of waiting.filter((w) => w.msg === line.msg)) w.resolve(line)
  })
  const closed = new Promise<void>((resolve) => text.once('close', () => resolve()))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => void closed.then(() => resolve(code))),
  )
  return {
    lines,
    exited,
    line: (msg) => {
      const found = lines.find((line) => line.msg === msg)
      return found ? Promise.resolve(found) : new Promise((resolve) => waiting.push({ msg, resolve }))
    },
    stop: () => child.kill('SIGTERM'),
  }
}

describe('starting the server', () => {
  it('says at once, in JSON lines, that MongoDB cannot be reached, without the password, and exits 1', async () => {
    const run = start({
      MONGODB_URI: 'mongodb://ops:hunter2-secret@127.0.0.1:1/fi',
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '500',
    })
    expect(await run.exited).toBe(1)
    expect(run.lines.map((line) => line.msg)).toEqual(['connecting to MongoDB', 'could not start'])
    expect(run.lines[0]).toMatchObject({ level: 'info', server: '127.0.0.1:1', serverSelectionTimeoutMS: 500 })
    expect(JSON.stringify(run.lines[1])).toContain('Cannot reach MongoDB at 127.0.0.1:1 within 500 ms')
    expect(JSON.stringify(run.lines)).not.toContain('hunter2-secret')
  }, 60_000)

  it('lists every configuration problem in one JSON line', async () => {
    const run = start({ TRUST_PROXY: 'my-proxy', MONGODB_MAX_POOL_SIZE: '0', SYNC_INTERVAL_MS: '5000' })
    expect(await run.exited).toBe(1)
    expect(run.lines).toHaveLength(1)
    const problems = (run.lines[0]!.problems as string[]).join('\n')
    expect(run.lines[0]).toMatchObject({ level: 'error', msg: 'invalid configuration' })
    expect(problems).toMatch(/TRUST_PROXY has "my-proxy"/)
    expect(problems).toMatch(/MONGODB_MAX_POOL_SIZE/)
    expect(problems).toMatch(/SYNC_INTERVAL_MS/)
  }, 60_000)

  it('serves on the embedded store, reports health, and stops on SIGTERM', async () => {
    const run = start({})
    const listening = await run.line('listening')
    const health = await fetch(`http://127.0.0.1:${listening.port as number}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'embedded', ready: true })
    run.stop()
    expect(await run.exited).toBe(0)
    expect(run.lines.at(-1)).toMatchObject({ msg: 'stopped' })
  }, 60_000)

  describe.skipIf(serverKind !== 'ferretdb')('on a server without transactions (FerretDB)', () => {
    it('refuses to start, and says what to do', async () => {
      const run = start({ MONGODB_URI: TEST_MONGODB_URI! })
      expect(await run.exited).toBe(1)
      expect(run.lines.at(-1)).toMatchObject({ level: 'error', msg: 'could not start' })
      expect(JSON.stringify(run.lines.at(-1))).toContain('does not support transactions')
      expect(JSON.stringify(run.lines.at(-1))).toContain('MONGODB_ALLOW_NO_TRANSACTIONS=true')
    }, 120_000)

    it('starts with MONGODB_ALLOW_NO_TRANSACTIONS=true, and warns that multi-document writes are not atomic', async () => {
      const run = start({
        MONGODB_URI: `${TEST_MONGODB_URI!.replace(/\/?$/, '/')}start_${process.pid}`,
        MONGODB_ALLOW_NO_TRANSACTIONS: 'true',
      })
      const warning = await run.line(
        'MongoDB without transactions (MONGODB_ALLOW_NO_TRANSACTIONS=true): writes that touch several documents are not atomic',
      )
      expect(warning.level).toBe('warn')
      const listening = await run.line('listening')
      const health = await fetch(`http://127.0.0.1:${listening.port as number}/health`)
      expect(await health.json()).toMatchObject({ status: 'ok', store: 'mongodb', ready: true })
      run.stop()
      expect(await run.exited).toBe(0)
    }, 120_000)
  })
})
