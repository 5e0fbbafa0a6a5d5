import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { FUNDS, INSTRUMENTS, POLICY_FIELDS } from '../../src/shared/codelists.js'
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

  it('spread the cases as issue 17 asks: 120 or more, 20 or more countries, every instrument and policy field, 15 or more for temporary protection', () => {
    const cases = seed.investments
    expect(cases.length).toBeGreaterThanOrEqual(120)
    expect(new Set(cases.flatMap((c) => c.countries)).size).toBeGreaterThanOrEqual(20)
    const instruments = new Set(cases.flatMap((c) => c.instruments))
    for (const instrument of INSTRUMENTS) expect(instruments, instrument).toContain(instrument)
    const fields = new Set(cases.flatMap((c) => c.policyFields))
    for (const field of POLICY_FIELDS) expect(fields, field).toContain(field)
    expect(cases.filter((c) => c.targetGroups.includes('temporary_protection')).length).toBeGreaterThanOrEqual(15)
  })

  it("give every amount the source that publishes it, one of the case's sources (the first 45 cases carry theirs in research/cases.json)", () => {
    for (const investment of seed.investments) {
      expect(['V', 'S', 'U'], investment.id).toContain(investment.confidence)
      if (investment.amountSource !== undefined)
        expect(
          investment.sources.map((s) => s.url),
          investment.id,
        ).toContain(investment.amountSource)
      const researched = investment.originRef?.startsWith('research/cases.json#') === true
      if (investment.amount !== null && !researched) expect(investment.amountSource, investment.id).toBeDefined()
    }
  })

  it('source every case with at least one web address', () => {
    for (const investment of seed.investments) expect(investment.sources.length, investment.id).toBeGreaterThan(0)
  })

  it.skipIf(!existsSync(CASES))('keep every amount and currency exactly as published in research/cases.json', () => {
    const cases = JSON.parse(readFileSync(CASES, 'utf8')) as {
      id: string
      amount: number | null
      currency: string | null
      sources: string[]
    }[]
    for (const source of cases) {
      const entry = seed.investments.find((i) => i.originRef === `research/cases.json#${source.id}`)
      expect(entry, source.id).toBeDefined()
      if (source.amount === null || source.currency === null) expect(entry!.amount, source.id).toBeNull()
      else expect(entry!.amount, source.id).toEqual({ value: source.amount, currency: source.currency })
      for (const url of source.sources.filter((s) => /^https?:\/\//.test(s))) {
        expect(
          entry!.sources.map((s) => s.url),
          source.id,
        ).toContain(url)
      }
    }
  })

  it('reject an invalid file with the file name and path of the problem', async () => {
    const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'fi-seed-'))
    for (const name of ['funds', 'instruments', 'glossary'])
      copyFileSync(join(SEED_DIR_PATH, `${name}.json`), join(dir, `${name}.json`))
    const broken = seed.investments.map((i, n) => (n === 3 ? { ...i, policyFields: ['parking'] } : i))
    writeFileSync(join(dir, 'investments.json'), JSON.stringify(broken))
    expect(() => readSeedFiles(dir)).toThrow(/investments\.json is not valid:\n\s+3\.policyFields\.0/)
  })
})
