import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InvestmentRepository } from '../../src/investments/investment-repository.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openStore } from '../../src/storage/open-store.js'
import { SEED_INVESTMENT_COUNT } from '../helpers/seed.js'

const seed = readSeedFiles(SEED_DIR_PATH)
let dir: string
let store: DocumentStore
let repo: InvestmentRepository

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fi-seed-apply-'))
  store = await openStore({ dataDir: dir })
  repo = new InvestmentRepository(store)
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('applySeed', () => {
  it('loads everything once and is idempotent', async () => {
    const first = await applySeed(store, repo, seed, '2026-01-01T00:00:00.000Z')
    const total =
      seed.investments.length +
      seed.funds.length +
      seed.instruments.length +
      seed.glossary.length +
      seed.guidance.length +
      seed.questionnaires.length
    expect(first).toEqual({ inserted: total, updated: 0, unchanged: 0, keptEdits: 0 })
    const second = await applySeed(store, repo, seed, '2026-01-02T00:00:00.000Z')
    expect(second).toEqual({ inserted: 0, updated: 0, unchanged: total, keptEdits: 0 })
    expect(await repo.all()).toHaveLength(SEED_INVESTMENT_COUNT)
  })

  it('updates records nobody edited when the seed changes, and keeps a curator’s edit', async () => {
    await applySeed(store, repo, seed, '2026-01-01T00:00:00.000Z')
    const edited = (await repo.get('c01-koto-sib'))!
    await repo.replace({ ...edited, notes: 'Checked by a curator' }, edited.version)

    const changed = {
      ...seed,
      investments: seed.investments.map((i) =>
        i.id === 'c01-koto-sib' || i.id === seed.investments[1]!.id ? { ...i, summary: `${i.summary} (corrected)` } : i,
      ),
    }
    const report = await applySeed(store, repo, changed, '2026-02-01T00:00:00.000Z')
    expect(report.updated).toBe(1)
    expect(report.keptEdits).toBe(1)
    expect((await repo.get('c01-koto-sib'))!.notes).toBe('Checked by a curator')
    expect((await repo.get(seed.investments[1]!.id))!.summary).toMatch(/\(corrected\)$/)
  })
})
