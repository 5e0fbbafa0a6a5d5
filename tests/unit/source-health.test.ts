import { describe, expect, it } from 'vitest'
import {
  formatSourceHealth,
  normaliseUrl,
  readSourceHealthSettings,
  sourceHealth,
  urlProblem,
} from '../../src/curation/source-health.js'
import type { Investment } from '../../src/investments/investment.js'
import { INDIGO_DATASET_URL } from '../../src/indigo/indigo-map.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'

const record = (id: string, urls: string[], extra: Partial<Investment> = {}) =>
  ({ id, sources: urls.map((url) => ({ url, label: null })), retired: false, ...extra }) as unknown as Investment

describe('source health (sources:report)', () => {
  const settings = readSourceHealthSettings()

  it('groups the same page written differently, and only those', () => {
    expect(normaliseUrl('https://www.coebank.org/en/news/x/')).toBe(normaliseUrl('http://coebank.org/en/news/x#top'))
    expect(normaliseUrl('https://example.org/a?utm_source=mail&b=2')).toBe(normaliseUrl('https://example.org/a?b=2'))
    expect(normaliseUrl('https://example.org/a')).not.toBe(normaliseUrl('https://example.org/b'))
    const report = sourceHealth(
      {
        investments: [
          record('a', ['https://www.coebank.org/x/']),
          record('b', ['http://coebank.org/x']),
          record('c', ['https://example.org/y']),
        ],
      },
      settings,
    )
    expect(report.duplicates).toEqual([
      {
        key: 'coebank.org/x',
        spellings: ['http://coebank.org/x', 'https://www.coebank.org/x/'],
        citedBy: [
          { kind: 'investments', id: 'b' },
          { kind: 'investments', id: 'a' },
        ],
      },
    ])
  })

  it('flags malformed addresses with the reason and the records citing them', () => {
    expect(urlProblem('ftp://example.org/x')).toContain('not http')
    expect(urlProblem('https://localhost/x')).toBe('the host has no domain')
    expect(urlProblem('https://example.org/a b')).toBe('contains spaces')
    expect(urlProblem('https://example.org/ok')).toBeNull()
    const report = sourceHealth(
      { investments: [record('a', ['https://intranet/x', 'https://example.org/fine'])] },
      settings,
    )
    expect(report.malformed).toEqual([
      { url: 'https://intranet/x', problem: 'the host has no domain', citedBy: [{ kind: 'investments', id: 'a' }] },
    ])
  })

  it('flags records whose only source is the INDIGO dataset page, not those with a page of their own too', () => {
    const report = sourceHealth(
      {
        investments: [
          record('only', [INDIGO_DATASET_URL]),
          record('only-other-spelling', ['https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/impact-bond-dataset-v2']),
          record('both', [INDIGO_DATASET_URL, 'https://example.org/case']),
        ],
      },
      settings,
    )
    expect(report.genericOnly.map((g) => g.record.id)).toEqual(['only', 'only-other-spelling'])
    expect(report.counts).toMatchObject({ genericOnly: 2, duplicates: 1 })
    expect(formatSourceHealth(report)).toContain('Records whose only source is a generic dataset page: 2')
  })

  it('on the seed: every address well formed, and the cases citing only the INDIGO dataset page listed', () => {
    const seed = readSeedFiles(SEED_DIR_PATH)
    const investments = seed.investments.map((i) => ({ ...i, retired: false }) as unknown as Investment)
    const report = sourceHealth(
      {
        investments,
        instruments: seed.instruments,
        funds: seed.funds,
        glossary: seed.glossary,
        guidance: seed.guidance,
      },
      settings,
    )
    expect(report.malformed).toEqual([])
    expect(report.urls.every((u) => u.citedBy.length > 0)).toBe(true)
    for (const { record: ref } of report.genericOnly)
      expect(
        seed.investments
          .find((i) => i.id === ref.id)!
          .sources.every((s) => normaliseUrl(s.url) === normaliseUrl(INDIGO_DATASET_URL)),
      ).toBe(true)
  })
})
