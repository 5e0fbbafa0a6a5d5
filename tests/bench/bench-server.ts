/**
 * A server for the HTTP benchmark, run as a child process so the load generator does not share its
 * event loop: `bare` is Express + Handlebars rendering a 20-item list in a layout (the baseline);
 * `app` is the real app over N synthetic investments in memory-only mode of the search index.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import Handlebars from 'handlebars'
import { createApp } from '../../src/app.js'
import { createLogger } from '../../src/logger.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { createServices } from '../../src/services.js'
import { openStore } from '../../src/storage/open-store.js'
import { syntheticInvestments, vocabularyOf } from '../../src/synthetic/synthetic-investments.js'
import { testConfig } from '../helpers/test-app.js'

const [mode = 'bare', sizeText = '1000'] = process.argv.slice(2)
const size = Number(sizeText)

async function bare(): Promise<express.Express> {
  const layout = Handlebars.compile('<!DOCTYPE html><html lang="en"><head><title>{{title}}</title></head><body><main>{{{body}}}</main></body></html>')
  const list = Handlebars.compile('<h1>{{title}}</h1><ol>{{#each items}}<li><h3><a href="/x/{{id}}">{{title}}</a></h3><p>{{summary}}</p></li>{{/each}}</ol>')
  const items = Array.from({ length: 20 }, (_, i) => ({ id: i, title: `Item ${i}`, summary: 'A short summary of an item in the list, about a line of text long.' }))
  const app = express()
  app.get('/page', (_req, res) => {
    res.type('html').send(layout({ title: 'Bare', body: list({ title: 'Bare', items }) }))
  })
  return app
}

async function real(): Promise<{ app: express.Express; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fi-bench-http-'))
  const store = await openStore({ dataDir })
  const seed = readSeedFiles(SEED_DIR_PATH)
  const services = await createServices(store, { searchResultCacheSize: mode === 'app-nocache' ? 0 : undefined })
  await applySeed(store, services.investments, { ...seed, investments: [] }, '2026-01-01T00:00:00.000Z')
  await services.catalogue.reload()
  const vocabulary = vocabularyOf(seed.investments.flatMap((i) => [i.title, i.summary, i.notes ?? '']))
  // Synthetic records go straight into the index: this measures rendering and search, not loading.
  for (const investment of syntheticInvestments(size, vocabulary)) services.search.upsert(investment)
  const app = createApp({ config: testConfig({ env: 'production', dataDir }), services, logger: createLogger('silent') })
  return {
    app,
    cleanup: async () => {
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function main(): Promise<void> {
  process.env.NODE_ENV = 'production'
  const built = mode === 'bare' ? { app: await bare(), cleanup: async () => {} } : await real()
  const server = built.app.listen(0, '127.0.0.1', () => {
    const address = server.address()
    process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`)
  })
  process.on('SIGTERM', () => {
    server.close(() => void built.cleanup().then(() => process.exit(0)))
    server.closeAllConnections()
  })
}

void main()
