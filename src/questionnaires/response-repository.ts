import type { DocumentCollection, DocumentStore } from '../storage/document-store.js'
import type { RespondentType } from '../shared/codelists.js'
import type { ResponseRecord } from './response.js'

type ResponseDoc = Omit<ResponseRecord, 'id'> & { _id: string; [key: string]: unknown }

/** Responses on the document port: versioned writes (`updateOne({_id, version}, …)`), a unique open key. */
export class ResponseRepository {
  private readonly collection: DocumentCollection<ResponseDoc>

  constructor(store: DocumentStore) {
    this.collection = store.collection<ResponseDoc>('responses')
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { openKey: 1 }, unique: true, name: 'openKey' })
    await this.collection.createIndex({ keys: { organisationId: 1, respondentType: 1 }, name: 'organisation_type' })
    await this.collection.createIndex({ keys: { status: 1 }, name: 'status' })
  }

  /** Rejects with DuplicateKeyError when the organisation already has an open response of this round. */
  async insert(record: ResponseRecord): Promise<void> {
    await this.collection.insertOne(toDoc(record))
  }

  async get(id: string): Promise<ResponseRecord | null> {
    const doc = await this.collection.findOne({ _id: id })
    return doc ? fromDoc(doc) : null
  }

  /** The organisation's newest response of this type that is not closed. */
  async findOpen(
    organisationId: string,
    respondentType: RespondentType,
    demo: boolean,
  ): Promise<ResponseRecord | null> {
    const [doc] = await this.collection.find(
      { organisationId, respondentType, demo, status: { $ne: 'closed' } },
      { sort: { createdAt: -1 }, limit: 1 },
    )
    return doc ? fromDoc(doc) : null
  }

  async countClosed(organisationId: string, respondentType: RespondentType, demo: boolean): Promise<number> {
    return this.collection.countDocuments({ organisationId, respondentType, demo, status: 'closed' })
  }

  /** The organisation's responses, newest first. */
  async ofOrganisation(organisationId: string): Promise<ResponseRecord[]> {
    const docs = await this.collection.find({ organisationId }, { sort: { createdAt: -1 } })
    return docs.map(fromDoc)
  }

  async countForDefinition(respondentType: RespondentType, definitionVersion: number): Promise<number> {
    return this.collection.countDocuments({ respondentType, definitionVersion })
  }

  /** Writes the record only if the stored version is still `expectedVersion`; false when someone wrote first. */
  async replaceIfVersion(record: ResponseRecord, expectedVersion: number): Promise<boolean> {
    const { id, ...fields } = record
    const result = await this.collection.updateOne({ _id: id, version: expectedVersion }, { $set: fields })
    return result.matchedCount === 1
  }
}

function toDoc(record: ResponseRecord): ResponseDoc {
  const { id, ...rest } = record
  return { _id: id, ...rest }
}

function fromDoc(doc: ResponseDoc): ResponseRecord {
  const { _id, ...rest } = doc
  return { id: _id, ...(rest as Omit<ResponseRecord, 'id'>) }
}
