import { CatalogueRepository } from './catalogue/catalogue-repository.js'
import { CatalogueService } from './catalogue/catalogue-service.js'
import { InvestmentRepository } from './investments/investment-repository.js'
import { InvestmentSearch } from './investments/investment-search.js'
import { MatchService } from './matching/match-service.js'
import type { DocumentStore } from './storage/document-store.js'

/** The composition root: repositories on the store, and the in-memory indexes built from them. */
export async function createServices(store: DocumentStore) {
  const investments = new InvestmentRepository(store)
  await investments.ensureIndexes()
  const search = new InvestmentSearch(await investments.all())
  investments.onChange((change) => (change.type === 'upsert' ? search.upsert(change.investment) : search.remove(change.id)))
  const catalogue = new CatalogueService(new CatalogueRepository(store))
  await catalogue.reload()
  const match = new MatchService(catalogue, search)
  return { store, investments, search, catalogue, match }
}

export type Services = Awaited<ReturnType<typeof createServices>>
