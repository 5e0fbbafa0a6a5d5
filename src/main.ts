// Plain-language input messages for every schema (configuration, seed files, requests).
import './http/plain-errors.js'
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { createApp } from './app.js'
import type { ChangeFollower } from './changes/change-follower.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import type { Lifecycle } from './http/draining.js'
import { createLogger, type Logger } from './logger.js'
import { runMigrations } from './migrations/migrations.js'
import { migrateAndCheck } from './migrations/record-checks.js'
import { applySeed } from './seed/apply-seed.js'
import { SEED_DIR_PATH } from './seed/seed-dir.js'
import { readSeedFiles } from './seed/seed-files.js'
import { EMPTY_FILTERS } from './review/review-query.js'
import { createServices } from './services.js'
import type { DocumentStore } from './storage/document-store.js'
import { hasTransactions, redactedServer } from './storage/mongodb/mongo-store.js'
import { openStore } from './storage/open-store.js'
import { logStoreEvents } from './storage/store-events.js'
import { isSyntheticStore } from './synthetic/store-purpose.js'
import { retentionPeriods } from './privacy/retention-periods.js'
import { RetentionSweep } from './privacy/retention-sweep.js'
import { sessionLimits } from './privacy/retention-periods.js'

/** Start-up problems are JSON log lines too, with the message an operator acts on. */
let logger: Logger = createLogger('info')
let stop: (signal: string) => void = () => process.exit(1)

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    logger.error('invalid configuration', { problems: error.problems })
    process.exit(1)
  }
  logger = createLogger(config.logLevel)
  const started = Date.now()
  if (config.mongodbUri) {
    logger.info('connecting to MongoDB', {
      server: redactedServer(config.mongodbUri),
      serverSelectionTimeoutMS: config.mongodb.serverSelectionTimeoutMS,
      maxPoolSize: config.mongodb.maxPoolSize,
    })
  }
  const store = await openStore({
    dataDir: resolve(config.dataDir),
    mongodbUri: config.mongodbUri,
    mongodb: config.mongodb,
    embedded: { onEvent: logStoreEvents(logger, () => stop('lock lost')) },
  })
  if (store.kind === 'mongodb' && !hasTransactions(store)) {
    logger.warn(
      'MongoDB without transactions (MONGODB_ALLOW_NO_TRANSACTIONS=true): writes that touch several documents are not atomic',
      { server: redactedServer(config.mongodbUri!) },
    )
  }
  try {
    const migrated = await migrateAndCheck(store, (s) => runMigrations(s))
    if (migrated.applied.length > 0) logger.info('data migrations applied', { applied: migrated.applied })
  } catch (error) {
    await store.close()
    throw error
  }
  const services = await createServices(store, {
    syncIntervalMs: config.syncIntervalMs,
    auth: sessionLimits(config.retention),
  })
  if (await isSyntheticStore(store)) {
    logger.warn('this data directory holds synthetic benchmark data; the real seed is not loaded into it', {
      dataDir: config.dataDir,
    })
  } else {
    const report = await applySeed(store, services.investments, readSeedFiles(SEED_DIR_PATH), new Date().toISOString())
    await services.catalogue.reload()
    logger.info('seed applied', { ...report })
  }
  services.follower.start()
  // Retention (ADR 058): deletes what the documented periods no longer allow, now and every RETENTION_SWEEP_MINUTES.
  const sweep = new RetentionSweep(
    store,
    retentionPeriods(config.retention, services.auth.settings, services.quotas.longestWindowMs),
  )
  const stopSweeps = sweep.schedule(
    (report) =>
      Object.entries(report).some(([key, n]) => key !== 'at' && n !== 0)
        ? logger.info('retention sweep', { ...report })
        : logger.debug('retention sweep: nothing to delete'),
    (error) => logger.warn('retention sweep failed', { error }),
  )

  const lifecycle: Lifecycle = { draining: false }
  const app = createApp({ config, services, logger, lifecycle })
  const server = createServer(app)
  server.once('error', (error: NodeJS.ErrnoException) => {
    // Before "listening": the port is taken, or not ours to take.
    const why =
      error.code === 'EADDRINUSE'
        ? 'is already in use: stop what runs there or choose another PORT'
        : error.code === 'EACCES'
          ? 'needs privileges this process does not have: choose a PORT above 1023'
          : 'cannot be used'
    logger.error('could not listen', {
      port: config.port,
      host: config.host,
      code: error.code,
      message: `Port ${config.port} on ${config.host} ${why}`,
    })
    void services.follower
      .stop()
      .then(() => store.close())
      .finally(() => process.exit(1))
  })
  server.listen(config.port, config.host, () => {
    const address = server.address()
    const port = typeof address === 'object' && address !== null ? address.port : config.port
    logger.info('listening', {
      url: `http://${urlHost(config.host)}:${port}`,
      host: config.host,
      port,
      store: store.kind,
      investments: services.search.size,
      startupMs: Date.now() - started,
    })
    // Build the review dashboard's default figures now, so the first reviewer does not wait for them.
    const warming = Date.now()
    services.review.summary(EMPTY_FILTERS).then(
      (summary) => logger.info('review figures ready', { responses: summary.total, ms: Date.now() - warming }),
      (error: unknown) => logger.warn('review figures not built at start', { error }),
    )
  })

  stop = (signal) =>
    void shutdown(signal, {
      server,
      store,
      follower: services.follower,
      stopSweeps,
      lifecycle,
      timeoutMs: config.shutdownTimeoutMs,
    })
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

let stopping = false

interface Running {
  server: ReturnType<typeof createServer>
  store: DocumentStore
  follower: ChangeFollower
  stopSweeps: () => Promise<void>
  lifecycle: Lifecycle
  timeoutMs: number
}

/**
 * Graceful shutdown (ADR 023): writes get 503 at once, requests in flight finish (connections still
 * open at the deadline are closed), the changes follower stops, then the store writes its final
 * snapshot and releases its lock. Exit 0 when all of that happened; 1 only when the store could not be closed.
 */
async function shutdown(
  signal: string,
  { server, store, follower, stopSweeps, lifecycle, timeoutMs }: Running,
): Promise<void> {
  if (stopping) return
  stopping = true
  lifecycle.draining = true
  const begun = Date.now()
  logger.info('shutting down: writes are refused from now on', { signal })
  const closed = new Promise<void>((done) => server.close(() => done()))
  server.closeIdleConnections()
  const deadline = setTimeout(() => {
    logger.warn('closing connections still open at the shutdown deadline', { afterMs: Date.now() - begun })
    server.closeAllConnections()
  }, timeoutMs)
  deadline.unref()
  await closed
  clearTimeout(deadline)
  try {
    await stopSweeps()
    await follower.stop()
    await store.close()
  } catch (error) {
    logger.error('the store could not be closed', { error })
    process.exit(1)
  }
  logger.info('stopped', { signal, ms: Date.now() - begun })
  process.exit(0)
}

main().catch((error: unknown) => {
  logger.error('could not start', {
    error: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
  })
  process.exit(1)
})

/** The address to open: the interface listened on, or localhost when that is every interface. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost'
  return host.includes(':') ? `[${host}]` : host
}
