/**
 * Writer process for crash-units.test.ts: `crash-units-writer.ts <dataDir> <plan>`, plan `acks` or
 * `inside:<unit>:<after-first-write|before-commit>`. Runs the real services on the embedded store and
 * keeps doing the app's multi-document writes, concurrently: curation edits (record + history +
 * changes feed), retire/reinstate, and proposal publication (proposal + investment + history + feed).
 * Prints `ACK <kind> <id> <detail>` once a write is acknowledged. With an `inside` plan it stops
 * inside that unit of writes, prints `INSIDE`, and waits for the parent's SIGKILL.
 */
import type { User } from '../../src/accounts/account.js'
import { ConflictError } from '../../src/errors.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { createServices } from '../../src/services.js'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { proposal } from '../helpers/proposals.js'
import { TEST_SERVICE_OPTIONS } from '../helpers/test-app.js'

const [dataDir, plan] = process.argv.slice(2)
if (!dataDir || !plan) throw new Error('usage: crash-units-writer.ts <dataDir> <plan>')
const [, pauseUnit, pausePhase] = plan.split(':')

const print = (line: string): void => void process.stdout.write(`${line}\n`)
const printFlushed = (line: string): Promise<void> =>
  new Promise((resolve) => process.stdout.write(`${line}\n`, () => resolve()))

let seeded = false
const store = await openEmbeddedStore({
  dataDir,
  unitSeam: async ({ unit, phase }) => {
    if (!seeded || plan === 'acks' || unit < Number(pauseUnit) || phase !== pausePhase) return
    await printFlushed('INSIDE')
    await new Promise(() => undefined) // held here, inside the unit, until killed
  },
})
const services = await createServices(store, TEST_SERVICE_OPTIONS)
await applySeed(store, services.investments, readSeedFiles(SEED_DIR_PATH), '2026-01-01T00:00:00.000Z')
seeded = true
const curation = services.curation.records
const proposals = services.curation.proposals
const actor = { id: 'crash-curator', name: 'Crash Curator' }
const proposer: User = {
  id: 'crash-proposer',
  email: 'p@crash.example',
  name: 'Proposer',
  role: 'respondent',
  organisationId: null,
  affiliation: null,
  locale: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}
const ids = services.search.all().map((i) => i.id)
const pick = (): string => ids[Math.floor(Math.random() * ids.length)]!
let counter = 0
print('READY')

async function edit(): Promise<void> {
  const id = pick()
  const current = await curation.get('investments', id)
  const record = {
    ...(current.record as { summary: string }),
    summary: `${(current.record as { summary: string }).summary.slice(0, 400)} ·${++counter}`,
  }
  try {
    const written = await curation.update('investments', id, { record: record as never }, current.version, actor)
    print(`ACK edit ${id} ${written.version}`)
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error // someone else's edit came first: a 409, as for a user
  }
}

async function toggle(): Promise<void> {
  const id = pick()
  const current = await curation.get('investments', id)
  try {
    const written = current.retired
      ? await curation.reinstate('investments', id, current.version, null, actor)
      : await curation.retire('investments', id, current.version, 'crash test', actor)
    print(`ACK retire ${id} ${written.version}`)
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error
  }
}

async function publish(): Promise<void> {
  const n = ++counter
  const content = proposal({
    title: `Crash proposal ${process.pid}-${n}`,
    summary: 'A case proposed and published while the writer is killed.',
    geography: 'Testville',
    policyFields: ['housing'],
    instruments: ['loan'],
    sources: [{ url: 'https://example.org/case', label: null }],
  })
  const proposed = await proposals.propose(proposer, content)
  print(`ACK propose ${proposed.id} 1`)
  const { comment: _comment, ...record } = content
  const { investment } = await proposals.publish(
    proposed.id,
    proposed.version,
    { record: { ...record, confidence: 'S' } as never },
    actor,
  )
  print(`ACK publish ${proposed.id} ${investment.id}`)
}

for (;;) await Promise.all([edit(), edit(), edit(), toggle(), publish()])
