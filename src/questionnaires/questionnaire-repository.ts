import { localise } from '../i18n/content.js'
import { createHash } from 'node:crypto'
import type { DocumentCollection, DocumentStore } from '../storage/document-store.js'
import type { RespondentType } from '../shared/codelists.js'
import { QuestionnaireDefinition } from './definition.js'

export interface QuestionnaireDoc {
  /** `<respondentType>@<version>`, e.g. `city@1`. */
  _id: string
  respondentType: RespondentType
  version: number
  /** sha256 of the definition (keys sorted): the seed compares it to see a changed file. */
  hash: string
  definition: QuestionnaireDefinition
  loadedAt: string
  [key: string]: unknown
}

export const definitionId = (respondentType: string, version: number) => `${respondentType}@${version}`

/**
 * Questionnaire definitions, one record per respondent type and version. Versions are never
 * deleted: a response always renders with the version it answers (ADR 008). The current
 * definition of a type is its highest version. Parsed definitions are cached by id and hash.
 */
export class QuestionnaireRepository {
  private readonly collection: DocumentCollection<QuestionnaireDoc>
  private readonly cache = new Map<string, QuestionnaireDefinition>()

  constructor(store: DocumentStore) {
    this.collection = store.collection<QuestionnaireDoc>('questionnaires')
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { respondentType: 1, version: -1 }, name: 'type_version' })
  }

  async current(respondentType: RespondentType): Promise<QuestionnaireDefinition | null> {
    const [doc] = await this.collection.find({ respondentType }, { sort: { version: -1 }, limit: 1 })
    return doc ? this.parsed(doc) : null
  }

  async get(respondentType: RespondentType, version: number): Promise<QuestionnaireDefinition | null> {
    const doc = await this.collection.findOne({ _id: definitionId(respondentType, version) })
    return doc ? this.parsed(doc) : null
  }

  /** Every version of a type, newest first (without the definitions). */
  async versions(respondentType: RespondentType): Promise<{ version: number; loadedAt: string }[]> {
    const docs = await this.collection.find(
      { respondentType },
      { sort: { version: -1 }, projection: { version: 1, loadedAt: 1 } },
    )
    return docs.map((doc) => ({ version: doc.version, loadedAt: doc.loadedAt }))
  }

  async doc(respondentType: RespondentType, version: number): Promise<QuestionnaireDoc | null> {
    return this.collection.findOne({ _id: definitionId(respondentType, version) })
  }

  async save(definition: QuestionnaireDefinition, loadedAt: string): Promise<void> {
    const doc: QuestionnaireDoc = {
      _id: definitionId(definition.respondentType, definition.version),
      respondentType: definition.respondentType,
      version: definition.version,
      hash: definitionHash(definition),
      definition,
      loadedAt,
    }
    await this.collection.replaceOne({ _id: doc._id }, doc, { upsert: true })
  }

  /** The definition with its texts in the request's language (codes, conditions and mapping unchanged). */
  private parsed(doc: QuestionnaireDoc): QuestionnaireDefinition {
    const key = `${doc._id}:${doc.hash}`
    let definition = this.cache.get(key)
    if (!definition) {
      definition = QuestionnaireDefinition.parse(doc.definition)
      this.cache.set(key, definition)
    }
    return localise(questionnaireContentPrefix(definition), definition)
  }
}

/** Where a definition's translations live in the locale files: `content.questionnaire.city.v1.…`. */
export function questionnaireContentPrefix(
  definition: Pick<QuestionnaireDefinition, 'respondentType' | 'version'>,
): string {
  return `content.questionnaire.${definition.respondentType}.v${definition.version}`
}

export function definitionHash(definition: QuestionnaireDefinition): string {
  return createHash('sha256').update(stableStringify(definition)).digest('hex')
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
