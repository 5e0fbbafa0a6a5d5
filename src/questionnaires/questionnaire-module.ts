import type { AccountService } from '../accounts/account-service.js'
import type { MatchService } from '../matching/match-service.js'
import type { DocumentStore } from '../storage/document-store.js'
import { QuestionnaireRepository } from './questionnaire-repository.js'
import { ResponseRepository } from './response-repository.js'
import { ResponseService } from './response-service.js'

/** Questionnaire definitions and responses on the store, with their indexes (wired in src/services.ts). */
export async function createQuestionnaires(store: DocumentStore, accounts: AccountService, match: MatchService) {
  const definitions = new QuestionnaireRepository(store)
  const responses = new ResponseRepository(store)
  await definitions.ensureIndexes()
  await responses.ensureIndexes()
  return { responses: new ResponseService(responses, definitions, accounts, match) }
}

export type Questionnaires = Awaited<ReturnType<typeof createQuestionnaires>>
