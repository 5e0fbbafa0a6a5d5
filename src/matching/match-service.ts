import type { CatalogueService } from '../catalogue/catalogue-service.js'
import type { Investment } from '../investments/investment.js'
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
  private investments: readonly Investment[] = []

  constructor(
    private readonly catalogue: CatalogueService,
    private readonly search: InvestmentSearch,
  ) {}

  /**
   * `readiness`: a submitted response has one readiness profile, the questionnaire's
   * (src/questionnaires/readiness.ts); its match shows those same numbers instead of the wizard's.
   */
  match(profile: NeedsProfile, readiness?: MatchResult['readiness']): MatchResult {
    const result = matchProfile(profile, {
      instruments: this.catalogue.instruments(),
      funds: this.catalogue.funds(),
      investments: this.currentInvestments(),
    })
    return readiness === undefined ? result : { ...result, readiness }
  }

  /**
   * The published investments, as the same array while none changed: the matcher indexes an array
   * once (find-examples.ts), so reusing it keeps a match fast at 10,000 cases. Records are replaced,
   * never mutated, on a write, so comparing references (about 20 µs at 10k) sees every change.
   */
  private currentInvestments(): readonly Investment[] {
    const now = this.search.onTopic()
    const cached = this.investments
    if (now.length === cached.length && now.every((investment, i) => investment === cached[i])) return cached
    this.investments = now
    return now
  }
}
