import { existsSync, readdirSync, statSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { jsonLines, runServer } from './server-process.js'
import { tempDirs } from './temp-dirs.js'

/**
 * The real server process (issue 13 #6, issue 19 #5): SIGTERM under load with a slow client, SIGTERM
 * to `npm start`, a port that is taken, start-up errors as JSON lines. Ports 4200-4299.
 */

const dirs = tempDirs('server-lifecycle-')
afterAll(() => dirs.removeAll())

const json = (token?: string) => ({
  'Content-Type': 'application/json',
  ...(token ? { Authorization: `Bearer ${token}` } : {}),
})

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

describe('the server process', () => {
  it(
    'on SIGTERM under load: refuses new writes with 503, finishes the rest, closes a slow client at the deadline, snapshots, releases the lock, exits 0',
    { timeout: 120_000 },
    async () => {
      const dataDir = dirs.make()
      const port = 4211
      const base = `http://127.0.0.1:${port}`
      const server = runServer({ DATA_DIR: dataDir, PORT: String(port), SHUTDOWN_TIMEOUT_SECONDS: '2' })
      await server.waitFor('"msg":"listening"')
      const registered = await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: json(),
        body: JSON.stringify({
          email: 'term@city.example',
          password: 'orange kettle violin 42',
          name: 'Term Test',
          organisation: 'City of Term',
          country: 'DE',
          respondentType: 'city',
        }),
      })
      expect(registered.status).toBe(202)
      const signedIn = await fetch(`${base}/api/v1/auth/token`, {
        method: 'POST',
        headers: json(),
        body: JSON.stringify({ email: 'term@city.example', password: 'orange kettle violin 42' }),
      })
      const { token } = (await signedIn.json()) as { token: string }
      const started = await fetch(`${base}/api/v1/responses`, {
        method: 'POST',
        headers: json(token),
        body: JSON.stringify({ respondentType: 'city' }),
      })
      const draft = (await started.json()) as { id: string; version: number }

      // A client that sends half a request and then nothing.
      const slow = connect(port, '127.0.0.1')
      await new Promise((resolve) => slow.once('connect', resolve))
      slow.write(
        `PATCH /api/v1/responses/${draft.id} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"version":`,
      )
      slow.on('error', () => undefined)

      let acked = draft.version
      let term = false
      const after: Array<number | string> = []
      let saving = true
      const saves = (async () => {
        let n = 0
        while (saving) {
          const sentAfterTerm = term
          try {
            const res = await fetch(`${base}/api/v1/responses/${draft.id}`, {
              method: 'PATCH',
              headers: json(token),
              body: JSON.stringify({ version: acked, answers: { challenges: `Save ${++n}` } }),
            })
            if (res.status === 200) acked = ((await res.json()) as { version: number }).version
            else await res.arrayBuffer()
            if (sentAfterTerm)
              after.push(res.status === 503 ? `503 Retry-After ${res.headers.get('retry-after')}` : res.status)
          } catch {
            if (sentAfterTerm) after.push('connection refused')
            if (term) saving = false
          }
        }
      })()
      while (acked < draft.version + 20) await new Promise((resolve) => setImmediate(resolve))
      server.child.kill('SIGTERM')
      await server.waitFor('shutting down')
      term = true
      const { code, signal } = await server.exited
      saving = false
      await saves
      expect({ code, signal }).toEqual({ code: 0, signal: null })
      expect(after.length).toBeGreaterThan(0)
      expect(after.every((outcome) => outcome === '503 Retry-After 10' || outcome === 'connection refused')).toBe(true)
      const logged = jsonLines(server.lines).map((line) => line.msg)
      expect(logged).toEqual(
        expect.arrayContaining(['closing connections still open at the shutdown deadline', 'stopped']),
      )
      expect(existsSync(join(dataDir, 'store.lock'))).toBe(false)
      expect(
        readdirSync(dataDir)
          .filter((name) => name.startsWith('journal-'))
          .map((name) => statSync(join(dataDir, name)).size),
      ).toEqual([0])
      const store = await openEmbeddedStore({ dataDir })
      expect((await store.collection('responses').findOne({ _id: draft.id }))?.version).toBe(acked)
      await store.close()
    },
  )

  it(
    'SIGTERM to `npm start` stops the server: the port is free and the lock released',
    { timeout: 90_000 },
    async () => {
      const dataDir = dirs.make()
      const port = 4212
      const server = runServer({ DATA_DIR: dataDir, PORT: String(port) }, 'npm', ['start', '--silent'])
      await server.waitFor('"msg":"listening"')
      server.child.kill('SIGTERM')
      await server.exited
      await server.waitFor('"msg":"stopped"')
      expect(await portIsFree(port)).toBe(true)
      expect(existsSync(join(dataDir, 'store.lock'))).toBe(false)
    },
  )

  it('a port that is taken: a clear JSON error, no "listening", exit 1', { timeout: 60_000 }, async () => {
    const port = 4213
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      const dataDir = dirs.make()
      const server = runServer({ DATA_DIR: dataDir, PORT: String(port) })
      const { code } = await server.exited
      expect(code).toBe(1)
      const lines = jsonLines(server.lines)
      expect(lines.map((line) => line.msg)).not.toContain('listening')
      expect(lines.find((line) => line.msg === 'could not listen')).toMatchObject({
        level: 'error',
        code: 'EADDRINUSE',
        message: `Port ${port} on 127.0.0.1 is already in use: stop what runs there or choose another PORT`,
      })
      expect(existsSync(join(dataDir, 'store.lock'))).toBe(false)
    } finally {
      blocker.close()
    }
  })

  it('start-up errors are JSON lines: bad configuration, a data directory in use', { timeout: 60_000 }, async () => {
    const bad = runServer({ PORT: 'eighty', DATA_DIR: dirs.make() })
    expect((await bad.exited).code).toBe(1)
    expect(jsonLines(bad.lines)).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'invalid configuration',
        problems: [expect.stringContaining('PORT')],
      }),
    ])
    const dataDir = dirs.make()
    const holder = await openEmbeddedStore({ dataDir })
    try {
      const locked = runServer({ DATA_DIR: dataDir, PORT: '4214' })
      expect((await locked.exited).code).toBe(1)
      expect(jsonLines(locked.lines)).toEqual([
        expect.objectContaining({
          level: 'error',
          msg: 'could not start',
          error: 'StoreLockedError',
          message: expect.stringContaining(`process ${process.pid} on host`),
        }),
      ])
    } finally {
      await holder.close()
    }
  })
})
