import { join } from 'node:path'
import { writeBackup } from '../../src/backup/backup.js'
import type { DocumentStore } from '../../src/storage/document-store.js'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { openStore } from '../../src/storage/open-store.js'
import { spawnScript, watchChild } from './child-process.js'
import { checkUnitInvariants, type InvariantReport, UnitAcks } from './unit-invariants.js'

/** Kill trials shared by the tests (which assert) and tests/reliability/run.ts (which prints the figures). */

export type UnitKillPlan =
  { kind: 'inside'; unit: number; phase: 'after-first-write' | 'before-commit' } | { kind: 'acks'; after: number }

export interface UnitKillResult {
  plan: UnitKillPlan
  acks: number
  killedInside: boolean
  diedOnItsOwn: string | null
  report: InvariantReport
}

export const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1))

/** The plans of the multi-document crash test: kills inside units (both phases), then at random acknowledgement counts. */
export function unitKillPlans(inside: number, atRandom: number): UnitKillPlan[] {
  return [
    ...Array.from({ length: inside }, (_, i): UnitKillPlan => ({
      kind: 'inside',
      unit: randomInt(1, 40),
      phase: i % 2 === 0 ? 'after-first-write' : 'before-commit',
    })),
    ...Array.from({ length: atRandom }, (): UnitKillPlan => ({ kind: 'acks', after: randomInt(1, 60) })),
  ]
}

/** Runs crash-units-writer.ts on `dir` until the plan's kill, reopens the directory and checks every invariant. */
export async function unitKillTrial(dir: string, acks: UnitAcks, plan: UnitKillPlan): Promise<UnitKillResult> {
  const child = spawnScript('./crash-units-writer.ts', [
    dir,
    plan.kind === 'acks' ? 'acks' : `inside:${plan.unit}:${plan.phase}`,
  ])
  let seen = 0
  let killedInside = false
  const kill = () => child.kill('SIGKILL')
  let safety: NodeJS.Timeout | undefined
  const exited = watchChild(child, (line) => {
    if (line === 'READY') safety = setTimeout(kill, 60_000) // armed once the writer runs, not at spawn
    acks.apply(line)
    if (line.startsWith('ACK ')) seen++
    if (line === 'INSIDE') {
      killedInside = true
      kill()
    }
    if (plan.kind === 'acks' && seen >= plan.after) kill()
  })
  const { signal, stderr } = await exited
  clearTimeout(safety)
  const store = await openEmbeddedStore({ dataDir: dir })
  try {
    return {
      plan,
      acks: seen,
      killedInside,
      diedOnItsOwn: signal === 'SIGKILL' ? null : stderr,
      report: await checkUnitInvariants(store, acks),
    }
  } finally {
    await store.close()
  }
}

export const RESTORE_STEPS = ['journal-created', 'snapshot-written', 'snapshot-checked', 'switched', 'cleaned'] as const

export async function fingerprint(store: DocumentStore): Promise<string> {
  return JSON.stringify([...(await store.contents())])
}

/** A store of `count` items and one account, all labelled `label`; returns its fingerprint. */
export async function fillStore(dir: string, label: string, count: number): Promise<string> {
  const store = await openStore({ dataDir: dir })
  await store.collection('users').createIndex({ keys: { email: 1 }, unique: true, name: 'email_unique' })
  for (let i = 0; i < count; i += 200) {
    await store.collection('items').insertMany(
      Array.from({ length: Math.min(200, count - i) }, (_, j) => ({
        _id: `${label}-${i + j}`,
        label,
        pad: 'x'.repeat(200),
      })),
    )
  }
  await store
    .collection('users')
    .insertMany([{ _id: `${label}-admin`, email: `admin@${label}.example`, role: 'admin' }])
  const print = await fingerprint(store)
  await store.close()
  return print
}

/** A backup of a "new" store (3000 items) and its fingerprint. */
export async function newBackup(sourceDir: string, fileDir: string): Promise<{ file: string; print: string }> {
  const print = await fillStore(sourceDir, 'new', 3000)
  const file = join(fileDir, 'backup.jsonl')
  const store = await openStore({ dataDir: sourceDir })
  await writeBackup(store, file)
  await store.close()
  return { file, print }
}

/** Restores `backupFile` over a fresh "old" store in `dir`, killed at `step` (or at a random moment); what the directory holds after. */
export async function restoreKillTrial(
  dir: string,
  backupFile: string,
  newPrint: string,
  step: string,
): Promise<'old' | 'new' | 'mixed' | 'refused to open'> {
  const oldPrint = await fillStore(dir, 'old', 500)
  const child = spawnScript('./restore-child.ts', [dir, backupFile, step === 'random' ? 'never' : step])
  const kill = () => child.kill('SIGKILL')
  const exited = watchChild(child, (line) => {
    if (line.startsWith('AT ')) kill()
    // A random moment of the restore itself (the backup is read and checked before RESTORING).
    if (line === 'RESTORING' && step === 'random') setTimeout(kill, Math.random() * 600)
  })
  await exited
  let store: DocumentStore
  try {
    store = await openStore({ dataDir: dir })
  } catch {
    return 'refused to open'
  }
  const print = await fingerprint(store)
  await store.close()
  return print === oldPrint ? 'old' : print === newPrint ? 'new' : 'mixed'
}
