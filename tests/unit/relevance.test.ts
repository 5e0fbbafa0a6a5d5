import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProposalRepository } from '../../src/curation/proposals.js'
import { formatImportReport, importIndigo } from '../../src/indigo/indigo-import.js'
import { InvestmentRepository } from '../../src/investments/investment-repository.js'
import { InvestmentQuery } from '../../src/investments/investment-query.js'
import { InvestmentSearch } from '../../src/investments/investment-search.js'
import {
  defaultRelevanceRule,
  RELEVANCE_TERMS_FILE,
  RelevanceTerms,
  relevanceRule,
} from '../../src/investments/relevance.js'
import { MIGRATIONS } from '../../src/migrations/migrations.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openStore } from '../../src/storage/open-store.js'
import { SEED_INVESTMENT_COUNT } from '../helpers/seed.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/indigo', import.meta.url))
/** The shared real export (never copied into the project): next to the checkout, or the shared folder of the build machines. */
const REAL_EXPORT = [
  fileURLToPath(new URL('../../../shared/data/indigo', import.meta.url)),
  '/work/shared/data/indigo',
].find((dir) => existsSync(join(dir, 'indigo_projects_raw.csv')))
const NOW = '2026-02-01T10:00:00.000Z'

describe('the relevance rule (seed/relevance-terms.json)', () => {
  const rule = defaultRelevanceRule()
  it('marks target populations that name migrants, refugees, asylum seekers or newcomers, in several languages', () => {
    for (const text of [
      'Refugees with poor job prospects.',
      'Immigrants aged 17-63 granted international protection',
      'Young migrants aged 18 to 30',
      'réfugiés et demandeurs d’asile',
      'Geflüchtete Frauen in Berlin',
      'nieuwkomers en statushouders',
      'nyanlända kvinnor',
      'Families with a non-Danish ethnic background',
    ])
      expect(rule.classify({ targetGroupText: text }).relevance, text).toBe('migrants_refugees')
  })

  it('leaves other populations as other, and matches at the start of a word only', () => {
    for (const text of [
      'Young people not in employment',
      'People at risk of homelessness',
      'Children in care',
      'transmigrantsupport',
    ])
      expect(rule.classify({ targetGroupText: text }).relevance, text).toBe('other')
    expect(rule.classify({ title: 'Jobs for newcomers bond', targetGroupText: null })).toEqual({
      relevance: 'migrants_refugees',
      term: 'newcomer',
    })
  })

  it('reads only the fields the data file names', () => {
    const custom = relevanceRule({
      description: 'test',
      fields: ['title'],
      terms: [{ language: 'en', term: 'refugee' }],
    })
    expect(custom.classify({ title: 'A bond', targetGroupText: 'refugees' }).relevance).toBe('other')
    expect(RelevanceTerms.safeParse(JSON.parse(readFileSync(RELEVANCE_TERMS_FILE, 'utf8'))).success).toBe(true)
  })
})

describe('import:indigo marks relevance and moderated imports propose', () => {
  let dir: string
  let store: DocumentStore
  let investments: InvestmentRepository
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fi-relevance-'))
    store = await openStore({ dataDir: dir })
    investments = new InvestmentRepository(store)
    await applySeed(store, investments, readSeedFiles(SEED_DIR_PATH), '2026-01-01T00:00:00.000Z')
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('gives every new record a relevance, keeps seed cases migrants_refugees, and search leaves the others out by default', async () => {
    const report = await importIndigo(FIXTURE, investments, { now: NOW })
    expect(report.relevance.imported).toEqual({ migrants_refugees: 1, other: 2 })
    const all = await investments.all()
    expect(Object.fromEntries(all.filter((i) => i.origin === 'imported').map((i) => [i.id, i.relevance]))).toEqual({
      'indigo-poj-9001': 'migrants_refugees',
      'indigo-poj-9002': 'other',
      'indigo-poj-9005': 'other',
    })
    expect(all.filter((i) => i.origin === 'seed').every((i) => i.relevance === 'migrants_refugees')).toBe(true)
    const search = new InvestmentSearch(all)
    const byDefault = search.search(InvestmentQuery.parse({ pageSize: '100' }))
    expect(byDefault.total).toBe(SEED_INVESTMENT_COUNT + 1)
    expect(byDefault.facets.relevance).toEqual({ migrants_refugees: SEED_INVESTMENT_COUNT + 1, other: 2 })
    // Facet counts leave the others out too: the made-up homelessness bond is the only imported housing case.
    const housing = search.search(InvestmentQuery.parse({ policyField: 'housing' }))
    expect(housing.items.some((i) => i.id === 'indigo-poj-9002')).toBe(false)
    expect(
      search
        .search(InvestmentQuery.parse({ includeOther: 'true', policyField: 'housing', pageSize: '100' }))
        .items.some((i) => i.id === 'indigo-poj-9002'),
    ).toBe(true)
    expect(search.search(InvestmentQuery.parse({ includeOther: 'true' })).total).toBe(SEED_INVESTMENT_COUNT + 3)
    expect(search.onTopic().some((i) => i.relevance === 'other')).toBe(false)
    expect(search.related('indigo-poj-9001', 50).some((i) => i.relevance === 'other')).toBe(false)
  })

  it('--moderate: each new record becomes a pending proposal with its curator fields; nothing is published; a second run proposes nothing more', async () => {
    const proposals = new ProposalRepository(store)
    const before = (await investments.all()).length
    const report = await importIndigo(FIXTURE, investments, { now: NOW, moderate: { proposals } })
    expect(report.imported).toEqual([])
    expect(report.merged).toEqual([])
    expect(report.proposals.map((p) => p.indigoId)).toEqual(['INDIGO-POJ-9001', 'INDIGO-POJ-9002', 'INDIGO-POJ-9005'])
    expect((await investments.all()).length).toBe(before)
    const { items } = await proposals.list({ status: 'pending' }, { skip: 0, limit: 10 })
    expect(items).toHaveLength(3)
    const first = items.find((p) => p.imported?.ref === 'INDIGO-POJ-9001')!
    expect(first.proposedBy).toEqual({ id: 'import:indigo', name: 'INDIGO import' })
    expect(first.imported).toMatchObject({ source: 'indigo', indigoId: 'INDIGO-POJ-9001', confidence: 'S' })
    expect(first.content.relevance).toBe('migrants_refugees')
    expect(first.content.amountSource).toBe('https://golab-indigo-data-store.herokuapp.com/app/project/INDIGO-POJ-9001')
    expect(formatImportReport(report)).toContain('proposed for moderation (nothing published): 3')

    const again = await importIndigo(FIXTURE, investments, { now: NOW, moderate: { proposals } })
    expect(again.proposals).toEqual([])
    expect(again.skipped.filter((s) => s.reason === 'a moderated import already proposed it')).toHaveLength(3)
  })

  it('migration 002 gives imported records stored before the field a relevance from the rule', async () => {
    await importIndigo(FIXTURE, investments, { now: NOW })
    await store.collection('investments').updateMany({ origin: 'imported' }, { $unset: { relevance: '' } })
    const migration = MIGRATIONS.find((m) => m.id === '002-imported-relevance')!
    const changed = await store.transaction((tx) => migration.run(tx))
    expect(changed).toBe(3)
    const docs = await store.collection<{ _id: string; relevance: string }>('investments').find({ origin: 'imported' })
    expect(Object.fromEntries(docs.map((d) => [d._id, d.relevance]))).toEqual({
      'indigo-poj-9001': 'migrants_refugees',
      'indigo-poj-9002': 'other',
      'indigo-poj-9005': 'other',
    })
  })

  describe.skipIf(REAL_EXPORT === undefined)('on the shared real INDIGO export', () => {
    it('agrees with the hand-screened subset, and the default search stays on topic', async () => {
      const report = await importIndigo(REAL_EXPORT!, investments, { now: NOW })
      // Figures of the export pulled 20 May 2025 (319 projects), quoted in docs/adr/050.
      expect(report.relevance.projects).toEqual({ migrants_refugees: 16, other: 303 })
      expect(report.relevance.check).toMatchObject({
        subset: 15,
        agree: 15,
        onlySubset: [],
        onlyRule: ['INDIGO-POJ-0175'],
      })
      expect(report.relevance.imported).toEqual({ migrants_refugees: 2, other: 270 })
      const search = new InvestmentSearch(await investments.all())
      expect(search.search(InvestmentQuery.parse({})).total).toBe(SEED_INVESTMENT_COUNT + 2)
      expect(search.search(InvestmentQuery.parse({ includeOther: 'true' })).total).toBe(SEED_INVESTMENT_COUNT + 272)
    }, 60_000)
  })
})
