import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import type { CuratedRecord } from '../../src/curation/curation-service.js'
import { bearerFor, createUser, sessionFor, type PageSession } from '../helpers/accounts.js'
import { readForm } from '../helpers/forms.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

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
  await t?.close()
})

const page = (path: string) => request(t.app).get(path).set('Cookie', session.cookie)
const submit = (action: string, body: string) =>
  request(t.app).post(action).set('Cookie', session.cookie).type('form').send(body)
const unsourced = () =>
  t.services.search.all().filter((i) => i.origin === 'seed' && i.amount !== null && !i.amountSource)

describe('a seeded case whose amount has no source', () => {
  it('most seeded cases with an amount have no source for it (the issue: 34 of 45)', () => {
    expect(unsourced().length).toBeGreaterThanOrEqual(30)
  })

  it('every one of them can be saved from the form to fix its title, and data quality still lists the missing source', async () => {
    for (const investment of unsourced()) {
      const url = `/curation/investments/${investment.id}`
      const form = readForm((await page(url)).text, url)
      expect(form.get('amountSource'), investment.id).toBe('')
      form.set('title', `${investment.title} (checked)`)
      const res = await submit(form.action, form.encode())
      expect(res.status, `${investment.id}: ${res.text.match(/<li><a href="#[^"]+">[^<]+/g)?.join(' | ')}`).toBe(303)
      const stored = await t.services.investments.get(investment.id)
      expect(stored).toMatchObject({ title: `${investment.title} (checked)`, amount: investment.amount })
      expect(stored!.amountSource).toBeUndefined()
    }
    const quality = await request(t.app).get('/api/v1/data-quality').set('Authorization', `Bearer ${token}`)
    expect(quality.status).toBe(200)
    expect(JSON.stringify(quality.body)).toContain('amountSource')
  })

  it('a changed amount still needs its source (form and API)', async () => {
    const [investment] = unsourced().slice(-2)
    const url = `/curation/investments/${investment!.id}`
    const form = readForm((await page(url)).text, url)
    form.set('amountValue', String(investment!.amount!.value + 1000))
    const res = await submit(form.action, form.encode())
    expect(res.status).toBe(400)
    expect(res.text).toContain('Give the web address that publishes the amount')

    const current = (await t.services.curation.records.get(
      'investments',
      investment!.id,
    )) as CuratedRecord<'investments'>
    const put = (record: unknown) =>
      request(t.app)
        .put(`/api/v1/curation/investments/${investment!.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ version: current.version, record })
    const changed = await put({
      ...current.record,
      amount: { ...current.record.amount!, value: current.record.amount!.value + 1 },
    })
    expect(changed.status).toBe(400)
    expect(changed.body.error.fields['record.amountSource']).toBeDefined()
    const kept = await put({ ...current.record, title: `${current.record.title} (API)` })
    expect(kept.status).toBe(200)
  })

  it('a record that had a source cannot drop it while keeping the amount', async () => {
    const investment = t.services.search.all().find((i) => i.amount !== null && i.amountSource)
    if (!investment) return
    const current = (await t.services.curation.records.get(
      'investments',
      investment.id,
    )) as CuratedRecord<'investments'>
    const res = await request(t.app)
      .put(`/api/v1/curation/investments/${investment.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ version: current.version, record: { ...current.record, amountSource: null } })
    expect(res.status).toBe(400)
  })
})

describe('a version conflict is shown before field errors', () => {
  it('form: a stale version with a field error gives the 409 conflict page, the input kept', async () => {
    const [investment] = unsourced().slice(-1)
    const url = `/curation/investments/${investment!.id}`
    const form = readForm((await page(url)).text, url)
    const current = (await t.services.curation.records.get(
      'investments',
      investment!.id,
    )) as CuratedRecord<'investments'>
    await t.services.curation.records.update(
      'investments',
      current.id,
      { record: { ...current.record, statusText: 'Changed by a colleague' } },
      current.version,
      { id: 'other', name: 'Another Curator' },
    )
    form.set('title', '').set('summary', 'My own summary, typed while a colleague saved.')
    const res = await submit(form.action, form.encode())
    expect(res.status).toBe(409)
    expect(res.text).toContain('Someone else changed this record while you were editing')
    expect(res.text).toContain('My own summary, typed while a colleague saved.</textarea>')
  })

  it('API: a stale version with an invalid record gives 409, not 400', async () => {
    const [investment] = unsourced().slice(-1)
    const current = (await t.services.curation.records.get(
      'investments',
      investment!.id,
    )) as CuratedRecord<'investments'>
    const res = await request(t.app)
      .put(`/api/v1/curation/investments/${investment!.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ version: current.version - 1, record: { ...current.record, title: '' } })
    expect(res.status).toBe(409)
  })
})
