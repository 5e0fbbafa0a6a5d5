import { createHash } from 'node:crypto'
import { CatalogueRepository } from '../catalogue/catalogue-repository.js'
import type { DocumentStore } from '../storage/document-store.js'
import type { InvestmentRepository } from '../investments/investment-repository.js'
import type { Investment } from '../investments/investment.js'
import type { SeedData } from './seed-files.js'
import { applyQuestionnaireSeed } from '../questionnaires/questionnaire-seed.js'

export interface SeedReport {
  inserted: number
  updated: number
  unchanged: number
  /** Records a curator changed since they were seeded: left as they are. */
  keptEdits: number
}

type SeedStateDoc = { _id: string; hash: string }

/**
 * Loads the seed idempotently. A record is inserted when missing, updated when the seed changed and
 * nobody edited the record since it was seeded, and otherwise left alone.
 */
export async function applySeed(store: DocumentStore, investments: InvestmentRepository, seed: SeedData, now: string): Promise<SeedReport> {
  const report: SeedReport = { inserted: 0, updated: 0, unchanged: 0, keptEdits: 0 }
  const state = store.collection<SeedStateDoc>('seed_state')
  const lastHashes = new Map((await state.find({})).map((doc) => [doc._id, doc.hash]))
  // Catalogue writes go through the repository, so they reach the changes log like any other write.
  const catalogueRepository = new CatalogueRepository(store)

  const catalogue = [
    ['instruments', seed.instruments.map((i) => ({ ...i, _id: i.slug }))],
    ['funds', seed.funds.map((f) => ({ ...f, _id: f.slug }))],
    ['glossary', seed.glossary.map((g) => ({ ...g, _id: g.slug }))],
    ['guidance', seed.guidance.map((g) => ({ ...g, _id: g.id }))],
  ] as const
  for (const [name, docs] of catalogue) {
    const collection = store.collection(name)
    for (const doc of docs) {
      const key = `${name}:${doc._id}`
      const seedHash = hash(doc)
      const current = await collection.findOne({ _id: doc._id })
      if (!current) {
        await catalogueRepository.save(name, doc)
        report.inserted++
      } else if (hash(current) === seedHash) {
        report.unchanged++
      } else if (hash(current) === lastHashes.get(key)) {
        await catalogueRepository.save(name, doc)
        report.updated++
      } else {
        report.keptEdits++
        continue
      }
      if (lastHashes.get(key) !== seedHash) await state.replaceOne({ _id: key }, { _id: key, hash: seedHash }, { upsert: true })
    }
  }

  for (const entry of seed.investments) {
    const { originRef, id, ...content } = entry
    const key = `investments:${id}`
    const seedHash = hash(content)
    const current = await investments.get(id)
    if (!current) {
      const record: Investment = { ...content, id, origin: 'seed', originRef, version: 1, createdAt: now, updatedAt: now, retired: false }
      await investments.insert(record)
      report.inserted++
    } else if (hash(contentOf(current)) === seedHash) {
      report.unchanged++
    } else if (hash(contentOf(current)) === lastHashes.get(key)) {
      await investments.replace({ ...current, ...content, updatedAt: now }, current.version)
      report.updated++
    } else {
      report.keptEdits++
      continue
    }
    if (lastHashes.get(key) !== seedHash) await state.replaceOne({ _id: key }, { _id: key, hash: seedHash }, { upsert: true })
  }
  // Questionnaire definitions: a new version is a new record; an answered version is never changed.
  await applyQuestionnaireSeed(store, seed.questionnaires, now, report)
  return report
}

function contentOf(investment: Investment): Record<string, unknown> {
  const { id: _id, origin: _o, originRef: _r, version: _v, createdAt: _c, updatedAt: _u, retired: _x, ...content } = investment
  return content
}

/** Hash of a JSON value with keys sorted, so field order never matters. */
function hash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex')
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
