import { defaultRelevanceRule } from '../investments/relevance.js'
import type { DocumentStore, Transaction } from '../storage/document-store.js'

/**
 * Versioned data migrations (ADR 025): each runs once, in order, at start and with
 * `npm run cli -- migrate`, in one unit together with its record in the `migrations` collection,
 * so a migration is applied whole and recorded, or not at all. A migration never deletes data the
 * current release cannot rebuild, and is written against what the previous release stored.
 */
export interface Migration {
  /** `NNN-what-it-does`: the order is the order of this list; ids never change once released. */
  id: string
  description: string
  /** Returns how many documents it changed. */
  run(tx: Transaction): Promise<number>
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '001-users-locale',
    description: 'Accounts created before the language switcher get an explicit "no language chosen" (locale null)',
    async run(tx) {
      const result = await tx.collection('users').updateMany({ locale: { $exists: false } }, { $set: { locale: null } })
      return result.modifiedCount
    },
  },
  {
    id: '002-imported-relevance',
    description:
      'Imported records stored before the relevance field get one from the rule in seed/relevance-terms.json (ADR 050); other records are migrant cases by default',
    async run(tx) {
      const rule = defaultRelevanceRule()
      const investments = tx.collection<{ _id: string; title?: string; targetGroupText?: string | null }>('investments')
      const old = await investments.find(
        { origin: 'imported', relevance: { $exists: false } },
        { projection: { _id: 1, title: 1, targetGroupText: 1 } },
      )
      let changed = 0
      for (const doc of old) {
        const result = await investments.updateOne(
          { _id: doc._id },
          { $set: { relevance: rule.classify(doc).relevance } },
        )
        changed += result.modifiedCount
      }
      return changed
    },
  },
]

interface MigrationDoc {
  _id: string
  description: string
  appliedAt: string
  changed: number
  [key: string]: unknown
}

export interface MigrationReport {
  applied: Array<{ id: string; changed: number }>
  alreadyApplied: number
}

/** Runs every migration not yet recorded in the store. */
export async function runMigrations(
  store: DocumentStore,
  now: () => Date = () => new Date(),
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  const done = new Set(
    (await store.collection<MigrationDoc>('migrations').find({}, { projection: { _id: 1 } })).map((doc) => doc._id),
  )
  const applied: MigrationReport['applied'] = []
  for (const migration of migrations) {
    if (done.has(migration.id)) continue
    const changed = await store.transaction(async (tx) => {
      const count = await migration.run(tx)
      await tx.collection<MigrationDoc>('migrations').insertOne({
        _id: migration.id,
        description: migration.description,
        appliedAt: now().toISOString(),
        changed: count,
      })
      return count
    })
    applied.push({ id: migration.id, changed })
  }
  return { applied, alreadyApplied: done.size }
}
