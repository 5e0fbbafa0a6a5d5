// Plain-language input messages for every schema (arguments, imported files).
import '../http/plain-errors.js'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createUserFromCli, parseUsersCreateArgs, readPassword, USERS_CREATE_USAGE } from '../accounts/users-cli.js'
import { ConfigError, loadConfig } from '../config.js'
import {
  DATA_COMMANDS_USAGE,
  exportCommand,
  exportIndigoCommand,
  importIndigoCommand,
  restoreCommand,
  sourcesReportCommand,
  type StoreUse,
} from './data-commands.js'
import { ValidationError } from '../errors.js'
import { I18N_USAGE, runI18nCommand } from '../i18n/i18n-cli.js'
import { InvestmentRepository } from '../investments/investment-repository.js'
import { SEED_DIR_PATH } from '../seed/seed-dir.js'
import { applySeed } from '../seed/apply-seed.js'
import { readSeedFiles } from '../seed/seed-files.js'
import { openStore } from '../storage/open-store.js'
import { StoreLockedError, type DocumentStore } from '../storage/document-store.js'
import { isSyntheticStore, markSyntheticStore } from '../synthetic/store-purpose.js'
import { syntheticInvestments, vocabularyOf } from '../synthetic/synthetic-investments.js'
import { questionnairesFrom, writeSyntheticResponses } from '../synthetic/synthetic-responses.js'
import { applyQuestionnaireSeed } from '../questionnaires/questionnaire-seed.js'
import { runMigrations } from '../migrations/migrations.js'
import { DEMO_USAGE, loadDemo } from '../demo/demo-command.js'
import { migrateAndCheck } from '../migrations/record-checks.js'
import { authSettings } from '../accounts/auth-settings.js'
import { retentionPeriods } from '../privacy/retention-periods.js'
import { RetentionSweep } from '../privacy/retention-sweep.js'
import { quotaSettings } from '../quotas/quota-settings.js'
import { WriteQuotas } from '../quotas/write-quotas.js'

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  seed                                   Load the seed files into the store (idempotent)
  bench-data --investments N [--responses N]
                                         Fill DATA_DIR with synthetic records for benchmarks
                                         (refused when DATA_DIR holds real data)
${DEMO_USAGE}
${USERS_CREATE_USAGE}
${DATA_COMMANDS_USAGE}
${I18N_USAGE}
  retention:sweep                        Delete what the retention periods no longer allow (the
                                         server also does this every RETENTION_SWEEP_MINUTES)

The store is chosen by MONGODB_URI / DATA_DIR as for the server. The embedded store can be
opened by one process at a time: stop the server first, or point DATA_DIR elsewhere.`

const BenchDataOptions = z
  .object({
    investments: z.coerce.number().int().min(0).max(1_000_000).default(0),
    responses: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((o) => o.investments + o.responses > 0, {
    message:
      'Give --investments N and/or --responses N (at least one above 0): bench-data marks the directory as benchmark data for good',
    path: ['investments'],
  })

/** Collections whose documents only people (or the seed) create: any of them means the directory holds real data. */
const REAL_DATA = ['users', 'organisations', 'responses', 'proposals', 'api_tokens', 'curation_history'] as const

async function withStore<T>(run: (store: DocumentStore) => Promise<T>, use: StoreUse = {}): Promise<T> {
  // No command needs SESSION_SECRET to be set (backups are signed with BACKUP_KEY, else SESSION_SECRET when given).
  const config = loadConfig(process.env, { requireSessionSecret: false })
  const store = await openStore({
    dataDir: resolve(config.dataDir),
    mongodbUri: config.mongodbUri,
    mongodb: config.mongodb,
    ...use,
  })
  try {
    return await run(store)
  } finally {
    await store.close()
  }
}

async function seed(): Promise<void> {
  await withStore(async (store) => {
    if (await isSyntheticStore(store))
      throw new Error('This data directory holds synthetic benchmark data; seed a separate DATA_DIR.')
    const investments = new InvestmentRepository(store)
    await investments.ensureIndexes()
    const report = await applySeed(store, investments, readSeedFiles(SEED_DIR_PATH), new Date().toISOString())
    console.log(
      `Seed applied: ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged, ${report.keptEdits} kept curator edits`,
    )
  })
}

async function benchData(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { investments: { type: 'string' }, responses: { type: 'string' } },
    strict: true,
  })
  const options = BenchDataOptions.parse(values)
  await withStore(async (store) => {
    const investments = new InvestmentRepository(store)
    const existing = await investments.all()
    const real: string[] = []
    if (existing.some((i) => i.origin !== 'synthetic')) real.push('investments')
    if (!(await isSyntheticStore(store))) {
      for (const name of REAL_DATA)
        if ((await store.collection(name).countDocuments({ synthetic: { $ne: true } })) > 0) real.push(name)
    }
    if (real.length > 0)
      throw new Error(
        `DATA_DIR holds real data (${real.join(', ')}). Synthetic data goes in a separate directory: DATA_DIR=./data-bench npm run cli -- bench-data …`,
      )
    await markSyntheticStore(store)
    const seedData = readSeedFiles(SEED_DIR_PATH)
    const vocabulary = vocabularyOf(seedData.investments.flatMap((i) => [i.title, i.summary, i.notes ?? '']))
    const records = syntheticInvestments(options.investments, vocabulary)
    const have = new Set(existing.map((i) => i.id))
    const missing = records.filter((record) => !have.has(record.id))
    for (let i = 0; i < missing.length; i += 1000) await investments.insertMany(missing.slice(i, i + 1000))
    const added = missing.length
    console.log(`Synthetic investments: ${added} added, ${records.length - added} already there.`)
    if (options.responses > 0) {
      // The questionnaire definitions the responses answer, then responses flagged synthetic (the review leaves them out unless asked).
      await applyQuestionnaireSeed(store, seedData.questionnaires, new Date().toISOString(), {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        keptEdits: 0,
      })
      const written = await writeSyntheticResponses(
        store,
        options.responses,
        questionnairesFrom(seedData.questionnaires),
      )
      console.log(`Synthetic questionnaire responses: ${written} added, ${options.responses - written} already there.`)
    }
  })
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'seed':
      await seed()
      return 0
    case 'users:create': {
      const options = parseUsersCreateArgs(rest)
      const password = await readPassword(process.stdin)
      await withStore(async (store) => console.log(await createUserFromCli(store, options, password)))
      return 0
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { 'password-stdin': { type: 'boolean' } }, strict: true })
      const password = values['password-stdin'] ? await readPassword(process.stdin) : undefined
      await withStore(async (store) => {
        if (await isSyntheticStore(store))
          throw new Error('This data directory holds synthetic benchmark data; load the demo into a separate DATA_DIR.')
        const report = await loadDemo(store, password === undefined ? {} : { password })
        console.log(
          `Demo data: ${report.organisations} organisations, ${report.users} accounts and ${report.responses} responses added (those already there were kept). See them on /review with "Include demonstration and synthetic responses".`,
        )
      })
      return 0
    }
    case 'bench-data':
      await benchData(rest)
      return 0
    case 'migrate':
      await withStore(async (store) => {
        const report = await migrateAndCheck(store, (s) => runMigrations(s))
        for (const { id, changed } of report.applied) console.log(`Applied ${id}: ${changed} documents changed`)
        console.log(
          `${report.applied.length === 0 ? 'No migration to apply' : `${report.applied.length} migration(s) applied`}; ${report.checked} records checked, all readable by this release.`,
        )
      })
      return 0
    case 'import:indigo':
      await importIndigoCommand(rest, withStore)
      return 0
    case 'sources:report':
      await sourcesReportCommand(rest, withStore)
      return 0
    case 'export:indigo':
      await exportIndigoCommand(rest, withStore)
      return 0
    case 'export':
      await exportCommand(rest, withStore, loadConfig().backupKey)
      return 0
    case 'restore':
      await restoreCommand(rest, withStore, loadConfig().backupKey)
      return 0
    case 'retention:sweep':
      await withStore(async (store) => {
        const config = loadConfig(process.env, { requireSessionSecret: false })
        const periods = retentionPeriods(
          config.retention,
          authSettings(),
          new WriteQuotas(store, quotaSettings()).longestWindowMs,
        )
        const r = await new RetentionSweep(store, periods).sweep()
        console.log(
          `Retention sweep: ${r.sessions} expired sessions, ${r.signInAttempts} sign-in attempts, ${r.writeCounters} write counters, ${r.auditEntries} audit entries and ${r.invitations} invitations deleted; client addresses removed from ${r.auditAddresses} audit entries.`,
        )
      })
      return 0
    case 'i18n:missing':
    case 'i18n:check':
    case 'i18n:merge':
      return runI18nCommand(command, rest, (line) => console.log(line))
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE)
      return command === undefined ? 1 : 0
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`)
      return 1
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message)
    else if (error instanceof StoreLockedError)
      console.error(
        `${error.message}\nWhile the server runs, take backups from /admin/storage or GET /api/v1/backup and run INDIGO imports from /admin/storage (with MONGODB_URI set, commands work while the server runs).`,
      )
    else if (error instanceof ValidationError)
      console.error(
        Object.entries(error.fields ?? {})
          .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
          .join('\n'),
      )
    else if (error instanceof z.ZodError) console.error(z.prettifyError(error))
    else console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
