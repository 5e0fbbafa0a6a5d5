import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { bearerFor, createUser, sessionFor, type PageSession } from '../helpers/accounts.js'
import { readForm } from '../helpers/forms.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

/** Guidance is curated like every other record (issue 17 #3): forms, versions, history, retire. */
let t: TestApp
let curator: User
let session: PageSession
let token: string
beforeAll(async () => {
  t = await createTestApp()
  curator = await createUser(t.services, 'curator')
  session = await sessionFor(t.services, curator)
  token = await bearerFor(t.services, curator)
})
afterAll(async () => {
  await t.close()
})

const page = (path: string) => request(t.app).get(path).set('Cookie', session.cookie)
const submit = (action: string, body: string) =>
  request(t.app).post(action).set('Cookie', session.cookie).type('form').send(body)
const api = () => ({ Authorization: `Bearer ${token}` })

describe('curating guidance', () => {
  it('edits an entry through the form: saved with a new version, the history names the field, the library follows', async () => {
    const entry = t.services.catalogue.guidance()[0]!
    const url = `/curation/guidance/${entry.id}`
    const html = (await page(url)).text
    const form = readForm(html, url)
    expect(form.get('source.url')).toBe(entry.source.url)
    expect(form.get('source.confidence')).toBe(entry.source.confidence)
    form.set('summary', `${entry.summary} Edited.`)
    const res = await submit(form.action, form.encode())
    expect(res.status).toBe(303)
    expect(t.services.catalogue.guidanceEntry(entry.id)!.summary).toBe(`${entry.summary} Edited.`)
    const history = await page(`${url}/history`)
    expect(history.text).toContain('Version 2: edited')
    expect(history.text).toMatch(/<th[^>]* scope="row">Summary in our words<\/th>/)
  })

  it('a bad source on the form is a 400 naming the field, and nothing changes', async () => {
    const entry = t.services.catalogue.guidance()[1]!
    const url = `/curation/guidance/${entry.id}`
    const form = readForm((await page(url)).text, url)
      .set('source.url', 'not a web address')
      .set('source.readOn', 'yesterday')
    const res = await submit(form.action, form.encode())
    expect(res.status).toBe(400)
    expect(res.text).toContain('href="#source-url"')
    expect(res.text).toContain('href="#source-readOn"')
    expect(t.services.catalogue.guidanceEntry(entry.id)).toEqual(entry)
  })

  it('creates, versions and retires through the API; a retired entry leaves /guidance', async () => {
    const record = {
      id: 'test-guide-made-up',
      title: 'A made-up guide used only by this test',
      publisher: 'Test publisher',
      year: null,
      languages: ['en'],
      kind: 'guide',
      instruments: ['microfinance'],
      funds: [],
      policyFields: ['entrepreneurship'],
      summary: 'Made up for the test; never part of the seed.',
      url: 'https://example.org/guide',
      source: { url: 'https://example.org/guide', confidence: 'U', readOn: '2026-01-01' },
    }
    const created = await request(t.app).post('/api/v1/curation/guidance').set(api()).send({ record })
    expect(created.status).toBe(201)
    expect((await request(t.app).get('/api/v1/guidance/test-guide-made-up')).status).toBe(200)
    const stale = await request(t.app)
      .put('/api/v1/curation/guidance/test-guide-made-up')
      .set(api())
      .send({ version: 7, record })
    expect(stale.status).toBe(409)
    const bad = await request(t.app)
      .post('/api/v1/curation/guidance')
      .set(api())
      .send({ record: { ...record, id: 'other-made-up', kind: 'novel' } })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.error.fields)).toEqual(['record.kind'])
    const retired = await request(t.app)
      .post('/api/v1/curation/guidance/test-guide-made-up/retire')
      .set(api())
      .send({ version: 1, reason: 'Made up for a test' })
    expect(retired.status).toBe(200)
    expect((await request(t.app).get('/api/v1/guidance/test-guide-made-up')).status).toBe(404)
    expect(
      (await request(t.app).get('/api/v1/changes?since=0&limit=1000')).body.items.some(
        (c: { collection: string; id: string }) => c.collection === 'guidance' && c.id === 'test-guide-made-up',
      ),
    ).toBe(true)
  })

  it('the curation overview lists the guidance library', async () => {
    const res = await page('/curation')
    expect(res.text).toContain('href="/curation/guidance"')
  })
})
