import type { CatalogueRepository } from '../catalogue/catalogue-repository.js'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import type { InvestmentRepository } from '../investments/investment-repository.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import type { DocumentStore } from '../storage/document-store.js'
import { CurationService } from './curation-service.js'
import { HistoryRepository } from './history-repository.js'
import { ProposalRepository, ProposalService } from './proposals.js'

export interface CurationModuleDeps {
  investments: InvestmentRepository
  search: InvestmentSearch
  catalogueRepository: CatalogueRepository
  catalogue: CatalogueService
}

/** Curation (versioned writes with history) and proposals on the store, with their indexes (wired in src/services.ts). */
export async function createCuration(store: DocumentStore, deps: CurationModuleDeps) {
  const history = new HistoryRepository(store)
  const proposalRepository = new ProposalRepository(store)
  await history.ensureIndexes()
  await proposalRepository.ensureIndexes()
  const records = new CurationService({ ...deps, store, history })
  return { records, proposals: new ProposalService(store, proposalRepository, records) }
}

export type Curation = Awaited<ReturnType<typeof createCuration>>
