import { afterAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { spawnScript, watchChild } from './child-process.js'
import { tempDirs } from './temp-dirs.js'
import { checkUnitInvariants, UnitAcks } from './unit-invariants.js'

/**
 * SIGKILL the writer of multi-document writes (crash-units-writer.ts) inside its units of writes and
 * at random moments, then check every invariant (issue 13 #3): 22 kills on one directory, so each
 * recovery starts from the files the previous kills left.
 */

const dirs = tempDirs('crash-units-')
afterAll(() => dirs.removeAll())

type Plan = { kind: 'inside'; unit: number; phase: 'after-first-write' | 'before-commit' } | { kind: 'acks'; after: number }

async function trial(dir: string, acks: UnitAcks, plan: Plan): Promise<{ acks: number; inside: boolean }> {
  const arg = plan.kind === 'acks' ? 'acks' : `inside:${plan.unit}:${plan.phase}`
  const child = spawnScript('./crash-units-writer.ts', [dir, arg])
  let seen = 0
  let inside = false
  const kill = () => child.kill('SIGKILL')
  const exited = watchChild(child, (line) => {
    acks.apply(line)
    if (line.startsWith('ACK ')) seen++
    if (line === 'INSIDE') {
      inside = true
      kill()
    }
    if (plan.kind === 'acks' && seen >= plan.after) kill()
  })
  const safety = setTimeout(kill, 45_000)
  const { signal, stderr } = await exited
  clearTimeout(safety)
  expect(signal, `writer died on its own: ${stderr}`).toBe('SIGKILL')
  return { acks: seen, inside }
}

const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1))

describe('multi-document writes under SIGKILL', () => {
  it('keeps every invariant after kills inside units of writes and at random moments', { timeout: 300_000 }, async () => {
    const dir = dirs.make()
    const acks = new UnitAcks()
    const plans: Plan[] = [
      ...Array.from({ length: 12 }, (_, i): Plan => ({ kind: 'inside', unit: randomInt(1, 40), phase: i % 2 === 0 ? 'after-first-write' : 'before-commit' })),
      ...Array.from({ length: 10 }, (): Plan => ({ kind: 'acks', after: randomInt(1, 60) })),
    ]
    let insideKills = 0
    let checks = 0
    for (const plan of plans) {
      const result = await trial(dir, acks, plan)
      if (result.inside) insideKills++
      const store = await openEmbeddedStore({ dataDir: dir })
      try {
        const report = await checkUnitInvariants(store, acks)
        expect(report.problems).toEqual([])
        checks++
      } finally {
        await store.close()
      }
    }
    console.info(`[crash-units] ${plans.length} kills (${insideKills} inside a unit of writes), invariants checked ${checks} times, ${acks.count} acknowledged writes`)
    expect(insideKills).toBe(12)
  })
})
