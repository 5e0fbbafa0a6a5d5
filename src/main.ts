// Plain-language input messages for every schema (configuration, seed files, requests).
import './http/plain-errors.js'
import { resolve } from 'node:path'
import { createApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { createLogger, type Logger } from './logger.js'
import { applySeed } from './seed/apply-seed.js'
import { SEED_DIR_PATH } from './seed/seed-dir.js'
import { readSeedFiles } from './seed/seed-files.js'
import { EMPTY_FILTERS } from './review/review-query.js'
import { createServices } from './services.js'
import { hasTransactions, redactedServer } from './storage/mongodb/mongo-store.js'
import { openStore } from './storage/open-store.js'
import { isSyntheticStore } from './synthetic/store-purpose.js'

async function main(config: Config, logger: Logger): Promise<void> {
  const started = Date.now()
  if (config.mongodbUri) {
    logger.info('connecting to MongoDB', { server: redactedServer(config.mongodbUri), serverSelectionTimeoutMS: config.mongodb.serverSelectionTimeoutMS, maxPoolSize: config.mongodb.maxPoolSize })
  }
  const store = await openStore({ dataDir: resolve(config.dataDir), mongodbUri: config.mongodbUri, mongodb: config.mongodb })
  if (store.kind === 'mongodb' && !hasTransactions(store)) {
    logger.warn('MongoDB without transactions (MONGODB_ALLOW_NO_TRANSACTIONS=true): writes that touch several documents are not atomic', { server: redactedServer(config.mongodbUri!) })
  }
  const services = await createServices(store, { syncIntervalMs: config.syncIntervalMs })
  if (await isSyntheticStore(store)) {
    logger.warn('this data directory holds synthetic benchmark data; the real seed is not loaded into it', { dataDir: config.dataDir })
  } else {
    const report = await applySeed(store, services.investments, readSeedFiles(SEED_DIR_PATH), new Date().toISOString())
    await services.catalogue.reload()
    logger.info('seed applied', { ...report })
  }
  services.follower.start()

  const app = createApp({ config, services, logger })
  const server = app.listen(config.port, config.host, () => {
    const address = server.address()
    const port = typeof address === 'object' && address !== null ? address.port : config.port
    logger.info('listening', { url: `http://localhost:${port}`, port, store: store.kind, investments: services.search.size, startupMs: Date.now() - started })
    // Build the review dashboard's default figures now, so the first reviewer does not wait for them.
    const warming = Date.now()
    services.review.summary(EMPTY_FILTERS).then(
      (summary) => logger.info('review figures ready', { responses: summary.total, ms: Date.now() - warming }),
      (error: unknown) => logger.warn('review figures not built at start', { error }),
    )
  })
  server.on('error', async (error) => {
    logger.error('server failed', { error })
    await services.follower.stop()
    await store.close()
    process.exit(1)
  })

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal })
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    server.close(async () => {
      await services.follower.stop()
      await store.close()
      logger.info('stopped')
      process.exit(0)
    })
    server.closeIdleConnections()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

function start(): void {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    // Every problem at once, as one JSON line like every other line the server writes.
    if (error instanceof ConfigError) createLogger('info').error('invalid configuration', { problems: error.problems })
    else createLogger('info').error('could not start', { error })
    process.exit(1)
  }
  const logger = createLogger(config.logLevel)
  main(config, logger).catch((error: unknown) => {
    logger.error('could not start', { error: error instanceof Error ? { name: error.name, message: error.message } : String(error) })
    process.exit(1)
  })
}

start()
