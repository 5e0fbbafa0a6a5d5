import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { readBackup, restoreBackup, writeBackup } from '../backup/backup.js'
import { CatalogueRepository } from '../catalogue/catalogue-repository.js'
import { ProposalRepository } from '../curation/proposals.js'
import { formatSourceHealth, readSourceHealthSettings, sourceHealth } from '../curation/source-health.js'
import { formatImportReport, importIndigo } from '../indigo/indigo-import.js'
import { INDIGO_STANDARD_VERSION, isImpactBond, toIndigoProject } from '../indigo/indigo-project-json.js'
import { InvestmentRepository } from '../investments/investment-repository.js'
import type { DocumentStore } from '../storage/document-store.js'
import { isSyntheticStore } from '../synthetic/store-purpose.js'

/** Interoperability and operations commands of `npm run cli` (import:indigo, export:indigo, export, restore). */
export const DATA_COMMANDS_USAGE = `  import:indigo --dir D [--dry-run] [--moderate]
                                         Import the INDIGO impact-bond CSV export in folder D
                                         (prints what was imported, merged, skipped and why, and
                                         each project's relevance); --moderate: each new record
                                         becomes a proposal a curator publishes
  export:indigo --out F                  Write the published impact-bond records to F as INDIGO project JSON
  export --out F                         Back up every collection to F (JSON Lines with a checksum,
                                         signed with BACKUP_KEY or SESSION_SECRET; ADR 012, 024)
  restore --in F [--force] [--allow-unsigned]
                                         Restore a backup into an empty store (--force replaces
                                         everything in a store that holds data); refuses a file
                                         whose checksum or signature fails
  migrate                                Run the data migrations and check every record (ADR 025)
  sources:report [--json]                Every source address in the store with the records citing
                                         it; flags duplicates, malformed addresses and records whose
                                         only source is a generic dataset page (ADR 052)`

export interface StoreUse {
  /** Open a store whose last restore did not finish (only restore does, to finish it). */
  allowIncompleteRestore?: boolean
}
export type WithStore = <T>(run: (store: DocumentStore) => Promise<T>, use?: StoreUse) => Promise<T>

const path = (what: string) => z.string({ error: `Give ${what}` }).min(1, `Give ${what}`)

export async function importIndigoCommand(args: string[], withStore: WithStore): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { dir: { type: 'string' }, 'dry-run': { type: 'boolean' }, moderate: { type: 'boolean' } },
    strict: true,
  })
  const { dir, dryRun, moderate } = z
    .object({
      dir: path('the folder of the INDIGO export with --dir'),
      dryRun: z.boolean().default(false),
      moderate: z.boolean().default(false),
    })
    .parse({ dir: values.dir, dryRun: values['dry-run'], moderate: values.moderate })
  await withStore(async (store) => {
    if (await isSyntheticStore(store))
      throw new Error('This data directory holds synthetic benchmark data; import into a separate DATA_DIR.')
    const investments = new InvestmentRepository(store)
    await investments.ensureIndexes()
    const report = await importIndigo(resolve(dir), investments, {
      now: new Date().toISOString(),
      dryRun,
      ...(moderate ? { moderate: { proposals: new ProposalRepository(store) } } : {}),
    })
    console.log(formatImportReport(report))
  })
}

export async function exportIndigoCommand(args: string[], withStore: WithStore): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true })
  const { out } = z.object({ out: path('the output file with --out') }).parse(values)
  await withStore(async (store) => {
    const records = (await new InvestmentRepository(store).all()).filter((i) => !i.retired && isImpactBond(i))
    const projects = records.map((i) => toIndigoProject(i, `/investments/${i.id}`))
    const body = { standard_version: INDIGO_STANDARD_VERSION, exportedAt: new Date().toISOString(), projects }
    await writeFile(resolve(out), `${JSON.stringify(body, null, 2)}\n`)
    console.log(
      `Wrote ${projects.length} impact-bond records as INDIGO projects to ${resolve(out)} (${projects.filter((p) => p.id).length} with an INDIGO id).`,
    )
  })
}

export async function exportCommand(args: string[], withStore: WithStore, key: string | undefined): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true })
  const { out } = z.object({ out: path('the backup file with --out') }).parse(values)
  await withStore(async (store) => {
    const header = await writeBackup(store, resolve(out), { key })
    const counts = Object.entries(header.collections)
    console.log(
      `Backed up ${counts.reduce((sum, [, n]) => sum + n, 0)} documents in ${counts.length} collections to ${resolve(out)}:`,
    )
    for (const [name, n] of counts) console.log(`  ${name}: ${n}`)
    console.log('The file holds account data (password hashes, e-mail addresses): keep it safe.')
    if (!key)
      console.log('It is not signed: set BACKUP_KEY (or SESSION_SECRET) so that restore can tell an edited file.')
  })
}

export async function restoreCommand(args: string[], withStore: WithStore, key: string | undefined): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { in: { type: 'string' }, force: { type: 'boolean' }, 'allow-unsigned': { type: 'boolean' } },
    strict: true,
  })
  const options = z
    .object({
      in: path('the backup file with --in'),
      force: z.boolean().default(false),
      allowUnsigned: z.boolean().default(false),
    })
    .parse({ in: values.in, force: values.force, allowUnsigned: values['allow-unsigned'] })
  // Every line, the checksum and the signature are checked before the store is touched.
  const backup = await readBackup(resolve(options.in), { key, allowUnsigned: options.allowUnsigned })
  await withStore(
    async (store) => {
      const restored = await restoreBackup(store, backup, { force: options.force })
      const counts = Object.entries(restored)
      console.log(
        `Restored ${counts.reduce((sum, [, n]) => sum + n, 0)} documents in ${counts.length} collections from ${resolve(options.in)} (exported ${backup.header.exportedAt}; integrity: ${backup.integrity}).`,
      )
      for (const [name, n] of counts) console.log(`  ${name}: ${n}`)
    },
    { allowIncompleteRestore: true },
  )
}

export async function sourcesReportCommand(args: string[], withStore: WithStore): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true })
  await withStore(async (store) => {
    const catalogue = await new CatalogueRepository(store).load()
    const investments = [...(await new InvestmentRepository(store).all())]
    const report = sourceHealth({ investments, ...catalogue }, readSourceHealthSettings())
    console.log(values.json ? JSON.stringify(report, null, 2) : formatSourceHealth(report))
  })
}
