import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Fund, GlossaryTerm, Instrument } from '../catalogue/catalogue.js'
import type { Guidance } from '../guidance/guidance.js'
import type { Investment } from '../investments/investment.js'
import { SEED_DIR_PATH } from '../seed/seed-dir.js'

/**
 * Source health (ADR 052): every source address in the store with the records citing it, addresses
 * written differently that are the same page, malformed addresses, and records whose only source is
 * a generic dataset page (seed/source-health.json). Pure over the records it is given.
 */
export const SourceHealthSettings = z.strictObject({
  description: z.string(),
  genericPages: z.array(z.strictObject({ url: z.string().url(), name: z.string().min(1).max(200) })),
})
export type SourceHealthSettings = z.infer<typeof SourceHealthSettings>

export function readSourceHealthSettings(path = join(SEED_DIR_PATH, 'source-health.json')): SourceHealthSettings {
  return SourceHealthSettings.parse(JSON.parse(readFileSync(path, 'utf8')))
}

export interface RecordRef {
  kind: 'investments' | 'instruments' | 'funds' | 'glossary' | 'guidance'
  id: string
  retired?: boolean
}

export interface SourcesInput {
  investments: readonly Investment[]
  instruments?: readonly Instrument[]
  funds?: readonly Fund[]
  glossary?: readonly GlossaryTerm[]
  guidance?: readonly Guidance[]
}

export interface SourceHealthReport {
  urls: { url: string; citedBy: RecordRef[] }[]
  /** Addresses that normalise to the same page, each group with every spelling found. */
  duplicates: { key: string; spellings: string[]; citedBy: RecordRef[] }[]
  malformed: { url: string; problem: string; citedBy: RecordRef[] }[]
  /** Records whose every source is a generic dataset page. */
  genericOnly: { record: RecordRef; url: string }[]
  counts: { urls: number; citations: number; duplicates: number; malformed: number; genericOnly: number }
}

/** Why an address is malformed, or null: not http(s), spaces, no dotted host, unparseable. */
export function urlProblem(url: string): string | null {
  if (url !== url.trim() || /\s/.test(url)) return 'contains spaces'
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'not a web address'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `scheme ${parsed.protocol} is not http or https`
  if (!parsed.hostname.includes('.')) return 'the host has no domain'
  return null
}

/** The page an address names, whatever the spelling: scheme, www., case of the host, default port, trailing slash, fragment and tracking parameters ignored. */
export function normaliseUrl(url: string): string {
  try {
    const parsed = new URL(url.trim())
    const host = parsed.hostname.toLowerCase().replace(/^www\./, '')
    const params = [...parsed.searchParams]
      .filter(([key]) => !/^utm_/i.test(key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : ''
    const path = parsed.pathname.replace(/\/+$/, '') || ''
    return `${host}${path}${query}`
  } catch {
    return url.trim()
  }
}

function citations(input: SourcesInput): { ref: RecordRef; urls: string[] }[] {
  const out: { ref: RecordRef; urls: string[] }[] = []
  for (const i of input.investments)
    out.push({
      ref: { kind: 'investments', id: i.id, ...(i.retired ? { retired: true } : {}) },
      urls: [...i.sources.map((s) => s.url), ...(i.amountSource ? [i.amountSource] : [])],
    })
  const facts = (record: object) =>
    Object.values(record).flatMap((value) =>
      Array.isArray(value)
        ? value.flatMap((item: unknown) =>
            item && typeof item === 'object' && 'sources' in item ? (item as { sources: string[] }).sources : [],
          )
        : [],
    )
  for (const i of input.instruments ?? []) out.push({ ref: { kind: 'instruments', id: i.slug }, urls: facts(i) })
  for (const f of input.funds ?? [])
    out.push({ ref: { kind: 'funds', id: f.slug }, urls: [...facts(f), ...(f.website ? [f.website] : [])] })
  for (const g of input.glossary ?? []) out.push({ ref: { kind: 'glossary', id: g.slug }, urls: g.sources })
  for (const g of input.guidance ?? []) out.push({ ref: { kind: 'guidance', id: g.id }, urls: [g.url, g.source.url] })
  return out
}

export function sourceHealth(input: SourcesInput, settings: SourceHealthSettings): SourceHealthReport {
  const byUrl = new Map<string, RecordRef[]>()
  let citationCount = 0
  const all = citations(input)
  for (const { ref, urls } of all) {
    for (const url of new Set(urls)) {
      const list = byUrl.get(url) ?? []
      list.push(ref)
      byUrl.set(url, list)
      citationCount++
    }
  }
  const urls = [...byUrl]
    .map(([url, citedBy]) => ({ url, citedBy }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))

  const groups = new Map<string, string[]>()
  for (const { url } of urls) groups.set(normaliseUrl(url), [...(groups.get(normaliseUrl(url)) ?? []), url])
  const duplicates = [...groups]
    .filter(([, spellings]) => spellings.length > 1)
    .map(([key, spellings]) => ({ key, spellings, citedBy: unique(spellings.flatMap((s) => byUrl.get(s) ?? [])) }))

  const malformed = urls.flatMap(({ url, citedBy }) => {
    const problem = urlProblem(url)
    return problem ? [{ url, problem, citedBy }] : []
  })

  const generic = new Set(settings.genericPages.map((page) => normaliseUrl(page.url)))
  const genericOnly = all.flatMap(({ ref, urls: list }) =>
    list.length > 0 && list.every((url) => generic.has(normaliseUrl(url))) ? [{ record: ref, url: list[0]! }] : [],
  )

  return {
    urls,
    duplicates,
    malformed,
    genericOnly,
    counts: {
      urls: urls.length,
      citations: citationCount,
      duplicates: duplicates.length,
      malformed: malformed.length,
      genericOnly: genericOnly.length,
    },
  }
}

function unique(refs: RecordRef[]): RecordRef[] {
  const seen = new Set<string>()
  return refs.filter((ref) => {
    const key = `${ref.kind}:${ref.id}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const refText = (ref: RecordRef) => `${ref.kind}/${ref.id}${ref.retired ? ' (retired)' : ''}`

/** The report as `npm run cli -- sources:report` prints it. */
export function formatSourceHealth(report: SourceHealthReport): string {
  const lines: string[] = []
  const c = report.counts
  lines.push(`Sources in the store: ${c.urls} addresses, ${c.citations} citations`)
  lines.push(`Duplicates (same page written differently): ${c.duplicates}`)
  for (const d of report.duplicates)
    lines.push(`  ${d.spellings.join('  |  ')}  ← ${d.citedBy.map(refText).join(', ')}`)
  lines.push(`Malformed addresses: ${c.malformed}`)
  for (const m of report.malformed) lines.push(`  ${m.url} (${m.problem}) ← ${m.citedBy.map(refText).join(', ')}`)
  lines.push(`Records whose only source is a generic dataset page: ${c.genericOnly}`)
  for (const g of report.genericOnly) lines.push(`  ${refText(g.record)} ← ${g.url}`)
  lines.push('')
  lines.push('Every source and the records citing it:')
  for (const u of report.urls) lines.push(`  ${u.url}\n      ${u.citedBy.map(refText).join(', ')}`)
  return lines.join('\n')
}
