import { MongoClient } from 'mongodb'
import { it, type TestAPI } from 'vitest'

/**
 * Which MongoDB wire-protocol server MONGODB_URI points at: `ferretdb` (CI's FerretDB 1.24),
 * `mongodb` (MongoDB proper) or null (no URI). docs/mongodb.md lists what each runs.
 */
export type ServerKind = 'ferretdb' | 'mongodb' | null

async function detect(): Promise<ServerKind> {
  const uri = process.env.MONGODB_URI
  if (!uri) return null
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 })
  try {
    const info = await client.db('admin').command({ buildInfo: 1 })
    return typeof info.ferretdbVersion === 'string' ? 'ferretdb' : 'mongodb'
  } finally {
    await client.close()
  }
}

export const serverKind: ServerKind = await detect()

/** Why tests of versioned writes under concurrency cannot run on FerretDB (docs/mongodb.md). */
export const CONDITIONAL_UPDATES_REASON =
  'FerretDB 1.24 (SQLite) does not apply a conditional update atomically: several concurrent updateOne({_id, version}) calls all match'

/** The marker in a skipped test's name; .ci/run lists the tests carrying it, with their reasons. */
export const NEEDS_MONGODB = 'needs MongoDB 7'

/**
 * `it`, unless the test runs on FerretDB and needs a feature only MongoDB proper has: then the test
 * is skipped, named with the feature and the reason, and the reason is printed.
 *   needsMongoDB(engine, '$facet', 'FerretDB 1.24 has no $facet stage')('counts …', async () => …)
 */
export function needsMongoDB(engine: string, feature: string, reason: string): TestAPI {
  if (engine !== 'mongodb' || serverKind !== 'ferretdb') return it
  return ((name: string, fn?: () => unknown) => {
    console.warn(`Skipped on FerretDB: "${name}" (${NEEDS_MONGODB}: ${feature}; ${reason})`)
    it.skip(`${name} [${NEEDS_MONGODB}: ${feature}; ${reason}]`, fn as () => void)
  }) as unknown as TestAPI
}
