import type { DocumentCollection, DocumentStore, Transaction } from '../storage/document-store.js'
import type { RespondentType } from '../shared/codelists.js'
import type { Organisation } from './account.js'

interface OrganisationDoc {
  _id: string
  name: string
  /** Lower case, single spaces: how the command line finds an organisation by name. */
  nameKey: string
  respondentType: RespondentType
  country: string
  createdAt: string
  [key: string]: unknown
}

export function organisationNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase()
}

export class OrganisationRepository {
  private readonly collection: DocumentCollection<OrganisationDoc>

  constructor(store: DocumentStore) {
    this.collection = store.collection<OrganisationDoc>('organisations')
  }

  /** The collection, or its view in the caller's unit of writes. */
  private in(tx: Transaction | undefined): DocumentCollection<OrganisationDoc> {
    return tx ? tx.collection<OrganisationDoc>('organisations') : this.collection
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { nameKey: 1 }, name: 'nameKey' })
  }

  async insert(organisation: Organisation, tx?: Transaction): Promise<void> {
    const { id, ...rest } = organisation
    await this.in(tx).insertOne({ _id: id, ...rest, nameKey: organisationNameKey(organisation.name) })
  }

  async get(id: string): Promise<Organisation | null> {
    const doc = await this.collection.findOne({ _id: id })
    return doc ? fromDoc(doc) : null
  }

  async findByName(name: string): Promise<Organisation[]> {
    const docs = await this.collection.find({ nameKey: organisationNameKey(name) }, { sort: { createdAt: 1 } })
    return docs.map(fromDoc)
  }

  async byIds(ids: string[]): Promise<Map<string, Organisation>> {
    if (ids.length === 0) return new Map()
    const docs = await this.collection.find({ _id: { $in: [...new Set(ids)] } })
    return new Map(docs.map((doc) => [doc._id, fromDoc(doc)]))
  }

  /** Undoes an organisation created for a registration that then failed (email taken). */
  async remove(id: string): Promise<void> {
    await this.collection.deleteOne({ _id: id })
  }
}

function fromDoc(doc: OrganisationDoc): Organisation {
  return {
    id: doc._id,
    name: doc.name,
    respondentType: doc.respondentType,
    country: doc.country,
    createdAt: doc.createdAt,
    ...(doc.demo === true ? { demo: true } : {}),
  }
}
