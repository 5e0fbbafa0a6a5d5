/**
 * `npm run reliability [-- --unit-kills N --restore-kills N]`: the figures of issue 13, rerunnable by
 * anyone. SIGKILLs inside multi-document writes (and at random moments) with every invariant checked
 * after each; restores killed at every step of their switch and at random moments, with what each
 * left; acknowledged writes lost (must be 0).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { newBackup, RESTORE_STEPS, restoreKillTrial, unitKillPlans, unitKillTrial } from '../contract/kill-trials.js'
import { UnitAcks } from '../contract/unit-invariants.js'

const { values } = parseArgs({ options: { 'unit-kills': { type: 'string' }, 'restore-kills': { type: 'string' } } })
const unitKills = Number(values['unit-kills'] ?? 24)
const restoreKills = Number(values['restore-kills'] ?? 10)
const work = mkdtempSync(join(tmpdir(), 'fi-reliability-'))
let failed = false

try {
  console.log(
    `Multi-document writes: ${unitKills} SIGKILLs of a writer doing curation edits, retire/reinstate and proposal publication`,
  )
  const dir = join(work, 'units')
  const acks = new UnitAcks()
  const inside = Math.ceil(unitKills / 2)
  let problems = 0
  for (const [i, plan] of unitKillPlans(inside, unitKills - inside).entries()) {
    const result = await unitKillTrial(dir, acks, plan)
    const where =
      plan.kind === 'inside' ? `inside unit ${plan.unit} (${plan.phase})` : `after ${plan.after} acknowledgements`
    const { checked } = result.report
    console.log(
      `  kill ${String(i + 1).padStart(2)}: ${where.padEnd(38)} invariants over ${checked.investments} investments, ${checked.versions} versions, ${checked.changes} feed entries, ${checked.published}/${checked.proposals} proposals published: ${result.report.problems.length === 0 ? 'all hold' : result.report.problems.join('; ')}`,
    )
    if (result.diedOnItsOwn !== null)
      console.log(
        `           the writer died before the kill: ${result.diedOnItsOwn.split('\n').slice(0, 3).join(' | ')}`,
      )
    problems += result.report.problems.length + (result.diedOnItsOwn ? 1 : 0)
  }
  console.log(
    `  => ${unitKills} kills, ${acks.count} acknowledged writes checked; invariant violations, lost acknowledged writes and writers that died on their own: ${problems}`,
  )
  failed ||= problems > 0

  console.log(
    `\nRestore: ${RESTORE_STEPS.length + restoreKills} restores of a 3,000-document backup over a 500-document store, killed`,
  )
  const backup = await newBackup(join(work, 'source'), work)
  const tally: Record<string, number> = {}
  for (const [i, step] of [...RESTORE_STEPS, ...Array.from({ length: restoreKills }, () => 'random')].entries()) {
    const left = await restoreKillTrial(join(work, `restore-${i}`), backup.file, backup.print, step)
    tally[left] = (tally[left] ?? 0) + 1
    console.log(`  kill at ${step.padEnd(17)} left the ${left} store`)
    failed ||= left === 'mixed' || left === 'refused to open'
  }
  console.log(
    `  => ${Object.entries(tally)
      .map(([left, n]) => `${n} left the ${left} store`)
      .join(', ')}`,
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
