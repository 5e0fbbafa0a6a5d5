import { afterAll, describe, expect, it } from 'vitest'
import { unitKillPlans, unitKillTrial } from './kill-trials.js'
import { tempDirs } from './temp-dirs.js'
import { UnitAcks } from './unit-invariants.js'

/**
 * SIGKILL the writer of multi-document writes (crash-units-writer.ts) inside its units of writes and
 * at random moments, then check every invariant (issue 13 #3): 24 kills on one directory, 20 of them inside a unit, so each
 * recovery starts from the files the previous kills left. tests/reliability/run.ts prints the figures.
 */

const dirs = tempDirs('crash-units-')
afterAll(() => dirs.removeAll())

describe('multi-document writes under SIGKILL', () => {
  it(
    'keeps every invariant after kills inside units of writes and at random moments',
    { timeout: 1_200_000 },
    async () => {
      const dir = dirs.make()
      const acks = new UnitAcks()
      let insideKills = 0
      const plans = unitKillPlans(20, 4)
      for (const plan of plans) {
        const result = await unitKillTrial(dir, acks, plan)
        expect(result.diedOnItsOwn).toBeNull()
        expect(result.report.problems).toEqual([])
        if (result.killedInside) insideKills++
      }
      console.info(
        `[crash-units] ${plans.length} kills (${insideKills} inside a unit of writes), invariants checked after each, ${acks.count} acknowledged writes`,
      )
      expect(insideKills).toBe(20)
    },
  )
})
