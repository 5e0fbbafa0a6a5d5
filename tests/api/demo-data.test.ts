import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authSettings } from '../../src/accounts/auth-settings.js'
import { loadDemo } from '../../src/demo/demo-command.js'
import { DEMO_ORGANISATIONS } from '../../src/demo/demo-data.js'
import { completeness } from '../../src/questionnaires/answers.js'
import type { ResponseRecord } from '../../src/questionnaires/response.js'
import { bearerFor, mergeCookies, anonymousSession, sessionFor, STRONG_PASSWORD } from '../helpers/accounts.js'
import { makeUser } from '../helpers/review.js'
import { createTestApp, TEST_SERVICE_OPTIONS, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
const settings = authSettings(TEST_SERVICE_OPTIONS.auth)
/** Demo organisations with a response (the others show on the review's target list). */
const ANSWERING = DEMO_ORGANISATIONS.filter((o) => o.responds !== false)

beforeAll(async () => {
  t = await createTestApp()
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

describe('npm run cli -- demo (loadDemo)', () => {
  it('loads demo organisations, accounts and responses of all four types in several countries, once', async () => {
    const first = await loadDemo(t.services.store, { password: STRONG_PASSWORD, settings })
    expect(first).toEqual({
      organisations: DEMO_ORGANISATIONS.length,
      users: DEMO_ORGANISATIONS.length,
      responses: ANSWERING.length,
    })
    expect(await loadDemo(t.services.store, { settings })).toEqual({ organisations: 0, users: 0, responses: 0 })
    const responses = (
      await t.services.store.collection<{ _id: string } & Omit<ResponseRecord, 'id'>>('responses').find({ demo: true })
    ).map((d) => d)
    expect(responses).toHaveLength(ANSWERING.length)
    expect(new Set(responses.map((r) => r.respondentType))).toEqual(
      new Set(['city', 'member_state', 'financial_intermediary', 'service_provider']),
    )
    expect(new Set(DEMO_ORGANISATIONS.map((o) => o.country)).size).toBeGreaterThanOrEqual(5)
    expect(responses.some((r) => r.status === 'draft') && responses.some((r) => r.status === 'submitted')).toBe(true)
    const orgs = await t.services.store
      .collection<{ _id: string; name: string; demo?: boolean }>('organisations')
      .find({})
    expect(orgs.every((o) => o.demo === true && o.name.startsWith('Demo '))).toBe(true)
    // Submitted demo answers are complete and valid for their questionnaire, as a real submission would be.
    for (const r of responses.filter((r) => r.status !== 'draft')) {
      const definition = (await t.services.questionnaires.responses.definition(r.respondentType, r.definitionVersion))!
      expect([...completeness(definition, r.answers).problems.keys()], r._id).toEqual([])
    }
  })

  it('is left out of the review figures unless includeDemo=true', async () => {
    const reviewer = await makeUser(t.services, 'reviewer')
    const token = await bearerFor(t.services, reviewer)
    const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)
    expect((await api('/api/v1/review/summary')).body.summary.total).toBe(0)
    // Shared drafts count only with includeDrafts=true (issue 18).
    const shown = ANSWERING.filter((o) => o.status !== 'draft').length
    expect((await api('/api/v1/review/summary?includeDemo=true')).body.summary.total).toBe(shown)
    const page = await request(t.app)
      .get('/review?includeDemo=true')
      .set('Cookie', (await sessionFor(t.services, reviewer)).cookie)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Demo city of Northport')
    // Issue #18: the organisations that have not answered make the target list non-empty.
    const targets = await api('/api/v1/review/targets?includeDemo=true')
    // Never answered, or only a draft so far.
    expect(targets.body.total).toBe(
      DEMO_ORGANISATIONS.filter((o) => o.responds === false || o.status === 'draft').length,
    )
    expect(targets.body.total).toBeGreaterThan(0)
  })

  it('a demo account signs in with the password given and finds its demo response', async () => {
    const anon = await anonymousSession(t.app)
    const login = await request(t.app)
      .post('/login')
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ _csrf: anon.csrf, email: 'demo.westhaven@example.org', password: STRONG_PASSWORD })
    expect(login.status).toBe(303)
    const cookie = mergeCookies(anon.cookie, login)
    const intro = await request(t.app).get('/questionnaires/city').set('Cookie', cookie)
    expect(intro.text).toContain('id="continue-link"')
    expect(intro.text).toMatch(/\d+ of \d+ questions answered/)
  })
})

describe('the demo command line', () => {
  const ROOT = fileURLToPath(new URL('../..', import.meta.url))
  const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
  const run = (dataDir: string) =>
    new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'demo'], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '', NODE_ENV: 'test' },
      })
      let stdout = ''
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
      child.once('error', reject)
      child.once('close', (code) => resolve({ code, stdout }))
      child.stdin.end()
    })

  it(
    'runs twice without duplicating anything',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'fi-demo-'))
      try {
        const first = await run(dir)
        expect(first.code).toBe(0)
        expect(first.stdout).toContain(`${ANSWERING.length} responses added`)
        const second = await run(dir)
        expect(second.code).toBe(0)
        expect(second.stdout).toContain('0 organisations, 0 accounts and 0 responses added')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    bound(120_000),
  )
})
