import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_OPERATIONS, API_SCHEMAS } from '../../src/api-docs/api-operations.js'
import { NeedsProfile } from '../../src/matching/needs-profile.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> }
  handle: { stack?: Layer[] }
  rawPath?: string | string[]
}

/** Every method + path the Express app answers, read from its router (Express 5 / router 2). */
function expressRoutes(app: Express): { method: string; path: string }[] {
  const found: { method: string; path: string }[] = []
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of ([] as string[]).concat(layer.route.path))
          for (const [method, on] of Object.entries(layer.route.methods))
            if (on && method !== '_all') found.push({ method, path: `${prefix}${path}` })
      } else if (layer.handle.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''
        walk(layer.handle.stack, `${prefix}${mount}`)
      }
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '')
  return found
}

/** Express `/investments/:id` → OpenAPI `/investments/{id}`. */
const toTemplate = (path: string) => path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document whose references all resolve', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json')
    expect(res.status).toBe(200)
    const doc = res.body
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.servers).toEqual([{ url: '/api/v1' }])
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message'])
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThan(10)
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref)
    for (const [path, item] of Object.entries(
      doc.paths as Record<string, Record<string, { parameters: { in: string; name: string }[] }>>,
    )) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'servers') continue
        expect(
          operation.parameters.filter((p) => p.in === 'path').map((p) => p.name),
          `${method} ${path}`,
        ).toEqual(inPath)
      }
    }
  })

  it('documents every route the Express router serves under /api/v1, and nothing else', async () => {
    const doc = (await request(t.app).get('/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>
    }
    const routes = expressRoutes(t.app).filter((r) => r.path.startsWith('/api/v1/'))
    expect(routes.length).toBeGreaterThanOrEqual(15)
    const missing = routes.filter((r) => !doc.paths[toTemplate(r.path.slice('/api/v1'.length))]?.[r.method])
    expect(missing, 'routes without an entry in src/api-docs/api-operations.ts').toEqual([])
    const served = new Set(routes.map((r) => `${r.method} ${toTemplate(r.path.slice('/api/v1'.length))}`))
    const documented = API_OPERATIONS.filter((op) => !op.root).map((op) => `${op.method} ${op.path}`)
    expect(
      documented.filter((op) => !served.has(op)),
      'documented operations the router does not serve',
    ).toEqual([])
    expect(expressRoutes(t.app)).toContainEqual({ method: 'get', path: '/health' })
  })

  it('lists the query parameters of the investments search from its zod schema', async () => {
    const doc = (await request(t.app).get('/api/v1/openapi.json')).body
    const params = doc.paths['/investments'].get.parameters as {
      name: string
      in: string
      schema: { type: string; items?: { enum: string[] } }
    }[]
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'q',
        'policyField',
        'instrument',
        'fund',
        'country',
        'targetGroup',
        'stage',
        'yearFrom',
        'yearTo',
        'minAmountEur',
        'maxAmountEur',
        'sort',
        'page',
        'pageSize',
      ]),
    )
    expect(params.find((p) => p.name === 'policyField')!.schema.items!.enum).toContain('housing')
    expect(doc.paths['/match'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/NeedsProfile',
    })
  })
})

describe('the documented examples', () => {
  const publicGets = API_OPERATIONS.filter(
    (op) => op.method === 'get' && !op.auth && op.responses.some((r) => r.status === 200 && r.schema),
  )
  it.each(publicGets.map((op) => [op.example.path, op] as const))(
    'GET %s answers as its schema says',
    async (path, op) => {
      const res = await request(t.app).get(path)
      expect(res.status).toBe(200)
      const name = op.responses.find((r) => r.status === 200 && r.schema)!.schema!
      const parsed = API_SCHEMAS[name].safeParse(res.body)
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true)
      // The published JSON Schema forbids properties it does not list: a field the schema leaves out is stripped here.
      expect(parsed.data).toEqual(res.body)
    },
  )

  it('the matcher example is a valid needs profile and gets a match result', async () => {
    const op = API_OPERATIONS.find((o) => o.id === 'match')!
    expect(NeedsProfile.safeParse(op.example.body).success).toBe(true)
    const res = await request(t.app)
      .post(op.example.path)
      .send(op.example.body as object)
    expect(res.status).toBe(200)
    expect(API_SCHEMAS.MatchResult.safeParse(res.body).success).toBe(true)
  })
})

describe('GET /api (the readable API page)', () => {
  it('lists every endpoint with its parameters and an example', async () => {
    const res = await request(t.app).get('/api')
    expect(res.status).toBe(200)
    expect(res.type).toBe('text/html')
    for (const op of API_OPERATIONS) {
      const path = op.root ? op.path : `/api/v1${op.path}`
      expect(res.text).toContain(`<code>${op.method.toUpperCase()} ${path}</code>`)
      expect(res.text).toContain(`id="${op.id}"`)
    }
    expect(res.text).toContain('scope="row" data-ecl-table-header="Name"><code>policyField</code></th>')
    expect(res.text).toContain('one or more of: employment, education, housing')
    expect(res.text).toContain('href="/api/v1/openapi.json"')
    expect(res.text).toMatch(/curl -X POST \\\n {2}-H &#x27;Content-Type: application\/json&#x27;/)
  })

  it('is linked from the footer of every page', async () => {
    const res = await request(t.app).get('/')
    const footer = res.text.slice(res.text.indexOf('<footer'))
    expect(footer).toMatch(/<a [^>]*href="\/api">/)
  })
})
