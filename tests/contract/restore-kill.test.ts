import { afterAll, describe, expect, it } from 'vitest'
import { newBackup, RESTORE_STEPS, restoreKillTrial } from './kill-trials.js'
import { tempDirs } from './temp-dirs.js'

/**
 * `restore --force` killed at every step of its switch, and at random moments: the directory holds
 * the old store or the new one, whole, and opens (issue 13 #2).
 */

const dirs = tempDirs('restore-kill-')
afterAll(() => dirs.removeAll())

describe('restore under SIGKILL', () => {
  it('leaves the old store or the new one after a kill at any step', { timeout: 240_000 }, async () => {
    const backup = await newBackup(dirs.make(), dirs.make())
    const outcomes: string[] = []
    for (const step of [...RESTORE_STEPS, 'random', 'random', 'random']) {
      const left = await restoreKillTrial(dirs.make(), backup.file, backup.print, step)
      outcomes.push(`${step}: ${left}`)
      if (step === 'random') expect(['old', 'new']).toContain(left)
      else expect(left, `after a kill at ${step}`).toBe(['switched', 'cleaned'].includes(step) ? 'new' : 'old')
    }
    console.info(`[restore-kill] ${outcomes.length} restores killed: ${outcomes.join('; ')}`)
  })
})
