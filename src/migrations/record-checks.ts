import { z } from 'zod'
import { CurationState } from '../catalogue/catalogue-repository.js'
import { Fund, GlossaryTerm, Instrument } from '../catalogue/catalogue.js'
import { Change } from '../changes/change-log.js'
import { HistoryEntry } from '../curation/curation-schemas.js'
import { Proposal } from '../curation/proposals.js'
import { Investment } from '../investments/investment.js'
import { ROLES } from '../accounts/account.js'
import { NO_SIGN_IN } from '../accounts/passwords.js'
import type { Doc, DocumentStore } from '../storage/document-store.js'

interface RecordSchema {
  schema: z.ZodType
  /** The field the repository maps `_id` onto (null: `_id` is dropped). */
  idField: string | null
}

/** What the current release reads from each collection, with `_id` as the repositories map it. */
const withId = (schema: z.ZodType, idField: string | null = 'id'): RecordSchema => ({ schema, idField })
const catalogue = (schema: z.ZodObject): RecordSchema =>
  withId(schema.extend({ curation: CurationState.optional() }), null)

const StoredUser = z.looseObject({
  email: z.string().min(3),
  // Empty when the account was made without a name (`users:create` without --name): shown as "Name not given".
  name: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string().nullable(),
  affiliation: z.string().nullable(),
  locale: z.string().nullable(),
  // A scrypt hash, or the marker of a demonstration account that cannot sign in (`npm run cli -- demo`).
  passwordHash: z.union([z.string().startsWith('scrypt$'), z.literal(NO_SIGN_IN)]),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})

const StoredOrganisation = z.looseObject({
  name: z.string().min(1),
  respondentType: z.string().min(1),
  country: z.string().length(2),
  createdAt: z.iso.datetime(),
})

export const RECORD_SCHEMAS: Record<string, RecordSchema> = {
  investments: withId(Investment),
  instruments: catalogue(Instrument),
  funds: catalogue(Fund),
  glossary: catalogue(GlossaryTerm),
  proposals: withId(Proposal),
  curation_history: withId(HistoryEntry),
  changes: withId(Change, null),
  users: withId(StoredUser, null),
  organisations: withId(StoredOrganisation, null),
}

export interface RecordProblem {
  collection: string
  id: string
  problem: string
}

/** Every stored record the current release cannot read, by collection and id (at most `limit`). */
export async function checkRecords(
  store: DocumentStore,
  limit = 50,
): Promise<{ checked: number; problems: RecordProblem[] }> {
  const problems: RecordProblem[] = []
  let checked = 0
  for (const [collection, { schema, idField }] of Object.entries(RECORD_SCHEMAS)) {
    for (const doc of await store.collection(collection).find({})) {
      checked++
      const { _id, ...rest } = doc as Doc
      const result = schema.safeParse(idField ? { ...rest, [idField]: _id } : rest)
      if (!result.success && problems.length < limit) {
        problems.push({
          collection,
          id: doc._id,
          problem: result.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; '),
        })
      }
    }
  }
  return { checked, problems }
}

/** Records the current release cannot read: the server does not start on them. */
export class RecordsInvalidError extends Error {
  constructor(readonly problems: RecordProblem[]) {
    super(
      `${problems.length} stored record(s) do not fit this release, even after the data migrations:\n` +
        problems.map((p) => `  ${p.collection} ${p.id}: ${p.problem}`).join('\n') +
        '\nThe server does not start on data it cannot read. Correct these records (or restore a backup made by this release), ' +
        'or run the release that wrote them; then start again.',
    )
    this.name = 'RecordsInvalidError'
  }
}

/** Runs the data migrations, then checks every record; throws RecordsInvalidError naming what still fails. */
export async function migrateAndCheck(
  store: DocumentStore,
  run: (store: DocumentStore) => Promise<{ applied: Array<{ id: string; changed: number }> }>,
) {
  const migrated = await run(store)
  const { checked, problems } = await checkRecords(store)
  if (problems.length > 0) throw new RecordsInvalidError(problems)
  return { ...migrated, checked }
}
