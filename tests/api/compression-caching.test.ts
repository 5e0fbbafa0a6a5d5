import { get, type IncomingMessage, type Server } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let server: Server
let base: string
beforeAll(async () => {
  t = await createTestApp()
  server = createServer(t.app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await t.close()
})

/** The raw bytes on the wire, not decoded. */
function fetchRaw(path: string, headers: Record<string, string> = {}): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }))
    }).on('error', reject)
  })
}

describe('compression', () => {
  it('sends the search page with brotli or gzip when accepted, the same page once decoded, and plain otherwise', async () => {
    const plain = await fetchRaw('/investments?q=housing')
    expect(plain.res.headers['content-encoding']).toBeUndefined()
    expect(plain.res.headers.vary).toMatch(/Accept-Encoding/)
    const br = await fetchRaw('/investments?q=housing', { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.res.headers['content-encoding']).toBe('br')
    expect(br.res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(brotliDecompressSync(br.body).toString()).toBe(plain.body.toString())
    expect(br.body.length).toBeLessThan(plain.body.length / 3)
    const gz = await fetchRaw('/investments?q=housing', { 'accept-encoding': 'gzip' })
    expect(gz.res.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(plain.body.toString())
    expect(
      (await fetchRaw('/investments?q=housing', { 'accept-encoding': 'identity' })).res.headers['content-encoding'],
    ).toBeUndefined()
  })

  it('compresses large API answers and leaves small ones alone', async () => {
    const list = await fetchRaw('/api/v1/investments?pageSize=50', { 'accept-encoding': 'br' })
    expect(list.res.headers['content-encoding']).toBe('br')
    expect(JSON.parse(brotliDecompressSync(list.body).toString()).items.length).toBe(50)
    const health = await fetchRaw('/health', { 'accept-encoding': 'br' })
    expect(health.res.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(health.body.toString()).status).toBe('ok')
  })
})

describe('static assets', () => {
  it('pages link hashed names, served immutable for a year and precompressed; a repeat visit revalidates to 304', async () => {
    const page = (await fetchRaw('/')).body.toString()
    const css = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)">/.exec(page)?.[1]
    const js = /<script src="(\/assets\/enhance\.[0-9a-f]{12}\.js)" defer>/.exec(page)?.[1]
    expect(css).toBeDefined()
    expect(js).toBeDefined()
    const first = await fetchRaw(css!, { 'accept-encoding': 'br, gzip' })
    expect(first.res.statusCode).toBe(200)
    expect(first.res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(first.res.headers['content-type']).toBe('text/css; charset=utf-8')
    expect(first.res.headers['content-encoding']).toBe('br')
    const plain = await fetchRaw('/assets/site.css')
    expect(plain.res.headers['cache-control']).toBe('no-cache')
    expect(brotliDecompressSync(first.body).equals(plain.body)).toBe(true)
    const again = await fetchRaw(css!, {
      'accept-encoding': 'br, gzip',
      'if-none-match': String(first.res.headers.etag),
    })
    expect(again.res.statusCode).toBe(304)
    expect(again.body.length).toBe(0)
    expect((await fetchRaw(js!)).res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('an unknown or stale hashed name is a 404, not another file', async () => {
    expect((await fetchRaw('/assets/site.000000000000.css')).res.statusCode).toBe(404)
    expect((await fetchRaw('/assets/../package.json')).res.statusCode).toBe(404)
  })
})

describe('choosing the encoding', () => {
  it('prefers brotli among equals, follows q-values and refuses what is excluded', async () => {
    const { chosenEncoding } = await import('../../src/http/compression.js')
    const pick = (header?: string) =>
      chosenEncoding({ headers: header === undefined ? {} : { 'accept-encoding': header } } as never)
    expect(pick()).toBeNull()
    expect(pick('gzip, deflate, br, zstd')).toBe('br')
    expect(pick('gzip')).toBe('gzip')
    expect(pick('br;q=0.5, gzip')).toBe('gzip')
    expect(pick('br;q=0, gzip;q=0')).toBeNull()
    expect(pick('identity')).toBeNull()
    expect(pick('*')).toBe('br')
  })
})
