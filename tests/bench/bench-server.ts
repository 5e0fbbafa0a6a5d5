/**
 * A server for the HTTP benchmark, run as a child process so the load generator does not share its
 * event loop. Modes:
 *
 * - `app`, `app-nocache`: the real app over N synthetic investments (search result cache on / off).
 * - `bare` (the baseline of the DESIGN quality bar "the search page renders ≥ 50 % of the throughput
 *   of a bare Express + Handlebars page"): the *same page output* from a bare Express app with only
 *   Handlebars. At start it builds the real app over the same N investments, requests each path
 *   given on the command line once (in process, anonymous, like the load generator) and keeps the
 *   view model (template name and context) that the app handed to the view engine; then it throws
 *   the app away and serves those paths from `express()` with one route, no middleware (no search,
 *   sessions, CSRF, helmet, request log, query validation, presenters). Every request still renders
 *   the page afresh with the app's compiled templates, partials, helpers and layout
 *   (`createViewEngine(VIEWS_DIR)`) and sends it with `res.send` (ETag and all), so the baseline
 *   does the real Handlebars work of the same ~45 KB page. app ÷ bare is what our app adds on top
 *   of Express + Handlebars.
 * - `bare-toy`: the old baseline, a 20-item toy list (2.7 KB) in a toy layout, kept for reference.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import Handlebars from 'handlebars'
import { createApp, VIEWS_DIR } from '../../src/app.js'
import { createViewEngine, type ViewEngine } from '../../src/http/view-engine.js'
import { createLogger } from '../../src/logger.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { readSeedFiles } from '../../src/seed/seed-files.js'
import { applySeed } from '../../src/seed/apply-seed.js'
import { createServices } from '../../src/services.js'
import { openStore } from '../../src/storage/open-store.js'
import { syntheticInvestments, vocabularyOf } from '../../src/synthetic/synthetic-investments.js'
import { testConfig } from '../helpers/test-app.js'

const [mode = 'bare', sizeText = '1000', ...paths] = process.argv.slice(2)
const size = Number(sizeText)

type Built = { app: express.Express; cleanup: () => Promise<void> }

function bareToy(): Built {
  const layout = Handlebars.compile(
    '<!DOCTYPE html><html lang="en"><head><title>{{title}}</title></head><body><main>{{{body}}}</main></body></html>',
  )
  const list = Handlebars.compile(
    '<h1>{{title}}</h1><ol>{{#each items}}<li><h3><a href="/x/{{id}}">{{title}}</a></h3><p>{{summary}}</p></li>{{/each}}</ol>',
  )
  const items = Array.from({ length: 20 }, (_, i) => ({
    id: i,
    title: `Item ${i}`,
    summary: 'A short summary of an item in the list, about a line of text long.',
  }))
  const app = express()
  app.get('/page', (_req, res) => {
    res.type('html').send(layout({ title: 'Bare', body: list({ title: 'Bare', items }) }))
  })
  return { app, cleanup: async () => {} }
}

interface Captured {
  name: string
  context: Record<string, unknown>
  layout: string | null | undefined
  status: number
}

/** The bare baseline: the app's own pages, captured once, rendered per request by Express + Handlebars alone. */
async function bare(): Promise<Built> {
  if (paths.length === 0) throw new Error('bare mode needs the paths to serve, e.g. /investments?q=housing')
  const engine = createViewEngine(VIEWS_DIR)
  // A view engine that records what the app asks it to render (the app's only contact with Handlebars).
  let last: Omit<Captured, 'status'> | undefined
  const recording: ViewEngine = {
    render(name, context, layout) {
      // structuredClone: plain data only, nothing shared with the app that is thrown away below.
      last = { name, context: structuredClone(context), layout }
      return engine.render(name, context, layout)
    },
  }
  const captured = new Map<string, Captured>()
  const real = await realApp('app', recording)
  try {
    const server = real.app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as AddressInfo
    for (const path of paths) {
      last = undefined
      const response = await fetch(`http://127.0.0.1:${port}${path}`)
      await response.text()
      if (!last) throw new Error(`${path} rendered no view`)
      captured.set(path, { ...(last as Omit<Captured, 'status'>), status: response.status })
    }
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  } finally {
    await real.cleanup()
  }

  const app = express()
  app.get('/{*rest}', (req, res) => {
    const page = captured.get(req.originalUrl)
    if (!page) {
      res.sendStatus(404)
      return
    }
    res
      .status(page.status)
      .type('html')
      .send(engine.render(page.name, page.context, page.layout))
  })
  return { app, cleanup: async () => {} }
}

async function realApp(kind: 'app' | 'app-nocache', viewEngine?: ViewEngine): Promise<Built> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fi-bench-http-'))
  const store = await openStore({ dataDir })
  const seed = readSeedFiles(SEED_DIR_PATH)
  const services = await createServices(store, { searchResultCacheSize: kind === 'app-nocache' ? 0 : undefined })
  await applySeed(store, services.investments, { ...seed, investments: [] }, '2026-01-01T00:00:00.000Z')
  await services.catalogue.reload()
  const vocabulary = vocabularyOf(seed.investments.flatMap((i) => [i.title, i.summary, i.notes ?? '']))
  // Synthetic records go straight into the index: this measures rendering and search, not loading.
  for (const investment of syntheticInvestments(size, vocabulary)) services.search.upsert(investment)
  const app = createApp({
    config: testConfig({ env: 'production', dataDir }),
    services,
    logger: createLogger('silent'),
    viewEngine,
  })
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
  const built =
    mode === 'bare'
      ? await bare()
      : mode === 'bare-toy'
        ? bareToy()
        : await realApp(mode === 'app-nocache' ? 'app-nocache' : 'app')
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
