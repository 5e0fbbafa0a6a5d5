import { isDeepStrictEqual } from 'node:util'
import type { CatalogueService } from '../catalogue/catalogue-service.js'
import type { InvestmentRepository } from '../investments/investment-repository.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import type { Change } from './change-log.js'

export interface InstanceData {
  investments: InvestmentRepository
  search: InvestmentSearch
  catalogue: CatalogueService
}

/**
 * Applies feed entries to this instance's in-memory data: each investment named is read again and
 * put in (or taken out of) the search index, which the matcher reads too; any catalogue entry
 * reloads the catalogue (a few dozen records). A record already indexed as stored is left alone,
 * so the instance's own writes, which come back through the feed, cost one read and no rebuild.
 */
export function applyChangesTo(data: InstanceData): (entries: Change[]) => Promise<void> {
  return async (entries) => {
    const ids = [...new Set(entries.filter((entry) => entry.collection === 'investments').map((entry) => entry.id))]
    if (ids.length > 0) {
      const stored = new Map((await data.investments.getMany(ids)).map((investment) => [investment.id, investment]))
      for (const id of ids) {
        const investment = stored.get(id)
        if (!investment) data.search.remove(id)
        else if (investment.retired) data.search.remove(id)
        else if (!isDeepStrictEqual(data.search.get(id), investment)) data.search.upsert(investment)
      }
    }
    if (entries.some((entry) => entry.collection !== 'investments')) await data.catalogue.reload()
  }
}
