import { join } from 'node:path'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import { readQuestionnaireFiles } from '../questionnaires/questionnaire-files.js'
import { questionnaireContentPrefix } from '../questionnaires/questionnaire-repository.js'
import { SEED_DIR_PATH } from '../seed/seed-dir.js'
import { contentTexts } from './content.js'
import { registerContent } from './i18n.js'

/**
 * Tells the i18n module which English content the locales translate (for /languages and the
 * completeness test): every questionnaire version in seed/questionnaires and every glossary term.
 */
export function registerSeedContent(
  catalogue: Pick<CatalogueService, 'sourceGlossary'>,
  seedDir = SEED_DIR_PATH,
): void {
  let questionnaireTexts: Map<string, string> | null = null
  registerContent('questionnaire', () => {
    if (!questionnaireTexts) {
      questionnaireTexts = new Map()
      for (const definition of readQuestionnaireFiles(join(seedDir, 'questionnaires')))
        contentTexts(questionnaireContentPrefix(definition), definition, questionnaireTexts)
    }
    return questionnaireTexts
  })
  registerContent('glossary', () => {
    const texts = new Map<string, string>()
    for (const term of catalogue.sourceGlossary())
      contentTexts(`content.glossary.${term.slug}`, { term: term.term, definition: term.definition }, texts)
    return texts
  })
}
