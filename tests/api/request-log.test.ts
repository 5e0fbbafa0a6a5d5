import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { createLogger, memoryLogDestination } from '../../src/logger.js'
import { bearerFor, createUser } from '../helpers/accounts.js'
import { createTestApp, testConfig, type TestApp } from '../helpers/test-app.js'

/** Issue 19 item 3: request logs tell the truth (path, user, address, status, duration), one request id throughout. */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

function appLogging(level: 'info' | 'debug', trustProxy: false | string[] = ['loopback']) {
  const lines = memoryLogDestination()
  const app = createApp({
    config: testConfig({ dataDir: t.dataDir, trustProxy }),
    services: t.services,
    logger: createLogger(level, lines),
    viewEngine: t.app.locals.viewEngine,
  })
  const requests = () => lines.lines.filter((line) => line.msg === 'request')
  return { app, lines: lines.lines, raw: lines.raw, requests }
}

describe('request logs', () => {
  it('show the real path with its query, the status, the client address and the duration, and send the request id back', async () => {
    const { app, requests } = appLogging('info')
    const res = await request(app).get('/api/v1/changes?since=3&limit=2')
    await request(app).get('/investments?q=housing')
    expect(res.status).toBe(200)
    const [changes, page] = requests()
    expect(changes).toMatchObject({
      level: 'info',
      req: { method: 'GET', url: '/api/v1/changes?since=3&limit=2' },
      status: 200,
      userId: null,
      ip: expect.stringMatching(/127\.0\.0\.1/),
      ms: expect.any(Number),
    })
    expect(changes!.reqId).toBe(res.headers['x-request-id'])
    expect(page).toMatchObject({ req: { url: '/investments?q=housing' }, status: 200 })
    expect(page!.reqId).not.toBe(changes!.reqId)
  })

  it('give each field once, with the status the client got (a redirect is a 303, not the 200 a response starts with)', async () => {
    const { app, raw } = appLogging('info')
    await request(app).get('/admin/storage')
    const line = raw.find((text) => text.includes('"msg":"request"'))!
    expect(line.match(/"status":/g)).toHaveLength(2) // the top-level status and res.status
    expect(line.match(/"userId":/g)).toHaveLength(1)
    expect(JSON.parse(line)).toMatchObject({ status: 303, res: { status: 303 }, req: { url: '/admin/storage' } })
  })

  it('name the signed-in user, keep an incoming request id, and leave health checks and assets out', async () => {
    const { app, requests } = appLogging('info')
    const user = await createUser(t.services, 'curator')
    const token = await bearerFor(t.services, user)
    await request(app)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'proxy-7f3a.42')
    await request(app).get('/health')
    await request(app).get('/assets/site.css')
    await request(app).get('/api/v1/nothing-here').set('X-Request-Id', 'bad id with spaces')
    const lines = requests()
    expect(lines.map((line) => (line.req as { url: string }).url)).toEqual(['/api/v1/auth/me', '/api/v1/nothing-here'])
    expect(lines[0]).toMatchObject({ reqId: 'proxy-7f3a.42', userId: user.id, status: 200 })
    expect(lines[1]).toMatchObject({ status: 404 })
    expect(lines[1]!.reqId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('carry the request id on every line written during the request, an unexpected error included', async () => {
    const { app, lines } = appLogging('info')
    const search = t.services.search.search.bind(t.services.search)
    t.services.search.search = () => {
      throw new Error('index broken (test)')
    }
    try {
      const res = await request(app).get('/api/v1/investments?q=loan')
      expect(res.status).toBe(500)
      const id = res.headers['x-request-id']
      const mine = lines.filter((line) => line.reqId === id)
      expect(mine.map((line) => line.level)).toEqual(['error', 'error'])
      expect(JSON.stringify(mine[0])).toContain('index broken (test)')
      expect(mine[1]).toMatchObject({ msg: 'request', status: 500 })
    } finally {
      t.services.search.search = search
    }
  })

  it('keep invitation tokens out of the logs', async () => {
    const { app, requests } = appLogging('info')
    await request(app).get('/invitations/s3cr3t-token-value')
    expect(JSON.stringify(requests())).not.toContain('s3cr3t-token-value')
    expect(requests()[0]).toMatchObject({ req: { url: '/invitations/:token' } })
  })

  it('add the arrival of each request and its headers of interest at LOG_LEVEL=debug', async () => {
    const quiet = appLogging('info')
    await request(quiet.app).get('/glossary').set('User-Agent', 'probe/1.0')
    expect(quiet.lines.some((line) => line.msg === 'request received')).toBe(false)
    const verbose = appLogging('debug')
    const res = await request(verbose.app).get('/glossary').set('User-Agent', 'probe/1.0').set('Accept-Language', 'fr')
    const id = res.headers['x-request-id']
    expect(verbose.lines.find((line) => line.msg === 'request received')).toMatchObject({
      level: 'debug',
      reqId: id,
      userAgent: 'probe/1.0',
      acceptLanguage: 'fr',
    })
    expect(verbose.requests()[0]).toMatchObject({ reqId: id, res: { status: 200, bytes: expect.any(Number) } })
  })

  it('take the client address from X-Forwarded-For only from a trusted proxy (TRUST_PROXY)', async () => {
    const behindLoopbackProxy = appLogging('info', ['loopback'])
    await request(behindLoopbackProxy.app).get('/glossary').set('X-Forwarded-For', '203.0.113.9')
    expect(behindLoopbackProxy.requests()[0]).toMatchObject({ ip: '203.0.113.9' })
    const trustingNone = appLogging('info', false)
    await request(trustingNone.app).get('/glossary').set('X-Forwarded-For', '203.0.113.9')
    expect(trustingNone.requests()[0]!.ip).toMatch(/127\.0\.0\.1/)
    const trustingAnotherHost = appLogging('info', ['10.0.0.0/8'])
    await request(trustingAnotherHost.app).get('/glossary').set('X-Forwarded-For', '203.0.113.9')
    expect(trustingAnotherHost.requests()[0]!.ip).toMatch(/127\.0\.0\.1/)
  })
})
