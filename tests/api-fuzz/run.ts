/**
 * Schemathesis against the running app (issue #13.11, ADR 035): `npm run test:api-fuzz`.
 *
 * Starts the real server (src/main.ts) on 127.0.0.1 with a temporary DATA_DIR, makes a respondent
 * and a reviewer the way the command line does (before the server takes the store's lock), signs
 * them in for bearer tokens, then runs schemathesis on /api/v1/openapi.json: anonymous, as the
 * respondent and as the reviewer (and `DELETE /auth/token` with a token of its own), with a
 * bounded number of examples per operation. Fails unless every run finds 0 server errors and 0 responses that break the document
 * (status codes, content types, headers, bodies). Prints the counts; stops the server.
 *
 * SCHEMATHESIS: the `st` command (default: .venv-fuzz/bin/st, installed by .ci/run);
 * FUZZ_PORT (default 4610); FUZZ_EXAMPLES per operation (default 10); FUZZ_KEEP_REPORTS=1 keeps the NDJSON reports.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { authSettings } from '../../src/accounts/auth-settings.js'
import { createAccounts } from '../../src/services.js'
import { openStore } from '../../src/storage/open-store.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ST = process.env.SCHEMATHESIS ?? join(ROOT, '.venv-fuzz/bin/st')
const PORT = Number(process.env.FUZZ_PORT ?? 4610)
const EXAMPLES = Number(process.env.FUZZ_EXAMPLES ?? 10)
const PASSWORD = 'fuzzing kettle violin 42'
/** The checks the issue names: no 5xx, and status codes, content types, headers and bodies as documented. */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
]

interface RunResult {
  who: string
  code: number
  requests: number
  failures: Record<string, number>
}

async function main(): Promise<number> {
  if (!existsSync(ST)) {
    console.error(
      `schemathesis not found at ${ST}: run .ci/run, or python3 -m venv .venv-fuzz && .venv-fuzz/bin/pip install -r tests/api-fuzz/requirements.txt`,
    )
    return 1
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'fi-api-fuzz-'))
  const reportDir = mkdtempSync(join(tmpdir(), 'fi-api-fuzz-report-'))
  try {
    await makeAccounts(dataDir)
    const server = await startServer(dataDir)
    try {
      const base = `http://127.0.0.1:${PORT}`
      // All tokens first: the runs' own sign-in attempts with made-up passwords soon meet the per-address limit.
      const tokens = {
        respondent: await tokenOf(base, 'fuzz.respondent@city.example'),
        reviewer: await tokenOf(base, 'fuzz.reviewer@example.eu'),
        revoking: await tokenOf(base, 'fuzz.respondent@city.example'),
      }
      const results: RunResult[] = []
      // `DELETE /auth/token` revokes the token it is sent with: the signed-in runs leave it out, and a
      // fourth run tries it with a token of its own (after which that token answers 401, as documented).
      const revoke = ['--exclude-operation-id', 'revokeToken']
      results.push(runSchemathesis(base, 'anonymous', null, reportDir))
      results.push(runSchemathesis(base, 'respondent', tokens.respondent, reportDir, revoke))
      results.push(runSchemathesis(base, 'reviewer', tokens.reviewer, reportDir, revoke))
      results.push(
        runSchemathesis(base, 'revoking', tokens.revoking, reportDir, ['--include-operation-id', 'revokeToken']),
      )
      for (const r of results)
        console.log(`api-fuzz ${r.who}: ${r.requests} requests, failures ${JSON.stringify(r.failures)}, exit ${r.code}`)
      const failed = results.filter((r) => r.code !== 0 || Object.values(r.failures).some((n) => n > 0))
      const total = results.reduce((sum, r) => sum + r.requests, 0)
      const failures = results.reduce((sum, r) => sum + Object.values(r.failures).reduce((a, b) => a + b, 0), 0)
      console.log(
        `api-fuzz: ${total} requests; ${failures} failures (server errors or responses that break the document)`,
      )
      console.log(`${results.length - failed.length} passed, ${failed.length} failed`)
      return failed.length === 0 ? 0 : 1
    } finally {
      await stop(server)
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
    if (!process.env.FUZZ_KEEP_REPORTS) rmSync(reportDir, { recursive: true, force: true })
    else console.log(`reports kept in ${reportDir}`)
  }
}

async function makeAccounts(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir })
  try {
    const { accounts } = await createAccounts(store, authSettings())
    const cli = { actorId: null, actorEmail: null, ip: null, via: 'cli' } as const
    await accounts.createUser(
      {
        email: 'fuzz.respondent@city.example',
        name: 'Fuzz Respondent',
        role: 'respondent',
        password: PASSWORD,
        organisation: 'Fuzztown',
        respondentType: 'city',
        country: 'DE',
      },
      cli,
    )
    await accounts.createUser(
      {
        email: 'fuzz.reviewer@example.eu',
        name: 'Fuzz Reviewer',
        role: 'reviewer',
        password: PASSWORD,
        organisation: 'DG HOME',
      },
      cli,
    )
  } finally {
    await store.close()
  }
}

function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      MONGODB_URI: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise<typeof child>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('"msg":"listening"')) resolve(child)
      else if (!line.includes('"level":"info"')) console.log(line)
    })
    child.once('exit', (code) => reject(new Error(`The server exited (${code}) before listening`)))
  })
}

function stop(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

async function tokenOf(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, name: 'schemathesis' }),
  })
  if (res.status !== 200) throw new Error(`Signing in ${email} gave ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

function runSchemathesis(
  base: string,
  who: string,
  token: string | null,
  reportDir: string,
  filters: string[] = [],
): RunResult {
  const ndjson = join(reportDir, `${who}.ndjson`)
  const args = [
    'run',
    `${base}/api/v1/openapi.json`,
    '--url',
    `${base}/api/v1`,
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    String(EXAMPLES),
    '--phases',
    'examples,coverage,fuzzing',
    // One worker: Python 3.11's ast.parse is not thread-safe, and hypothesis calls it (a tool crash, not a finding).
    '--workers',
    '1',
    '--seed',
    '13011',
    '--request-timeout',
    '30',
    '--no-color',
    '--report',
    'ndjson',
    '--report-ndjson-path',
    ndjson,
    ...(token ? ['--header', `Authorization: Bearer ${token}`] : []),
    ...filters,
  ]
  console.log(`\n== schemathesis as ${who} ==`)
  const run = spawnSync(ST, ['--config-file', join(ROOT, 'tests/api-fuzz/schemathesis.toml'), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  return { who, code: run.status ?? 1, ...countsOf(ndjson) }
}

/** Requests made and failures per check, from schemathesis's NDJSON event stream. */
function countsOf(path: string): { requests: number; failures: Record<string, number> } {
  const failures: Record<string, number> = {}
  let requests = 0
  if (!existsSync(path)) return { requests, failures: { 'no report': 1 } }
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue
    const event = JSON.parse(line) as Record<string, unknown>
    const finished = event.ScenarioFinished as
      | {
          recorder?: {
            interactions?: Record<string, unknown>
            checks?: Record<string, { name: string; status: string }[]>
          }
        }
      | undefined
    if (!finished?.recorder) continue
    requests += Object.keys(finished.recorder.interactions ?? {}).length
    for (const checks of Object.values(finished.recorder.checks ?? {}))
      for (const check of checks)
        if (check.status.toLowerCase() === 'failure') failures[check.name] = (failures[check.name] ?? 0) + 1
  }
  return { requests, failures }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
