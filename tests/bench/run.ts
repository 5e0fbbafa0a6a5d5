/**
 * `npm run bench`: search, facets, store start-up and page throughput at 1k, 10k and 100k synthetic
 * investments, printed as a table with the DESIGN §7 targets. Synthetic data lives in temp
 * directories, never beside real data. Figures vary ±30-50 % between runs on a 2-core machine.
 * Environment: BENCH_SIZES (comma-separated; empty skips the search table), BENCH_HTTP_SIZE,
 * BENCH_HTTP_SECONDS, BENCH_HTTP_ROUNDS, BENCH_EXTRA=0 (no matcher and review benchmarks).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { InvestmentQuery } from '../../src/investments/investment-query.js'
import { InvestmentRepository } from '../../src/investments/investment-repository.js'
import { InvestmentSearch } from '../../src/investments/investment-search.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { openStore } from '../../src/storage/open-store.js'
import { syntheticInvestments, vocabularyOf } from '../../src/synthetic/synthetic-investments.js'
import { registerSeedContent } from '../../src/i18n/content-sources.js'
import { offeredLocales } from '../../src/i18n/i18n.js'
import { extraBenchmarks } from './extra.js'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTestApp } from '../helpers/test-app.js'
import { pageWeightTable } from './page-weight.js'

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000')
  .split(',')
  .filter((size) => size.trim() !== '')
  .map(Number)
const HTTP_SIZE = Number(process.env.BENCH_HTTP_SIZE ?? 10_000)
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5)
/** Rounds of baseline-then-app measurements; the table shows medians. */
const HTTP_ROUNDS = Math.max(1, Number(process.env.BENCH_HTTP_ROUNDS ?? 3))
/** BENCH_EXTRA=0 leaves out the later features' benchmarks (matcher, review), e.g. to re-measure page throughput only. */
const EXTRA = process.env.BENCH_EXTRA !== '0'
/** The offered languages besides English whose search pages are measured against English's (BENCH_LOCALES=de,fr narrows them; empty skips). */
const BENCH_LOCALES: string[] = (() => {
  registerSeedContent({ sourceGlossary: () => readSeedFiles(SEED_DIR_PATH).glossary })
  const offered = offeredLocales().filter((locale) => locale !== 'en')
  const asked = process.env.BENCH_LOCALES
  return asked === undefined
    ? [...offered]
    : asked.split(',').filter((locale) => (offered as readonly string[]).includes(locale.trim()))
})()

const QUERIES: InvestmentQuery[] = (
  [
    { q: 'housing' },
    { q: 'hosuing' },
    { q: 'refugees employment' },
    { q: 'refugee' },
    { q: 'microcredit' },
    { q: 'microcredt entrepreneurs' },
    { q: 'social impact bond' },
    { q: 'loan' },
    { q: 'integration' },
    { q: 'ukraine' },
    { q: 'Germany' },
    { q: 'berlin' },
    { q: 'outcomes' },
    { q: 'reception centres' },
    { q: 'guarante' },
    { q: 'training', policyField: 'employment' },
    { q: 'housing', country: 'DE' },
    { policyField: ['housing', 'reception'] },
    { instrument: 'loan', country: ['DE', 'IT'] },
    { q: 'migrant', sort: 'year' },
    { q: 'fund', sort: 'amount' },
    { stage: 'completed', targetGroup: 'refugees' },
    { q: 'educaton' },
    { q: 'women' },
  ] as Record<string, unknown>[]
).map((raw) => InvestmentQuery.parse(raw))

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

function timeQueries(search: InvestmentSearch, queries: InvestmentQuery[]) {
  for (const query of queries) search.search(query) // warm-up
  const times: number[] = []
  for (let round = 0; round < 3; round++) {
    for (const query of queries) {
      const start = performance.now()
      search.search(query)
      times.push(performance.now() - start)
    }
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p95: percentile(times, 95) }
}

async function storeStartup(records: ReturnType<typeof syntheticInvestments>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'fi-bench-store-'))
  try {
    const writer = await openStore({ dataDir })
    const repo = new InvestmentRepository(writer)
    const writeStart = performance.now()
    for (let i = 0; i < records.length; i += 1000) await repo.insertMany(records.slice(i, i + 1000))
    const writeMs = performance.now() - writeStart
    await writer.close()
    const start = performance.now()
    const store = await openStore({ dataDir })
    const openMs = performance.now() - start
    const all = await new InvestmentRepository(store).all()
    const search = new InvestmentSearch(all, { resultCacheSize: 0 })
    const totalMs = performance.now() - start
    await store.close()
    return { writeMs, openMs, totalMs, size: search.size }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function startServer(
  mode: 'bare' | 'bare-toy' | 'app' | 'app-nocache',
  size: number,
  paths: string[] = [],
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'bench-server.ts'), mode, String(size), ...paths],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} server did not start`)), 120_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /READY (\d+)/.exec(chunk.toString())
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.on('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)))
  })
  return { child, port }
}

type Started = Awaited<ReturnType<typeof startServer>>

/** Stops a server and waits for its process to exit, so it cannot disturb the next measurement. */
async function stop({ child }: Started): Promise<void> {
  if (child.exitCode !== null) return
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

interface Measured {
  rps: number
  /** CPU time of the server process per request (Linux /proc; null elsewhere): steadier than req/s on a busy machine. */
  cpuMs: number | null
}

/** utime + stime of a process in ms (clock ticks of 10 ms, the Linux default), or null without /proc. */
function cpuTimeMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}

async function load(server: Started, paths: string[], headers: Record<string, string> = {}): Promise<Measured> {
  const cpuBefore = cpuTimeMs(server.child.pid)
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: 20,
    duration: HTTP_SECONDS,
    requests: paths.map((path) => ({ method: 'GET', path, headers })),
  })
  const cpuAfter = cpuTimeMs(server.child.pid)
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`load test saw ${result.non2xx} non-2xx and ${result.errors} errors`)
  const cpuMs =
    cpuBefore === null || cpuAfter === null || result.requests.total === 0
      ? null
      : (cpuAfter - cpuBefore) / result.requests.total
  return { rps: result.requests.average, cpuMs }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** Median over the rounds; null CPU figures stay null. */
function medianOf(rounds: Measured[]): Measured {
  const cpu = rounds.map((r) => r.cpuMs).filter((ms): ms is number => ms !== null)
  return { rps: median(rounds.map((r) => r.rps)), cpuMs: cpu.length === rounds.length ? median(cpu) : null }
}

async function http() {
  const queries = [
    '/investments?q=housing',
    '/investments?q=refugees&policyField=employment',
    '/investments?policyField=housing&country=DE',
    '/investments?q=microcredt',
    '/investments?instrument=loan&sort=amount',
    '/investments?q=integration&page=2',
  ]
  // The baseline serves the same pages (captured once from the real app, see bench-server.ts) from bare Express + Handlebars.
  const servers = [
    await startServer('bare', HTTP_SIZE, [...queries, '/investments']),
    await startServer('bare-toy', 0),
    await startServer('app', HTTP_SIZE),
    await startServer('app-nocache', HTTP_SIZE),
  ]
  const [bare, toy, app, cold] = servers as [Started, Started, Started, Started]
  try {
    await load(bare, queries) // warm-up
    await load(toy, ['/page'])
    await load(app, queries)
    await load(cold, queries)
    // Baseline and app alternate, round after round, so a burst of load from elsewhere hits both alike.
    const rounds: {
      bare: Measured
      search: Measured
      searchCompressed: Measured
      bareLanding: Measured
      landing: Measured
      locales: Record<string, Measured>
    }[] = []
    for (const locale of BENCH_LOCALES) await load(app, queries, { cookie: `fi_lang=${locale}` }) // warm-up: each locale's formatters and memos
    for (let round = 0; round < HTTP_ROUNDS; round++) {
      const bareRound = await load(bare, queries)
      const searchRound = await load(app, queries)
      // As a browser asks: the app then compresses every page (brotli); the baseline sends it plain.
      const searchCompressedRound = await load(app, queries, { 'accept-encoding': 'gzip, deflate, br' })
      const bareLandingRound = await load(bare, ['/investments'])
      const landingRound = await load(app, ['/investments'])
      // The same searches in each other offered language (chosen by the cookie, as after the switcher), right after English.
      const locales: Record<string, Measured> = {}
      for (const locale of BENCH_LOCALES) locales[locale] = await load(app, queries, { cookie: `fi_lang=${locale}` })
      rounds.push({
        bare: bareRound,
        search: searchRound,
        searchCompressed: searchCompressedRound,
        bareLanding: bareLandingRound,
        landing: landingRound,
        locales,
      })
    }
    return {
      bare: medianOf(rounds.map((r) => r.bare)),
      search: medianOf(rounds.map((r) => r.search)),
      bareLanding: medianOf(rounds.map((r) => r.bareLanding)),
      landing: medianOf(rounds.map((r) => r.landing)),
      searchRatio: median(rounds.map((r) => r.search.rps / r.bare.rps)),
      searchCompressed: medianOf(rounds.map((r) => r.searchCompressed)),
      searchCompressedRatio: median(rounds.map((r) => r.searchCompressed.rps / r.bare.rps)),
      locales: BENCH_LOCALES.map((locale) => ({
        locale,
        search: medianOf(rounds.map((r) => r.locales[locale]!)),
        ratioToEnglish: median(rounds.map((r) => r.locales[locale]!.rps / r.search.rps)),
      })),
      landingRatio: median(rounds.map((r) => r.landing.rps / r.bareLanding.rps)),
      cold: await load(cold, queries),
      toy: await load(toy, ['/page']),
    }
  } finally {
    await Promise.all(servers.map(stop))
  }
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1))

async function main(): Promise<void> {
  const seed = readSeedFiles(SEED_DIR_PATH)
  const vocabulary = vocabularyOf(seed.investments.flatMap((i) => [i.title, i.summary, i.notes ?? '']))
  console.log(
    `FI for Inclusion benchmark · Node ${process.version} · vocabulary ${vocabulary.length} words from the real seed\n`,
  )
  const rows: string[] = []
  for (const size of SIZES) {
    const records = syntheticInvestments(size, vocabulary)
    const buildStart = performance.now()
    const search = new InvestmentSearch(records, { resultCacheSize: 0 })
    const buildMs = performance.now() - buildStart
    const text = timeQueries(search, QUERIES)
    const facets = timeQueries(
      search,
      QUERIES.filter((q) => q.q === undefined),
    )
    const startup = await storeStartup(records)
    rows.push(
      `| ${size.toLocaleString('en')} | ${fmt(text.p50)} / ${fmt(text.p95)} | ${fmt(facets.p50)} / ${fmt(facets.p95)} | ${fmt(buildMs)} | ${fmt(startup.openMs)} / ${fmt(startup.totalMs)} | ${fmt(startup.writeMs)} |`,
    )
    console.log(rows.at(-1))
  }
  const target = '| targets | p50 ≤ 10, p95 ≤ 30 at 10k; p95 ≤ 300 at 100k | | | | |'
  const page = await http()
  const extra = EXTRA ? await extraBenchmarks() : []

  console.log('\n## Search and store (ms)\n')
  console.log(
    '| investments | search p50 / p95 | facets only p50 / p95 | index build | store open / open + index | bulk write (fsync per 1k) |',
  )
  console.log('|---|---|---|---|---|---|')
  for (const row of rows) console.log(row)
  console.log(target)
  const cpu = (m: Measured) => (m.cpuMs === null ? 'n/a' : m.cpuMs.toFixed(2))
  const ratio = (m: Measured) => (m.rps / page.bare.rps).toFixed(2)
  console.log(
    `\n## Page throughput at ${HTTP_SIZE.toLocaleString('en')} investments (${HTTP_SECONDS} s each, 20 connections, loopback; median of ${HTTP_ROUNDS} alternating rounds)\n`,
  )
  console.log('| page | req/s | ratio to bare Express + Handlebars | server CPU ms per request |')
  console.log('|---|---|---|---|')
  console.log(
    `| bare Express + Handlebars: the same six search pages, same templates, view models captured once from the app (baseline) | ${page.bare.rps.toFixed(0)} | 1.00 | ${cpu(page.bare)} |`,
  )
  console.log(
    `| /investments, six rotating searches (result cache on, as served) | ${page.search.rps.toFixed(0)} | ${page.searchRatio.toFixed(2)} (target ≥ 0.70; DESIGN §7 ≥ 0.50) | ${cpu(page.search)} |`,
  )
  console.log(
    `| /investments, the same six searches asked with Accept-Encoding: gzip, deflate, br (the app sends brotli; the baseline stays uncompressed) | ${page.searchCompressed.rps.toFixed(0)} | ${page.searchCompressedRatio.toFixed(2)} (target ≥ 0.70) | ${cpu(page.searchCompressed)} |`,
  )
  console.log(
    `| bare Express + Handlebars: the same landing page | ${page.bareLanding.rps.toFixed(0)} | ${ratio(page.bareLanding)} | ${cpu(page.bareLanding)} |`,
  )
  console.log(
    `| /investments landing page (all records, facets; cache on) | ${page.landing.rps.toFixed(0)} | ${page.landingRatio.toFixed(2)} of the bare landing page | ${cpu(page.landing)} |`,
  )
  console.log(
    `| /investments, six rotating searches, result cache off (every request searches; one measurement) | ${page.cold.rps.toFixed(0)} | ${ratio(page.cold)} | ${cpu(page.cold)} |`,
  )
  for (const row of page.locales)
    console.log(
      `| /investments, the same six searches in ${row.locale} | ${row.search.rps.toFixed(0)} | ${ratio(row.search)}; **${row.ratioToEnglish.toFixed(2)} of English** (target ≥ 0.90) | ${cpu(row.search)} |`,
    )
  console.log(
    `| for reference: the old toy baseline (bare Express + Handlebars, 20-item 2.7 KB list; one measurement) | ${page.toy.rps.toFixed(0)} | ${ratio(page.toy)} | ${cpu(page.toy)} |`,
  )
  for (const section of extra) console.log(`\n${section}`)
  if (process.env.BENCH_WEIGHT !== '0')
    console.log(`\n## Bytes per main page (seeded site; headers included)\n\n${await seededPageWeight()}`)
}

/** The real seeded app on a free loopback port, measured as a browser sees it (tests/bench/page-weight.ts). */
async function seededPageWeight(): Promise<string> {
  const t = await createTestApp({ env: 'production' })
  const server = createServer(t.app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    return await pageWeightTable(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  } finally {
    await new Promise((resolve) => server.close(resolve))
    await t.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
