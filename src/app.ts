import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import express from 'express'
import { accountsApi } from './accounts/accounts-api.js'
import { apiDocsPages } from './api-docs/api-docs-pages.js'
import { openApiRoute } from './api-docs/openapi.js'
import { changesApi } from './changes/changes-api.js'
import { curationApi } from './curation/curation-api.js'
import { curationPages } from './curation/curation-pages.js'
import { indigoApi } from './indigo/indigo-api.js'
import { accountsPages } from './accounts/accounts-pages.js'
import { adminPages } from './accounts/admin-pages.js'
import { backupApi, storagePages } from './backup/storage-pages.js'
import { KnownDevices } from './accounts/known-device.js'
import { apiPrincipal, pagePrincipal, SessionCookies } from './accounts/principal.js'
import { catalogueApi } from './catalogue/catalogue-api.js'
import { guidanceApi } from './guidance/guidance-api.js'
import { guidancePages } from './guidance/guidance-pages.js'
import { cataloguePages } from './catalogue/catalogue-pages.js'
import type { Config } from './config.js'
import { homePages } from './home-pages.js'
import { onMissingMessage } from './i18n/i18n.js'
import { languagesPages } from './i18n/languages-pages.js'
import { translationReportsPages } from './translation-reports/translation-reports-pages.js'
import { accountLocale, chooseLocale } from './i18n/locale-middleware.js'
import { apiCsrf, pageCsrf } from './http/csrf.js'
import { refuseWritesWhileDraining, type Lifecycle } from './http/draining.js'
import { apiErrorHandler, apiNotFound, pageErrorHandler, pageNotFound } from './http/error-handlers.js'
import { rejectOperatorKeys } from './http/reject-operators.js'
import { healthRoute } from './http/health.js'
import { ASSETS_DIR, assetTableFor, useAssetTable } from './http/assets.js'
import { compressResponses } from './http/compression.js'
import { requestLog } from './http/request-log.js'
import { securityHeaders } from './http/security.js'
import { createViewEngine, type ViewEngine } from './http/view-engine.js'
import { investmentsApi } from './investments/investments-api.js'
import { investmentsPages } from './investments/investments-pages.js'
import type { Logger } from './logger.js'
import { matchApi } from './matching/match-api.js'
import { matchPages } from './matching/match-pages.js'
import { questionnairePages } from './questionnaires/questionnaire-pages.js'
import { questionnairesApi } from './questionnaires/questionnaires-api.js'
import { reviewApi } from './review/review-api.js'
import { reviewPages } from './review/review-pages.js'
import { cookieList } from './privacy/cookie-list.js'
import { legalPages } from './privacy/legal-pages.js'
import { retentionPeriods } from './privacy/retention-periods.js'
import { YourData } from './privacy/your-data.js'
import { ContactDirectory } from './privacy/contact-directory.js'
import { yourDataPages } from './privacy/your-data-pages.js'
import type { Services } from './services.js'

export const VIEWS_DIR = fileURLToPath(new URL('../views', import.meta.url))

export interface AppDeps {
  config: Config
  services: Services
  logger: Logger
  viewEngine?: ViewEngine
  /** Shared with main.ts, which sets `draining` on SIGTERM. */
  lifecycle?: Lifecycle
}

/** Builds the Express app; never listens (tests use it with supertest, main.ts serves it). */
export function createApp({
  config,
  services,
  logger,
  viewEngine,
  lifecycle = { draining: false },
}: AppDeps): express.Express {
  const app = express()
  app.disable('x-powered-by')
  // Which proxies may report the client's address and protocol (TRUST_PROXY; default: one on this host).
  app.set('trust proxy', config.trustProxy)
  app.locals.viewEngine = viewEngine ?? createViewEngine(VIEWS_DIR)

  app.use(...requestLog(logger))
  app.use(securityHeaders(config.env === 'production'))
  const production = config.env === 'production'
  onMissingMessage(({ locale, key }) => logger.warn('missing message', { locale, key }))
  const siteIdentity = { ecHosted: config.site.ecHosted }
  app.use(chooseLocale({ secureCookies: (req) => production || req.secure }))
  app.use((req, res, next) => {
    // Without the language choice and tracking parameters (chooseLocale takes them out).
    res.locals.currentPath = req.url
    res.locals.currentPathEncoded = encodeURIComponent(req.url)
    res.locals.navSection = undefined
    res.locals.showStackTraces = config.env === 'development'
    res.locals.site = siteIdentity
    next()
  })
  // Hashed names, immutable for a year, precompressed; pages and API answers compressed when accepted (docs/adr/059).
  const assets = assetTableFor(ASSETS_DIR, config.env === 'development')
  useAssetTable(assets)
  app.use('/assets', assets.handler())
  app.use(compressResponses())

  // Also under /api/v1, inside the OpenAPI document's base (schemathesis checks it there; ADR 035).
  const health = healthRoute({ store: services.store, follower: services.follower, draining: () => lifecycle.draining })
  app.get('/health', rejectOperatorKeys, health)

  // Accounts: the principal comes from a bearer token (API) or the session cookie; see src/accounts/access.ts.
  const cookies = new SessionCookies(services.auth.sessions, services.auth.settings, production)
  // Signs anonymous CSRF tokens; outside production a per-process secret is enough (config requires one in production).
  const csrfSecret = config.sessionSecret ?? randomBytes(32).toString('hex')

  const api = express.Router()
  api.use(refuseWritesWhileDraining(lifecycle))
  api.use(express.json({ limit: '100kb' }))
  api.use(rejectOperatorKeys)
  api.use(apiPrincipal(services.auth.accounts, cookies))
  api.use(accountLocale((user, locale, ip) => services.auth.accounts.setLocale(user, locale, ip)))
  api.use(apiCsrf)
  api.use(accountsApi(services.auth.accounts))
  api.use('/investments', investmentsApi(services.search))
  api.use(catalogueApi(services.catalogue, services.search))
  api.use('/guidance', guidanceApi(services.catalogue))
  api.use('/match', matchApi(services.match))
  api.use(questionnairesApi(services.questionnaires.responses, services.quotas))
  api.use(reviewApi(services.review, { contacts: new ContactDirectory(services.store), audit: services.auth.audit }))
  api.use('/investments', indigoApi(services.search))
  api.use('/changes', changesApi(services.changes))
  api.use(
    curationApi({
      curation: services.curation.records,
      proposals: services.curation.proposals,
      search: services.search,
      quotas: services.quotas,
    }),
  )
  api.use(backupApi({ store: services.store, investments: services.investments, audit: services.auth.audit, config }))
  api.use(openApiRoute())
  api.get('/health', health)
  api.use(apiNotFound)
  api.use(apiErrorHandler(logger))
  app.use('/api/v1', api)

  const pages = express.Router()
  pages.use(refuseWritesWhileDraining(lifecycle))
  pages.use(express.urlencoded({ extended: false, limit: '100kb' }))
  // Before the operator check, so that its 400 page still shows who is signed in (with a working sign-out form).
  pages.use(pagePrincipal(services.auth.accounts, cookies))
  pages.use(accountLocale((user, locale, ip) => services.auth.accounts.setLocale(user, locale, ip)))
  pages.use(pageCsrf({ secret: csrfSecret, production }))
  pages.use(rejectOperatorKeys)
  const devices = new KnownDevices(csrfSecret, production)
  pages.use(
    accountsPages({
      accounts: services.auth.accounts,
      cookies,
      devices,
      settings: services.auth.settings,
      proposals: services.curation.proposals,
    }),
  )
  pages.use(adminPages(services.auth.accounts, services.auth.audit))
  pages.use(
    storagePages({ store: services.store, investments: services.investments, audit: services.auth.audit, config }),
  )
  pages.use(homePages(services))
  pages.use(
    '/investments',
    investmentsPages(services.search, (id) => services.curation.records.withdrawal('investments', id)),
  )
  pages.use(cataloguePages(services.catalogue, services.search))
  pages.use(guidancePages(services.catalogue))
  pages.use('/match', matchPages(services.match, services.catalogue))
  pages.use(questionnairePages(services.questionnaires.responses, services.catalogue, services.quotas))
  pages.use(reviewPages(services.review))
  pages.use(apiDocsPages())
  pages.use(languagesPages())
  const periods = retentionPeriods(config.retention, services.auth.settings, services.quotas.longestWindowMs)
  pages.use(legalPages({ site: config.site, periods, cookies: cookieList(services.auth.settings) }))
  pages.use(
    yourDataPages({
      yourData: new YourData(services.store, services.auth.audit),
      accounts: services.auth.accounts,
      cookies,
      periods,
    }),
  )
  pages.use(translationReportsPages(services.translationReports, services.quotas))
  pages.use(
    curationPages({
      curation: services.curation.records,
      proposals: services.curation.proposals,
      search: services.search,
      quotas: services.quotas,
      catalogue: services.catalogue,
    }),
  )
  pages.use(pageNotFound)
  pages.use(pageErrorHandler(logger))
  app.use(pages)

  return app
}
