import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { FUNDS, INSTRUMENTS } from '../../src/shared/codelists.js'
import { SEED_INVESTMENT_COUNT } from '../helpers/seed.js'

const seed = readSeedFiles(SEED_DIR_PATH)
const CASES = new URL('../../../shared/research/cases.json', import.meta.url)

describe('seed files', () => {
  it('hold the 9 funds, 8 instruments, every case and at least 30 glossary terms', () => {
    expect(seed.funds.map((f) => f.slug).sort()).toEqual([...FUNDS].sort())
    expect(seed.instruments.map((i) => i.slug).sort()).toEqual([...INSTRUMENTS].sort())
    expect(seed.investments).toHaveLength(SEED_INVESTMENT_COUNT)
    expect(seed.glossary.length).toBeGreaterThanOrEqual(30)
  })

  it('source every case with at least one web address', () => {
    for (const investment of seed.investments) expect(investment.sources.length, investment.id).toBeGreaterThan(0)
  })

  it.skipIf(!existsSync(CASES))('keep every amount and currency exactly as published in research/cases.json', () => {
    const cases = JSON.parse(readFileSync(CASES, 'utf8')) as { id: string; amount: number | null; currency: string | null; sources: string[] }[]
    for (const source of cases) {
      const entry = seed.investments.find((i) => i.originRef === `research/cases.json#${source.id}`)
      expect(entry, source.id).toBeDefined()
      if (source.amount === null || source.currency === null) expect(entry!.amount, source.id).toBeNull()
      else expect(entry!.amount, source.id).toEqual({ value: source.amount, currency: source.currency })
      for (const url of source.sources.filter((s) => /^https?:\/\//.test(s))) {
        expect(entry!.sources.map((s) => s.url), source.id).toContain(url)
      }
    }
  })

  it('reject an invalid file with the file name and path of the problem', async () => {
    const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'fi-seed-'))
    for (const name of ['funds', 'instruments', 'glossary']) copyFileSync(join(SEED_DIR_PATH, `${name}.json`), join(dir, `${name}.json`))
    const broken = seed.investments.map((i, n) => (n === 3 ? { ...i, policyFields: ['parking'] } : i))
    writeFileSync(join(dir, 'investments.json'), JSON.stringify(broken))
    expect(() => readSeedFiles(dir)).toThrow(/investments\.json is not valid:\n\s+3\.policyFields\.0/)
  })
})
