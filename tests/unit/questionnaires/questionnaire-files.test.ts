import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { latestDefinitions, readQuestionnaireFiles } from '../../../src/questionnaires/questionnaire-files.js'
import { SEED_DIR_PATH } from '../../../src/seed/seed-dir.js'

const source = join(SEED_DIR_PATH, 'questionnaires')
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function copyOfSeed(): string {
  const dir = mkdtempSync(join(tmpdir(), 'questionnaire-files-'))
  dirs.push(dir)
  for (const name of readdirSync(source)) copyFileSync(join(source, name), join(dir, name))
  return dir
}

describe('issue #18 defect 8: seed/questionnaires holds every published version', () => {
  it('reads several versions of one type side by side, sorted, the newest being current', () => {
    const dir = copyOfSeed()
    const v1 = JSON.parse(readFileSync(join(source, 'city.v1.json'), 'utf8'))
    const versions = readQuestionnaireFiles(source)
      .filter((d) => d.respondentType === 'city')
      .map((d) => d.version)
    const next = Math.max(...versions) + 1
    writeFileSync(join(dir, `city.v${next}.json`), JSON.stringify({ ...v1, version: next }))
    const definitions = readQuestionnaireFiles(dir)
    expect(definitions.filter((d) => d.respondentType === 'city').map((d) => d.version)).toEqual([...versions, next])
    expect(latestDefinitions(definitions).get('city')!.version).toBe(next)
  })

  it('names a file after its type and version, and refuses the old one-file-per-type name', () => {
    const dir = copyOfSeed()
    writeFileSync(join(dir, 'city.json'), readFileSync(join(source, 'city.v1.json')))
    expect(() => readQuestionnaireFiles(dir)).toThrow(/name the file city\.v1\.json/)
  })

  it('the seed holds version 1 of every type', () => {
    const definitions = readQuestionnaireFiles(source)
    for (const type of ['city', 'member_state', 'financial_intermediary', 'service_provider'])
      expect(definitions.some((d) => d.respondentType === type && d.version === 1)).toBe(true)
  })
})

describe('issue #18 defect 6: readiness that means something (version 2)', async () => {
  const { readinessProfile } = await import('../../../src/questionnaires/readiness.js')
  const { COMPLETE_ANSWERS } = await import('../../helpers/questionnaires.js')
  const city = latestDefinitions(readQuestionnaireFiles(source)).get('city')!

  it('caps the overall score at 40 when the city can neither borrow nor co-finance, and says why', () => {
    // Every other answer as strong as it gets: the plain average would be "high".
    const strong = {
      ...COMPLETE_ANSWERS.city,
      staff_time: 5,
      political_support: 5,
      team_expertise: 'experienced',
      outcomes_measured: true,
      data_target_groups: 'detailed',
    }
    const open = readinessProfile(city, { ...strong, borrowing_room: 'available', cofinancing: 'yes' })
    expect(open.overall).toBeGreaterThan(40)
    const capped = readinessProfile(city, { ...strong, borrowing_room: 'none', cofinancing: 'no' })
    expect(capped.overall).toBeLessThanOrEqual(40)
    expect(capped.cap?.reason).toMatch(/neither borrow nor co-finance/)
  })

  it('gives no points for merely answering', () => {
    for (const definition of latestDefinitions(readQuestionnaireFiles(source)).values()) {
      const rules = definition.sections.flatMap((s) => s.questions).flatMap((q) => q.readiness ?? [])
      expect(
        rules.filter((rule) => rule.ifAnswered !== undefined),
        definition.respondentType,
      ).toEqual([])
    }
  })
})
