import { CatalogueRepository } from './catalogue/catalogue-repository.js'
import { ChangeLog } from './changes/change-log.js'
import { ChangeFollower } from './changes/change-follower.js'
import { applyChangesTo } from './changes/instance-sync.js'
import { createCuration } from './curation/curation-module.js'
import { CatalogueService } from './catalogue/catalogue-service.js'
import { registerSeedContent } from './i18n/content-sources.js'
import { InvestmentRepository } from './investments/investment-repository.js'
import { InvestmentSearch } from './investments/investment-search.js'
import { MatchService } from './matching/match-service.js'
import { createQuestionnaires } from './questionnaires/questionnaire-module.js'
import { ReviewService } from './review/review-service.js'
import type { DocumentStore } from './storage/document-store.js'
import { TranslationReportRepository } from './translation-reports/translation-report-repository.js'
import { AccountService } from './accounts/account-service.js'
import { AuditLog } from './accounts/audit-log.js'
import { type AuthSettings, authSettings } from './accounts/auth-settings.js'
import { InvitationRepository } from './accounts/invitation-repository.js'
import { AttemptThrottle } from './accounts/login-throttle.js'
import { OrganisationRepository } from './accounts/organisation-repository.js'
import { PasswordHasher } from './accounts/passwords.js'
import { SessionRepository } from './accounts/session-repository.js'
import { SessionService } from './accounts/session-service.js'
import { ApiTokenRepository } from './accounts/token-repository.js'
import { UserRepository } from './accounts/user-repository.js'
import { type QuotaAction, type QuotaRule, quotaSettings } from './quotas/quota-settings.js'
import { WriteQuotas } from './quotas/write-quotas.js'

export interface ServiceOptions {
  /** Overrides of the account security settings (tests use a cheap scrypt cost). */
  auth?: Partial<AuthSettings>
  /** Size of the search result cache (0 turns it off; the benchmark measures both). */
  searchResultCacheSize?: number
  /** Overrides of the write quotas (tests use small ones). */
  quotas?: Partial<Record<QuotaAction, Partial<QuotaRule>>>
  /** The clock of sessions, invitations and quotas (tests move it instead of waiting). */
  clock?: () => Date
  /** How often to read what other instances wrote (default 1 s; the follower only runs once started). */
  syncIntervalMs?: number
}

/** The composition root: repositories on the store, and the in-memory indexes built from them. */
export async function createServices(store: DocumentStore, options: ServiceOptions = {}) {
  const changes = ChangeLog.for(store)
  await changes.ensureIndexes()
  // Read before the in-memory data is built: whatever is written meanwhile is applied again by the follower.
  const builtAt = await changes.latest()
  const investments = new InvestmentRepository(store, changes)
  await investments.ensureIndexes()
  const search = new InvestmentSearch(await investments.all(), { resultCacheSize: options.searchResultCacheSize })
  investments.onChange((change) =>
    change.type === 'upsert' ? search.upsert(change.investment) : search.remove(change.id),
  )
  const catalogueRepository = new CatalogueRepository(store, changes)
  const catalogue = new CatalogueService(catalogueRepository)
  await catalogue.reload()
  registerSeedContent(catalogue)
  const match = new MatchService(catalogue, search)
  const quotas = new WriteQuotas(store, quotaSettings(options.quotas), options.clock)
  await quotas.ensureIndexes()
  const auth = await createAccounts(store, authSettings(options.auth), quotas, options.clock)
  const questionnaires = await createQuestionnaires(store, auth.accounts, match)
  const curation = await createCuration(store, { investments, search, catalogueRepository, catalogue })
  const review = new ReviewService(store, questionnaires.responses)
  const translationReports = new TranslationReportRepository(store)
  await translationReports.ensureIndexes()
  // Other instances' writes reach this one through the changes feed (docs/adr/026); main.ts starts it.
  const follower = new ChangeFollower({
    changes,
    apply: applyChangesTo({ investments, search, catalogue }),
    from: builtAt,
    intervalMs: options.syncIntervalMs ?? 1000,
  })
  return {
    store,
    changes,
    follower,
    investments,
    search,
    catalogue,
    match,
    auth,
    questionnaires,
    curation,
    review,
    translationReports,
    quotas,
  }
}

export type Services = Awaited<ReturnType<typeof createServices>>

/** Accounts, sessions, tokens, invitations, throttling and the audit log, with their indexes. */
export async function createAccounts(
  store: DocumentStore,
  settings: AuthSettings,
  quotas: WriteQuotas = new WriteQuotas(store, quotaSettings()),
  clock: () => Date = () => new Date(),
) {
  const repos = {
    users: new UserRepository(store),
    organisations: new OrganisationRepository(store),
    tokens: new ApiTokenRepository(store),
    invitations: new InvitationRepository(store),
    audit: new AuditLog(store),
    throttle: new AttemptThrottle(store),
  }
  const sessionRepository = new SessionRepository(store)
  for (const repo of [...Object.values(repos), sessionRepository]) await repo.ensureIndexes()
  const accounts = new AccountService({ ...repos, store, quotas }, new PasswordHasher(settings.scrypt), settings, clock)
  return { settings, accounts, sessions: new SessionService(sessionRepository, settings, clock), audit: repos.audit }
}
