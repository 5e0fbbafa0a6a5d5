import express from 'express'
import helmet from 'helmet'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { helmetOptions, securityHeaders } from '../../src/http/security.js'

/** The headers helmet would send, and the order it sends them in, compared with the precomputed middleware. */
async function headersOf(middleware: express.RequestHandler): Promise<[string, string][]> {
  const app = express()
  app.use(middleware)
  app.get('/', (_req, res) => {
    res.type('text').send('ok')
  })
  const res = await request(app).get('/')
  const raw = res.headers as Record<string, string>
  return Object.entries(raw).filter(
    ([name]) =>
      !['date', 'content-length', 'etag', 'content-type', 'connection', 'keep-alive', 'x-powered-by'].includes(name),
  )
}

describe('security headers', () => {
  for (const production of [true, false]) {
    it(`are exactly helmet's (${production ? 'production' : 'development'})`, async () => {
      const expected = await headersOf(helmet(helmetOptions(production)))
      const actual = await headersOf(securityHeaders(production))
      expect(actual).toEqual(expected)
      expect(actual.length).toBeGreaterThan(8)
      expect(Object.fromEntries(actual)['strict-transport-security'] !== undefined).toBe(production)
    })
  }

  it('leave out X-Powered-By, as helmet does', async () => {
    const app = express()
    app.use(securityHeaders(true))
    app.get('/', (_req, res) => {
      res.send('ok')
    })
    const res = await request(app).get('/')
    expect(res.headers['x-powered-by']).toBeUndefined()
  })
})
