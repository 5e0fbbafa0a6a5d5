import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { questionnairesFrom } from '../../src/synthetic/synthetic-responses.js'
import { writeSyntheticResponses } from '../../src/synthetic/synthetic-responses.js'
import { readQuestionnaireFiles } from '../../src/questionnaires/questionnaire-files.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { createServices } from '../../src/services.js'
import { openStore } from '../../src/storage/open-store.js'
import { applyQuestionnaireSeed } from '../../src/questionnaires/questionnaire-seed.js'
import { EMPTY_FILTERS, ReviewFilters } from '../../src/review/review-query.js'

/** Review summary time at 1k and 10k synthetic responses on the embedded engine (DESIGN §7: ≤ 200 ms at 10k; goal ≤ 50 ms). */
export async function reviewBenchmark(sizes = [1000, 10_000], runs = 5): Promise<string> {
  const rows: string[] = []
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'fi-review-bench-'))
    const store = await openStore({ dataDir: dir })
    try {
      const definitions = readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires'))
      await applyQuestionnaireSeed(store, definitions, '2026-01-01T00:00:00.000Z', {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        keptEdits: 0,
      })
      await writeSyntheticResponses(store, size, questionnairesFrom(definitions))
      const services = await createServices(store, { auth: { scrypt: { N: 2 ** 10, r: 8, p: 1 } } })
      const review = services.review
      const all = { ...EMPTY_FILTERS, includeDemo: true }
      const filtered = ReviewFilters.parse({
        includeDemo: 'true',
        country: 'IT',
        respondentType: ['city', 'financial_intermediary'],
        instrument: 'microfinance',
      })
      const cold: number[] = []
      const coldFiltered: number[] = []
      const unchanged: number[] = []
      const afterWrite: number[] = []
      const afterWriteFiltered: number[] = []
      for (let i = 0; i < runs; i++) {
        cold.push(await time(() => review.computeSummary(all)))
        coldFiltered.push(await time(() => review.computeSummary(filtered)))
      }
      await review.summary(all)
      await review.summary(filtered)
      const responses = store.collection<{ _id: string; version: number }>('responses')
      const ids = (await responses.find({}, { projection: { version: 1 }, limit: runs * 2 })).map((doc) => doc._id)
      for (let i = 0; i < runs; i++) {
        await review.summary(all)
        unchanged.push(await time(() => review.summary(all)))
        // A reviewer's status change or an author's save: the response's version moves on.
        await responses.updateOne(
          { _id: ids[i * 2]! },
          { $inc: { version: 1 }, $set: { status: i % 2 === 0 ? 'in_review' : 'submitted' } },
        )
        afterWrite.push(await time(() => review.summary(all)))
        await responses.updateOne(
          { _id: ids[i * 2 + 1]! },
          { $inc: { version: 1 }, $set: { status: i % 2 === 0 ? 'in_review' : 'submitted' } },
        )
        afterWriteFiltered.push(await time(() => review.summary(filtered)))
      }
      const fmt = (list: number[]) => `${median(list).toFixed(1)}`
      rows.push(
        `| ${size.toLocaleString('en')} | ${fmt(cold)} | ${fmt(coldFiltered)} | ${fmt(unchanged)} | ${fmt(afterWrite)} | ${fmt(afterWriteFiltered)} |`,
      )
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return [
    '### Review summary (embedded engine, median of runs, ms)',
    '',
    '| responses | first build (all) | first build (4 filters) | summary, nothing changed | summary after a write (all) | summary after a write (4 filters) |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Target ≤ 200 ms at 10,000 responses, goal ≤ 50 ms (DESIGN §7). Totals are kept per filter set and brought up to date on every request (a read of every response version, then only changed responses aggregated again); the first build per filter set and process aggregates everything once.',
  ].join('\n')
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

if (process.argv[1]?.endsWith('review-bench.ts')) console.log(await reviewBenchmark())
