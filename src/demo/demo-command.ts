import { NO_SIGN_IN, PasswordHasher, passwordProblem } from '../accounts/passwords.js'
import { authSettings, type AuthSettings } from '../accounts/auth-settings.js'
import { ValidationError } from '../errors.js'
import { applyQuestionnaireSeed } from '../questionnaires/questionnaire-seed.js'
import { readSeedFiles } from '../seed/seed-files.js'
import { SEED_DIR_PATH } from '../seed/seed-dir.js'
import type { DocumentStore } from '../storage/document-store.js'
import { questionnairesFrom } from '../synthetic/synthetic-responses.js'
import { demoRecords } from './demo-data.js'

export const DEMO_USAGE = `  demo [--password-stdin]                Load demonstration organisations, respondent accounts and
                                         responses (flagged demo; the review leaves them out unless
                                         includeDemo=true). Idempotent. With --password-stdin the
                                         demo accounts (demo.<name>@example.org) can sign in with
                                         that password; without it they cannot sign in`

export { NO_SIGN_IN }

export interface DemoReport {
  organisations: number
  users: number
  responses: number
}

/** Writes the demonstration records missing from the store, in one unit of writes. */
export async function loadDemo(
  store: DocumentStore,
  options: { password?: string; now?: string; settings?: AuthSettings } = {},
): Promise<DemoReport> {
  const settings = options.settings ?? authSettings()
  let passwordHash = NO_SIGN_IN
  if (options.password !== undefined) {
    const problem = passwordProblem(options.password, settings.passwordMinLength)
    if (problem)
      throw new ValidationError({
        password: [
          `The demo password is not accepted (${problem.replace('_', ' ')}): use at least ${settings.passwordMinLength} characters, not a common password`,
        ],
      })
    passwordHash = await new PasswordHasher(settings.scrypt).hash(options.password)
  }
  const seed = readSeedFiles(SEED_DIR_PATH)
  await applyQuestionnaireSeed(store, seed.questionnaires, options.now ?? new Date().toISOString(), {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    keptEdits: 0,
  })
  // The clock dates the demo cities' financing years ("needed within two years" stays true).
  const records = demoRecords(
    questionnairesFrom(seed.questionnaires),
    passwordHash,
    options.now ? new Date(options.now) : new Date(),
  )
  return store.transaction(async (tx) => {
    const report: DemoReport = { organisations: 0, users: 0, responses: 0 }
    for (const [name, docs] of [
      ['organisations', records.organisations],
      ['users', records.users],
      ['responses', records.responses],
    ] as const) {
      const coll = tx.collection<{ _id: string }>(name)
      for (const doc of docs) {
        if (await coll.findOne({ _id: doc._id })) continue
        if (name === 'users' && (await coll.findOne({ email: (doc as { email: string }).email }))) continue
        await coll.insertOne(doc)
        report[name]++
      }
    }
    return report
  })
}
