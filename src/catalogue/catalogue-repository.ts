import type { DocumentCollection, DocumentStore } from '../storage/document-store.js'
import { Fund, GlossaryTerm, Instrument } from './catalogue.js'

type WithId<T> = T & { _id: string }

/** Instruments, funds and glossary terms, keyed by slug. Small lists: the service keeps them in memory. */
export class CatalogueRepository {
  readonly instruments: DocumentCollection<WithId<Instrument>>
  readonly funds: DocumentCollection<WithId<Fund>>
  readonly glossary: DocumentCollection<WithId<GlossaryTerm>>

  constructor(store: DocumentStore) {
    this.instruments = store.collection('instruments')
    this.funds = store.collection('funds')
    this.glossary = store.collection('glossary')
  }

  async load(): Promise<{ instruments: Instrument[]; funds: Fund[]; glossary: GlossaryTerm[] }> {
    const [instruments, funds, glossary] = await Promise.all([
      this.instruments.find({}, { sort: { _id: 1 } }),
      this.funds.find({}, { sort: { _id: 1 } }),
      this.glossary.find({}, { sort: { _id: 1 } }),
    ])
    return {
      instruments: instruments.map((doc) => Instrument.parse(strip(doc))),
      funds: funds.map((doc) => Fund.parse(strip(doc))),
      glossary: glossary.map((doc) => GlossaryTerm.parse(strip(doc))),
    }
  }
}

function strip<T>(doc: WithId<T>): T {
  const { _id: _ignored, ...rest } = doc
  return rest as T
}
