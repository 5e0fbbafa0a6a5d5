import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { CITY_ANSWERS } from '../helpers/questionnaires.js'
import { tempDirs } from './temp-dirs.js'

/**
 * The real server (src/main.ts) on a temp DATA_DIR: a draft saved through the API survives SIGKILL
 * of the server right after the save was acknowledged, and the restarted server serves it.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dirs = tempDirs('questionnaire-kill-')
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

/** Starts the server (a plain node process, so SIGKILL reaches it) and waits for its "listening" log line. */
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
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      if (line.includes('"msg":"listening"')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`The server exited (${code}) before listening: ${stderr}`)))
  })
  return child
}

async function kill(child: Server): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

describe('questionnaire drafts and kill -9', () => {
  it('an acknowledged save is there after SIGKILL and a restart', async () => {
    const dataDir = dirs.make()
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const json = (token?: string) => ({
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    })
    let server = await startServer(dataDir, port)
    try {
      const registered = await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: json(),
        body: JSON.stringify({
          email: 'kill@city.example',
          password: 'orange kettle violin 42',
          name: 'Kill Test',
          organisation: 'City of Kill',
          country: 'DE',
          respondentType: 'city',
        }),
      })
      expect(registered.status).toBe(202)
      const signedIn = await fetch(`${base}/api/v1/auth/token`, {
        method: 'POST',
        headers: json(),
        body: JSON.stringify({ email: 'kill@city.example', password: 'orange kettle violin 42' }),
      })
      expect(signedIn.status).toBe(200)
      const { token } = (await signedIn.json()) as { token: string }
      const started = await fetch(`${base}/api/v1/responses`, {
        method: 'POST',
        headers: json(token),
        body: JSON.stringify({ respondentType: 'city' }),
      })
      const { id } = (await started.json()) as { id: string }
      const saved = await fetch(`${base}/api/v1/responses/${id}`, {
        method: 'PATCH',
        headers: json(token),
        body: JSON.stringify({ version: 1, answers: CITY_ANSWERS }),
      })
      expect(saved.status).toBe(200)
      await kill(server)

      server = await startServer(dataDir, port)
      const after = await fetch(`${base}/api/v1/responses/${id}`, { headers: json(token) })
      expect(after.status).toBe(200)
      const body = (await after.json()) as { version: number; answers: Record<string, unknown>; status: string }
      expect(body).toMatchObject({ version: 2, status: 'draft' })
      expect(body.answers).toEqual(CITY_ANSWERS)
    } finally {
      await kill(server)
    }
  }, 90_000)
})
