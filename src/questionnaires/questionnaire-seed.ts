import type { DocumentStore } from '../storage/document-store.js'
import type { QuestionnaireDefinition } from './definition.js'
import { definitionHash, QuestionnaireRepository } from './questionnaire-repository.js'
import { ResponseRepository } from './response-repository.js'

export interface QuestionnaireSeedReport {
  inserted: number
  updated: number
  unchanged: number
  keptEdits: number
}

/**
 * Loads the questionnaire definitions idempotently (ADR 008). A new version is a new record and
 * older versions stay. A version whose file changed is replaced only while no response answers it;
 * once answered, a version is frozen (counted in `keptEdits`): give the changed file a new version.
 */
export async function applyQuestionnaireSeed(
  store: DocumentStore,
  definitions: QuestionnaireDefinition[],
  now: string,
  report: QuestionnaireSeedReport,
): Promise<void> {
  const repository = new QuestionnaireRepository(store)
  await repository.ensureIndexes()
  const responses = new ResponseRepository(store)
  for (const definition of definitions) {
    const current = await repository.doc(definition.respondentType, definition.version)
    if (!current) {
      await repository.save(definition, now)
      report.inserted++
    } else if (current.hash === definitionHash(definition)) {
      report.unchanged++
    } else if ((await responses.countForDefinition(definition.respondentType, definition.version)) === 0) {
      await repository.save(definition, now)
      report.updated++
    } else {
      report.keptEdits++
    }
  }
}
