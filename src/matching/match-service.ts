import type { CatalogueService } from '../catalogue/catalogue-service.js'
import type { InvestmentSearch } from '../investments/investment-search.js'
import { matchProfile } from './match.js'
import type { MatchResult } from './match-result.js'
import type { NeedsProfile } from './needs-profile.js'

/**
 * Feeds the pure matcher the live catalogue and the published investments. Every caller that has a
 * needs profile goes through `match()`: the wizard, `POST /api/v1/match`, and later a submitted
 * questionnaire response (`GET /api/v1/responses/:id/match` derives a NeedsProfile and calls it).
 */
export class MatchService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly search: InvestmentSearch,
  ) {}

  match(profile: NeedsProfile): MatchResult {
    return matchProfile(profile, {
      instruments: this.catalogue.instruments(),
      funds: this.catalogue.funds(),
      investments: this.search.all(),
    })
  }
}
