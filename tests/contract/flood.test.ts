import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { authSettings } from '../../src/accounts/auth-settings.js'
import { MAX_PROPOSAL_BYTES } from '../../src/curation/proposals.js'
import { MAX_PAGE_SIZE } from '../../src/http/pagination.js'
import { createAccounts } from '../../src/services.js'
import { openStore } from '../../src/storage/open-store.js'
import { STRONG_PASSWORD } from '../helpers/accounts.js'
import { tempDirs } from './temp-dirs.js'

/**
 * Issue #13.1 repeated: one self-registered account creates proposals as fast as it can against the
 * real server (src/main.ts on a temp DATA_DIR), with production's quotas. Before the quotas, 20 s of
 * this made 11,852 proposals, +796 MB of memory, +409 MB on disk and a 412 MB proposals list.
 * Bounded by a request count (and a time cap); prints the figures it checks.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const REQUESTS = 2000
const WORKERS = 8
const TIME_CAP_MS = 30_000
const dirs = tempDirs('flood-')
afterAll(() => dirs.removeAll())

type Server = ChildProcessByStdio<null, Readable, Readable>

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

async function startServer(dataDir: string, port: number): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      MONGODB_URI: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`
      if (line.includes('"msg":"listening"')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`The server exited (${code}) before listening: ${output}`)))
  })
  return child
}

async function stop(child: Server): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** Resident memory of a process in bytes (Linux). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) * 1024
}

function sizeOf(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
}

const MB = 1024 * 1024

describe('one account flooding the site with proposals', () => {
  it.skipIf(process.platform !== 'linux')(
    'keeps memory, disk and every response bounded, with 429s and no 5xx',
    { timeout: 180_000 },
    async () => {
      const dataDir = dirs.make()
      // The accounts, made the way the command line makes them, before the server takes the store's lock.
      const store = await openStore({ dataDir })
      const { accounts } = await createAccounts(store, authSettings({ scrypt: { N: 2 ** 10, r: 8, p: 1 } }))
      const cli = { actorId: null, actorEmail: null, ip: null, via: 'cli' } as const
      await accounts.createUser(
        {
          email: 'flood@city.example',
          name: 'Flood',
          role: 'respondent',
          password: STRONG_PASSWORD,
          organisation: 'Floodtown',
          respondentType: 'city',
          country: 'DE',
        },
        cli,
      )
      await accounts.createUser(
        { email: 'curator@example.eu', name: 'Curator', role: 'curator', password: STRONG_PASSWORD },
        cli,
      )
      await store.close()

      const port = await freePort()
      const base = `http://127.0.0.1:${port}`
      const server = await startServer(dataDir, port)
      try {
        const tokenOf = async (email: string) => {
          const res = await fetch(`${base}/api/v1/auth/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ email, password: STRONG_PASSWORD }),
          })
          expect(res.status).toBe(200)
          return ((await res.json()) as { token: string }).token
        }
        const flooder = await tokenOf('flood@city.example')
        const curator = await tokenOf('curator@example.eu')
        const body = (n: number) =>
          JSON.stringify({
            title: `Flood proposal ${n}`,
            summary: `${'A long summary that fills the field to its limit. '.repeat(78)}`.slice(0, 4000),
            results: 'x'.repeat(4000),
            geography: 'Floodtown',
            policyFields: ['housing'],
            instruments: ['loan'],
            financiers: Array.from({ length: 30 }, (_, i) => `Financier ${i} ${'y'.repeat(280)}`),
            sources: Array.from({ length: 20 }, (_, i) => ({
              url: `https://www.example.org/${i}/${'z'.repeat(1500)}`,
              label: 'Source',
            })),
          })

        const diskBefore = sizeOf(dataDir)
        const rssBefore = rssOf(server.pid!)
        let peakRss = rssBefore
        let largestResponse = 0
        const statuses = new Map<number, number>()
        let missingRetryAfter = 0
        let sent = 0
        const started = Date.now()
        const worker = async () => {
          while (sent < REQUESTS && Date.now() - started < TIME_CAP_MS) {
            const n = sent++
            const res = await fetch(`${base}/api/v1/proposals`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${flooder}` },
              body: body(n),
            })
            const text = await res.text()
            largestResponse = Math.max(largestResponse, Buffer.byteLength(text))
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
            if (res.status === 429 && !res.headers.get('retry-after')) missingRetryAfter += 1
            if (n % 50 === 0) peakRss = Math.max(peakRss, rssOf(server.pid!))
          }
        }
        await Promise.all(Array.from({ length: WORKERS }, worker))
        const seconds = (Date.now() - started) / 1000
        peakRss = Math.max(peakRss, rssOf(server.pid!))

        // What the curators then read: one bounded page, whatever the flood did.
        const lists = await Promise.all(
          [
            '/api/v1/proposals',
            '/api/v1/proposals?pageSize=100',
            '/api/v1/proposals?status=pending&pageSize=100&page=2',
          ].map(async (path) => {
            const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${curator}` } })
            return { status: res.status, bytes: Buffer.byteLength(await res.text()) }
          }),
        )
        for (const list of lists) largestResponse = Math.max(largestResponse, list.bytes)
        const listed = (await (
          await fetch(`${base}/api/v1/proposals?pageSize=1`, { headers: { Authorization: `Bearer ${curator}` } })
        ).json()) as { total: number }
        const diskGrowth = sizeOf(dataDir) - diskBefore

        const counts = Object.fromEntries([...statuses].sort())
        console.log(
          `flood: ${sent} proposal requests in ${seconds.toFixed(1)} s by ${WORKERS} workers → statuses ${JSON.stringify(counts)}; ` +
            `${listed.total} proposals stored; peak RSS growth ${((peakRss - rssBefore) / MB).toFixed(1)} MB ` +
            `(from ${(rssBefore / MB).toFixed(0)} MB); data directory +${(diskGrowth / MB).toFixed(2)} MB; largest response ${(largestResponse / 1024).toFixed(1)} KB`,
        )

        expect(sent).toBeGreaterThanOrEqual(200)
        expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([])
        expect(statuses.get(201)).toBe(30) // production's quota: 30 proposals per account per hour
        expect(statuses.get(429)).toBe(sent - 30)
        expect(missingRetryAfter).toBe(0)
        expect(listed.total).toBe(30)
        expect(lists.every((l) => l.status === 200)).toBe(true)
        expect(peakRss - rssBefore).toBeLessThan(150 * MB)
        expect(diskGrowth).toBeLessThan(20 * MB)
        // A page holds at most MAX_PAGE_SIZE proposals of at most MAX_PROPOSAL_BYTES each (here 30 of the largest kind).
        expect(largestResponse).toBeLessThan(MAX_PAGE_SIZE * MAX_PROPOSAL_BYTES * 1.2)
        expect(largestResponse).toBeLessThan(2 * MB)
      } finally {
        await stop(server)
      }
    },
  )
})
