import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RESPONDENT_TYPES } from '../shared/codelists.js'
import { QuestionnaireDefinition } from './definition.js'

export class QuestionnaireFileError extends Error {}

/**
 * Reads `seed/questionnaires/*.json`: every published version of every respondent type, named
 * `<respondentType>.v<version>.json` (issue #18: a fresh install or a restore elsewhere can still
 * render old answers). Sorted by type, then version. A problem names the file and the path inside it.
 */
export function readQuestionnaireFiles(dir: string): QuestionnaireDefinition[] {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
  } catch (error) {
    throw new QuestionnaireFileError(`${dir}: ${(error as Error).message}`)
  }
  const definitions = names.map((name) => {
    const path = join(dir, name)
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new QuestionnaireFileError(`${path}: ${(error as Error).message}`)
    }
    const result = QuestionnaireDefinition.safeParse(raw)
    if (!result.success) {
      const problems = result.error.issues.slice(0, 20).map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      throw new QuestionnaireFileError(`${path} is not valid:\n${problems.join('\n')}`)
    }
    const expected = `${result.data.respondentType}.v${result.data.version}.json`
    if (name !== expected) throw new QuestionnaireFileError(`${path}: name the file ${expected}`)
    return result.data
  })
  definitions.sort(
    (a, b) =>
      RESPONDENT_TYPES.indexOf(a.respondentType) - RESPONDENT_TYPES.indexOf(b.respondentType) || a.version - b.version,
  )
  const missing = RESPONDENT_TYPES.filter((type) => !definitions.some((d) => d.respondentType === type))
  if (missing.length > 0) throw new QuestionnaireFileError(`${dir}: no questionnaire for ${missing.join(', ')}`)
  return definitions
}

/** The newest version of each respondent type (what new responses answer). */
export function latestDefinitions(
  definitions: readonly QuestionnaireDefinition[],
): Map<QuestionnaireDefinition['respondentType'], QuestionnaireDefinition> {
  const latest = new Map<QuestionnaireDefinition['respondentType'], QuestionnaireDefinition>()
  for (const definition of definitions)
    if ((latest.get(definition.respondentType)?.version ?? 0) < definition.version)
      latest.set(definition.respondentType, definition)
  return latest
}
