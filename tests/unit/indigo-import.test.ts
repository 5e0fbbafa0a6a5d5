import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ChangeLog } from '../../src/changes/change-log.js'
import { formatImportReport, importIndigo } from '../../src/indigo/indigo-import.js'
import { Investment } from '../../src/investments/investment.js'
import { InvestmentRepository } from '../../src/investments/investment-repository.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openStore } from '../../src/storage/open-store.js'
import { SEED_INVESTMENT_COUNT } from '../helpers/seed.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/indigo', import.meta.url))
/** The full INDIGO export, when the shared data folder sits next to the project (never copied into it). */
const REAL_EXPORT = fileURLToPath(new URL('../../../shared/data/indigo', import.meta.url))
const NOW = '2026-02-01T10:00:00.000Z'

let dir: string
let store: DocumentStore
let investments: InvestmentRepository
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fi-indigo-'))
  store = await openStore({ dataDir: dir })
  investments = new InvestmentRepository(store)
  await applySeed(store, investments, readSeedFiles(SEED_DIR_PATH), '2026-01-01T00:00:00.000Z')
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('import:indigo on the made-up fixture', () => {
  it('imports new projects, merges into existing cases, skips what it must and reports bad rows', async () => {
    const report = await importIndigo(FIXTURE, investments, { now: NOW })
    expect(report.imported.map((i) => i.indigoId)).toEqual(['INDIGO-POJ-9001', 'INDIGO-POJ-9002', 'INDIGO-POJ-9005'])
    expect(report.merged).toEqual([
      {
        indigoId: 'INDIGO-POJ-0271',
        id: 'c10-rtof-plymouth-refugee-opportunities',
        matchedBy: 'indigoId',
        fields: ['results'],
      },
      { indigoId: 'INDIGO-POJ-9004', id: 'c37-mikrokreditfonds-deutschland', matchedBy: 'name', fields: ['indigoId'] },
    ])
    expect(report.skipped.map((s) => [s.indigoId, s.reason])).toEqual([
      ['INDIGO-POJ-9003', 'policy sector "Criminal justice" has no equivalent among our policy fields'],
      ['INDIGO-POJ-0024', 'already in the repository as c01-koto-sib (matched by INDIGO id); nothing to add'],
      ['INDIGO-POJ-9001', 'the INDIGO id appears more than once in the project file; first row used'],
    ])
    expect(report.invalid.map((r) => [r.file, r.line, r.ref])).toEqual([
      ['indigo_projects_raw.csv', 9, 'POJ-BAD-1'],
      ['indigo_orgs_raw.csv', 5, 'ORG-X'],
    ])
    expect(report.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        'indigo_inv.csv line 5 refers to a project that is not in the project file',
        'organisation INDIGO-ORG-9999 is not in the organisations file',
        'date serviceStart "spring 2020" is not YYYY, YYYY-MM or YYYY-MM-DD; left out',
        'country "XX" is not an ISO 3166-1 alpha-2 code; left out',
        'total investment (exact) "1,000" is not a plain number; left out',
      ]),
    )
  })

  it('stores imported records marked as imported, with the INDIGO id, its sources and confidence S', async () => {
    await importIndigo(FIXTURE, investments, { now: NOW })
    const record = await investments.get('indigo-poj-9001')
    expect(Investment.parse(record)).toBeTruthy()
    expect(record).toMatchObject({
      origin: 'imported',
      originRef: 'INDIGO-POJ-9001',
      indigoId: 'INDIGO-POJ-9001',
      confidence: 'S',
      policyFields: ['employment'],
      instruments: ['social-outcomes-contract'],
      countries: ['DE'],
      stage: 'implementation',
      statusText: 'Implementation',
      yearStart: 2021,
      amount: { value: 1500000, currency: 'EUR' },
      funds: ['eif'],
      targetGroups: ['refugees', 'asylum_seekers'],
      outcomePayer: 'FIXTURE Ministry of Examples (made up)',
      createdAt: NOW,
      version: 1,
    })
    expect(record!.financiers).toEqual([
      'FIXTURE Impact Investor A (made up) (senior loan, EUR 1,000,000)',
      'European Investment Fund (EUR 500,000)',
    ])
    expect(record!.sources.map((s) => s.url)).toEqual([
      'https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/impact-bond-dataset-v2/',
      'https://golab-indigo-data-store.herokuapp.com/app/project/INDIGO-POJ-9001',
    ])
    expect(record!.amountText).toContain('Maximum potential outcome payment: EUR 2,000,000')

    // A range is kept as text, never turned into one figure; a currency name becomes its ISO code.
    const range = await investments.get('indigo-poj-9002')
    expect(range).toMatchObject({
      amount: null,
      policyFields: ['housing'],
      stage: 'completed',
      countries: ['NL', 'BE'],
      yearStart: 2019,
      yearEnd: 2023,
    })
    expect(range!.amountText).toBe('Total investment commitment between CHF 100,000 and CHF 200,000.')
    expect(range!.geography).toBe('Made-up City; Other made-up place')
  })

  it('only fills what an existing case leaves empty, never a curated value', async () => {
    const before = await investments.get('c10-rtof-plymouth-refugee-opportunities')
    const koto = await investments.get('c01-koto-sib')
    await importIndigo(FIXTURE, investments, { now: NOW })
    const after = await investments.get('c10-rtof-plymouth-refugee-opportunities')
    expect(before!.results).toBeNull()
    expect(after!.results).toBe('INDIGO records 1,234 unique service users or beneficiaries engaged.')
    expect({ ...after, results: null, version: before!.version, updatedAt: before!.updatedAt }).toEqual(before)
    expect(after!.version).toBe(before!.version + 1)
    expect(await investments.get('c01-koto-sib')).toEqual(koto)
    const byName = await investments.get('c37-mikrokreditfonds-deutschland')
    expect(byName!.indigoId).toBe('INDIGO-POJ-9004')
    expect(byName!.origin).toBe('seed')
  })

  it('is idempotent: a second run adds nothing and says why', async () => {
    await importIndigo(FIXTURE, investments, { now: NOW })
    const count = (await investments.all()).length
    const second = await importIndigo(FIXTURE, investments, { now: '2026-03-01T00:00:00.000Z' })
    expect(second.imported).toEqual([])
    expect(second.merged).toEqual([])
    expect((await investments.all()).length).toBe(count)
    expect(
      second.skipped.filter((s) => s.reason.startsWith('already in the repository')).map((s) => s.indigoId),
    ).toEqual(expect.arrayContaining(['INDIGO-POJ-9001', 'INDIGO-POJ-9002', 'INDIGO-POJ-0271', 'INDIGO-POJ-9004']))
  })

  it('writes nothing on a dry run, and logs each write in the changes feed otherwise', async () => {
    const changes = new ChangeLog(store)
    const seq = await changes.latest()
    const dry = await importIndigo(FIXTURE, investments, { now: NOW, dryRun: true })
    expect(dry.imported).toHaveLength(3)
    expect(await investments.get('indigo-poj-9001')).toBeNull()
    expect(await changes.latest()).toBe(seq)
    await importIndigo(FIXTURE, investments, { now: NOW })
    const logged = await changes.list(seq, 100)
    expect(logged.map((c) => [c.id, c.op])).toEqual([
      ['indigo-poj-9001', 'create'],
      ['indigo-poj-9002', 'create'],
      ['indigo-poj-9005', 'create'],
      ['c10-rtof-plymouth-refugee-opportunities', 'update'],
      ['c37-mikrokreditfonds-deutschland', 'update'],
    ])
  })

  it('prints a report with the counts and the reasons', async () => {
    const text = formatImportReport(await importIndigo(FIXTURE, investments, { now: NOW, dryRun: true }))
    expect(text).toContain('(dry run: nothing written)')
    expect(text).toContain('  imported: 3')
    expect(text).toContain('  merged into existing records: 2')
    expect(text).toContain('    INDIGO-POJ-9004 → c37-mikrokreditfonds-deutschland (matched by name): filled indigoId')
    expect(text).toContain('  skipped: 3')
    expect(text).toContain('Invalid rows (left out): 2')
    expect(text).toContain(
      'indigo_projects_raw.csv line 9 (POJ-BAD-1): id: An INDIGO project id looks like INDIGO-POJ-0024',
    )
  })

  it('stops before writing when the folder is not an INDIGO export', async () => {
    await expect(importIndigo(dir, investments, { now: NOW })).rejects.toThrow(/indigo_projects_raw\.csv not found/)
  })
})

describe.skipIf(!existsSync(REAL_EXPORT))('import:indigo on the full real export (../shared/data/indigo)', () => {
  it('runs without error and accounts for every project', async () => {
    const report = await importIndigo(REAL_EXPORT, investments, { now: NOW })
    const projects = report.imported.length + report.merged.length + report.skipped.length
    expect(projects + report.invalid.filter((r) => r.file === 'indigo_projects_raw.csv').length).toBe(
      report.files[0]!.rows,
    )
    expect(report.imported.length).toBeGreaterThan(250)
    // The seed's INDIGO-linked cases are never duplicated.
    const all = await investments.all()
    const indigoIds = all.flatMap((i) => (i.indigoId ? [i.indigoId] : []))
    expect(new Set(indigoIds).size).toBe(indigoIds.length)
    for (const record of all) expect(Investment.safeParse(record).success).toBe(true)
    expect(all.filter((i) => i.origin === 'seed')).toHaveLength(SEED_INVESTMENT_COUNT)
    // Unmappable policy sectors are skipped with a reason, not forced into a field.
    expect(report.skipped.some((s) => s.reason.includes('"Criminal justice"'))).toBe(true)
  }, 60_000)
})
