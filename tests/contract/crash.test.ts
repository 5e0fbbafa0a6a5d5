import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Doc, DocumentStore } from '../../src/storage/document-store.js'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { spawnScript, watchChild } from './child-process.js'
import { tempDirs } from './temp-dirs.js'

/**
 * SIGKILL the writer (crash-writer.ts) at random moments, reopen its directory in this process and
 * check that every acknowledged write is there. Trials in one test share a directory, so each
 * recovery starts from the previous one's files and every earlier expectation is checked again.
 */

const dirs = tempDirs('embedded-crash-')
afterAll(() => dirs.removeAll())

interface Expected {
  present: boolean
  deleteIssued: boolean
  deleted: boolean
  minN: number
  fields: Map<string, number>
  tags: Set<number>
}

/** What the acknowledgements promise about each document. */
class AckModel {
  readonly docs = new Map<string, Expected>()
  acks = 0

  apply(line: string): void {
    const [kind, , id, state] = line.split(' ')
    if ((kind !== 'ACK' && kind !== 'ISSUE') || !id || !state) return
    const doc = this.docs.get(id) ?? {
      present: false,
      deleteIssued: false,
      deleted: false,
      minN: 0,
      fields: new Map(),
      tags: new Set(),
    }
    this.docs.set(id, doc)
    if (kind === 'ISSUE') {
      doc.deleteIssued = true
      return
    }
    this.acks++
    if (state === 'present') doc.present = true
    else if (state === 'absent') doc.deleted = true
    else if (state.startsWith('n>=')) doc.minN = Math.max(doc.minN, Number(state.slice(3)))
    else if (state.startsWith('tag:')) doc.tags.add(Number(state.slice(4)))
    else {
      const [field, value] = state.split('=')
      if (field && value) doc.fields.set(field, Number(value))
    }
  }

  async problems(store: DocumentStore): Promise<string[]> {
    const stored = new Map((await store.collection('items').find()).map((doc): [string, Doc] => [doc._id, doc]))
    const problems: string[] = []
    for (const [id, expected] of this.docs) {
      const doc = stored.get(id)
      if (expected.deleted) {
        if (doc) problems.push(`${id}: acknowledged delete, but the document is there`)
        continue
      }
      if (!doc) {
        if (expected.present && !expected.deleteIssued)
          problems.push(`${id}: acknowledged insert, but the document is missing`)
        continue
      }
      if (typeof doc.n !== 'number' || doc.n < expected.minN)
        problems.push(`${id}: n=${String(doc.n)}, acknowledged at least ${expected.minN}`)
      for (const [field, value] of expected.fields)
        if (doc[field] !== value) problems.push(`${id}: ${field} should be ${value}`)
      const tags = Array.isArray(doc.tags) ? doc.tags : []
      for (const tag of expected.tags) if (!tags.includes(tag)) problems.push(`${id}: tag ${tag} missing`)
    }
    return problems
  }
}

type KillPlan = { afterAcks: number } | { afterCompactions: number; delayMs: number }

interface TrialResult {
  acks: number
  compactions: number
  /** The files show a compaction in progress: a temp snapshot or more than one journal. */
  midCompaction: boolean
  droppedBytes: number
}

async function trial(
  dir: string,
  model: AckModel,
  compactAtBytes: number,
  tag: string,
  plan: KillPlan,
): Promise<TrialResult> {
  const child = spawnScript('./crash-writer.ts', [dir, String(compactAtBytes), tag])
  let acks = 0
  let compactions = 0
  let killed = false
  const kill = (): void => {
    if (killed) return
    killed = true
    child.kill('SIGKILL')
  }
  let safety: NodeJS.Timeout | undefined
  const exited = watchChild(child, (line) => {
    // Armed once the writer runs (not at spawn: on a loaded machine start-up alone can take seconds).
    if (line === 'READY') safety = setTimeout(kill, 15_000)
    model.apply(line)
    if (line.startsWith('ACK ')) {
      acks++
      if ('afterAcks' in plan && acks >= plan.afterAcks) kill()
    } else if (line === 'COMPACT') {
      compactions++
      if ('afterCompactions' in plan && compactions >= plan.afterCompactions) setTimeout(kill, plan.delayMs)
    }
  })
  const { signal, stderr } = await exited
  clearTimeout(safety)
  expect(signal, `writer died on its own: ${stderr}`).toBe('SIGKILL')

  const files = readdirSync(dir)
  const midCompaction =
    existsSync(join(dir, 'snapshot.jsonl.tmp')) || files.filter((name) => name.startsWith('journal-')).length > 1
  let droppedBytes = 0
  const store = await openEmbeddedStore({
    dataDir: dir,
    onEvent: (event) => event.type === 'recovered' && (droppedBytes = event.droppedBytes),
  })
  try {
    expect(await model.problems(store)).toEqual([])
  } finally {
    await store.close()
  }
  return { acks, compactions, midCompaction, droppedBytes }
}

const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1))

async function runTrials(
  label: string,
  count: number,
  compactAtBytes: number,
  plan: () => KillPlan,
): Promise<TrialResult[]> {
  const dir = dirs.make()
  const model = new AckModel()
  const results: TrialResult[] = []
  for (let i = 0; i < count; i++) results.push(await trial(dir, model, compactAtBytes, `${label}${i}`, plan()))
  console.info(
    `[crash] ${label}: ${count} kills after ${results.map((r) => r.acks).join(', ')} acks; ` +
      `${model.acks} acknowledged writes checked on ${model.docs.size} documents; ` +
      `compactions seen ${results.reduce((sum, r) => sum + r.compactions, 0)}; ` +
      `kills with a compaction in progress on disk ${results.filter((r) => r.midCompaction).length}; ` +
      `torn bytes dropped ${results.reduce((sum, r) => sum + r.droppedBytes, 0)}`,
  )
  return results
}

describe('embedded store under SIGKILL', () => {
  it('keeps every acknowledged write when killed at random points (journal only)', { timeout: 240_000 }, async () => {
    const results = await runTrials('journal', 8, 64 * 1024 * 1024, () => ({ afterAcks: randomInt(1, 400) }))
    expect(results).toHaveLength(8)
  })

  it(
    'keeps every acknowledged write when killed at random points with frequent compaction',
    { timeout: 240_000 },
    async () => {
      const results = await runTrials('compacting', 8, 2048, () => ({ afterAcks: randomInt(1, 600) }))
      expect(results.reduce((sum, r) => sum + r.compactions, 0)).toBeGreaterThan(0)
    },
  )

  it('keeps every acknowledged write when killed during a compaction', { timeout: 240_000 }, async () => {
    const results = await runTrials('during-compaction', 8, 2048, () => ({
      afterCompactions: randomInt(1, 3),
      delayMs: randomInt(0, 12),
    }))
    expect(results.every((r) => r.compactions >= 1)).toBe(true)
  })
})
