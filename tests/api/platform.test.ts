import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngine } from '../helpers/test-store.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await t.services.follower.poll()
})
afterAll(async () => {
  await t.close()
})

describe('platform', () => {
  it('GET /health reports the store engine, readiness, how far behind other instances it is, and no error', async () => {
    const res = await request(t.app).get('/health')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      status: 'ok',
      store: testEngine,
      ready: true,
      sync: {
        appliedSeq: await t.services.changes.latest(),
        behind: 0,
        lagMs: expect.any(Number),
        caughtUpAt: expect.any(String),
      },
      lastError: null,
      recovery: { droppedRecords: 0 },
      compaction: { failures: 0 },
    })
  })

  it('GET /health answers 503 with the reason when the store does not answer', async () => {
    const dead = await createTestApp()
    await dead.services.store.close()
    try {
      const res = await request(dead.app).get('/health')
      expect(res.status).toBe(503)
      expect(res.body).toMatchObject({
        status: 'unavailable',
        store: testEngine,
        ready: false,
        lastError: { at: expect.any(String), message: expect.any(String) },
      })
    } finally {
      await dead.close().catch(() => undefined)
    }
  })

  it('unknown API routes answer a JSON 404 in the error shape', async () => {
    const res = await request(t.app).get('/api/v1/nothing-here')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'API route not found' } })
  })

  it('unknown pages answer the 404 page', async () => {
    const res = await request(t.app).get('/no-such-page')
    expect(res.status).toBe(404)
    expect(res.text).toContain('Page not found')
  })

  it('malformed JSON is a 400, an oversized body a 413, never a 5xx', async () => {
    const bad = await request(t.app).post('/api/v1/investments').set('Content-Type', 'application/json').send('{"a":')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_failed')
    const big = await request(t.app)
      .post('/api/v1/investments')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(200_000) }))
    expect(big.status).toBe(413)
    expect(big.body.error.code).toBe('payload_too_large')
  })

  it('rejects operator keys in JSON bodies with 400', async () => {
    const res = await request(t.app)
      .post('/api/v1/investments')
      .send({ title: { $gt: '' } })
    expect(res.status).toBe(400)
    expect(res.body.error.fields).toHaveProperty(['body.title.$gt'])
  })

  it('sends security headers: CSP without inline script, nosniff, no framing', async () => {
    const res = await request(t.app).get('/')
    const csp = res.headers['content-security-policy']
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
    expect(res.headers['x-powered-by']).toBeUndefined()
  })
})
