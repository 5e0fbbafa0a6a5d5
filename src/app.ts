import { fileURLToPath } from 'node:url'
import express from 'express'
import { catalogueApi } from './catalogue/catalogue-api.js'
import { cataloguePages } from './catalogue/catalogue-pages.js'
import type { Config } from './config.js'
import { homePages } from './home-pages.js'
import { apiErrorHandler, apiNotFound, pageErrorHandler, pageNotFound } from './http/error-handlers.js'
import { rejectOperatorKeys } from './http/reject-operators.js'
import { securityHeaders } from './http/security.js'
import { createViewEngine, type ViewEngine } from './http/view-engine.js'
import { investmentsApi } from './investments/investments-api.js'
import { investmentsPages } from './investments/investments-pages.js'
import type { Logger } from './logger.js'
import type { Services } from './services.js'

export const VIEWS_DIR = fileURLToPath(new URL('../views', import.meta.url))

export interface AppDeps {
  config: Config
  services: Services
  logger: Logger
  viewEngine?: ViewEngine
}

/** Builds the Express app; never listens (tests use it with supertest, main.ts serves it). */
export function createApp({ config, services, logger, viewEngine }: AppDeps): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  app.locals.viewEngine = viewEngine ?? createViewEngine(VIEWS_DIR)

  app.use(securityHeaders(config.env === 'production'))
  app.use((req, res, next) => {
    res.locals.currentPath = req.originalUrl
    res.locals.navSection = undefined
    res.locals.showStackTraces = config.env === 'development'
    next()
  })
  app.use('/assets', express.static(fileURLToPath(new URL('../views/assets', import.meta.url)), { maxAge: config.env === 'production' ? '1h' : 0 }))

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', store: services.store.kind })
  })

  const api = express.Router()
  api.use(express.json({ limit: '100kb' }))
  api.use(rejectOperatorKeys)
  api.use('/investments', investmentsApi(services.search))
  api.use(catalogueApi(services.catalogue, services.search))
  api.use(apiNotFound)
  api.use(apiErrorHandler(logger))
  app.use('/api/v1', api)

  const pages = express.Router()
  pages.use(express.urlencoded({ extended: false, limit: '100kb' }))
  pages.use(rejectOperatorKeys)
  pages.use(homePages(services))
  pages.use('/investments', investmentsPages(services.search))
  pages.use(cataloguePages(services.catalogue, services.search))
  pages.use(pageNotFound)
  pages.use(pageErrorHandler(logger))
  app.use(pages)

  return app
}
