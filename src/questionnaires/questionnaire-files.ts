import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RESPONDENT_TYPES } from '../shared/codelists.js'
import { QuestionnaireDefinition } from './definition.js'

export class QuestionnaireFileError extends Error {}

/**
 * Reads `seed/questionnaires/*.json`: one definition per respondent type, named `<respondentType>.json`.
 * A problem names the file and the path inside it.
 */
export function readQuestionnaireFiles(dir: string): QuestionnaireDefinition[] {
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort()
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
    if (name !== `${result.data.respondentType}.json`) throw new QuestionnaireFileError(`${path}: name the file ${result.data.respondentType}.json`)
    return result.data
  })
  const missing = RESPONDENT_TYPES.filter((type) => !definitions.some((d) => d.respondentType === type))
  if (missing.length > 0) throw new QuestionnaireFileError(`${dir}: no questionnaire for ${missing.join(', ')}`)
  return definitions
}
