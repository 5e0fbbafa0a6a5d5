import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { bearerFor, sessionFor } from '../helpers/accounts.js'
import { loadScenario, makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
let reviewer: User
let token: string
let emails: string[]
beforeAll(async () => {
  t = await createTestApp()
  await loadScenario(t.services)
  reviewer = await makeUser(t.services, 'reviewer')
  token = await bearerFor(t.services, reviewer)
  emails = (await t.services.store.collection('users').find({ role: 'respondent' })).map((u) => u.email as string)
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`)
const contactAudits = () => t.services.store.collection('audit_log').find({ event: 'contacts_exported' })

describe('reviewer exports and personal contact details', () => {
  it('leave out every member name and email by default', async () => {
    expect(emails.length).toBeGreaterThan(3)
    for (const format of ['csv', 'json']) {
      const res = await api(`/api/v1/review/export?format=${format}`)
      expect(res.status).toBe(200)
      for (const email of emails) expect(res.text).not.toContain(email)
      if (format === 'csv')
        expect(
          res.text
            .replace(/^\uFEFF/, '')
            .split('\r\n')[0]!
            .split(','),
        ).not.toContain('contacts')
      else expect(res.text).not.toContain('"contacts"')
    }
    expect(await contactAudits()).toHaveLength(0)
  })

  it('without a reason, contacts=true is a 400 on `reason` and nothing is exported or audited', async () => {
    for (const query of [
      'contacts=true',
      'contacts=true&reason=because',
      'contacts=true&reason=%20%20%20%20%20%20%20%20%20%20%20x',
    ]) {
      const res = await api(`/api/v1/review/export?format=json&${query}`)
      expect(res.status).toBe(400)
      expect(res.body.error.fields.reason[0]).toContain('Give the reason you need the contact details')
    }
    expect(await contactAudits()).toHaveLength(0)
  })

  it('with a reason, adds the members of each organisation, and the reason is audited with the reviewer', async () => {
    const reason = 'Inviting the Italian cities to the pilot workshop'
    const json = await api(
      `/api/v1/review/export?format=json&country=IT&contacts=true&reason=${encodeURIComponent(reason)}`,
    )
    expect(json.status).toBe(200)
    const items = json.body.items as { organisation: string; contacts: { name: string; email: string }[] }[]
    expect(items.length).toBeGreaterThan(0)
    for (const item of items) expect(item.contacts.length).toBeGreaterThan(0)
    expect(items.flatMap((i) => i.contacts.map((c) => c.email)).every((email) => emails.includes(email))).toBe(true)
    const csv = await api(
      `/api/v1/review/export?format=csv&country=IT&contacts=true&reason=${encodeURIComponent(reason)}`,
    )
    const header = csv.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]!
      .split(',')
    expect(header.slice(0, 10)).toEqual([
      'id',
      'organisation',
      'respondent_type',
      'country',
      'status',
      'questionnaire_version',
      'submitted_at',
      'submitted_at_brussels',
      'values_shown',
      'draft_changed_questions',
    ])
    expect(header.indexOf('contacts')).toBeGreaterThan(header.indexOf('readiness_overall'))
    expect(csv.text).toContain(items[0]!.contacts[0]!.email)
    const audits = await contactAudits()
    expect(audits).toHaveLength(2)
    expect(audits[0]).toMatchObject({
      actorId: reviewer.id,
      subjectEmail: reviewer.email,
      via: 'api',
      details: { reason, format: 'json', responses: String(items.length) },
    })
  })

  it('the dashboard offers the export with contact details as a form that keeps the filters and asks the reason', async () => {
    const res = await request(t.app)
      .get('/review?country=IT&respondentType=city')
      .set('Cookie', (await sessionFor(t.services, reviewer)).cookie)
    const form = res.text.slice(res.text.indexOf('<form class="form" method="get" action="/api/v1/review/export">'))
    expect(form).toContain('<input type="hidden" name="country" value="IT">')
    expect(form).toContain('<input type="hidden" name="respondentType" value="city">')
    expect(form).toContain('<input type="hidden" name="contacts" value="true">')
    expect(form).toContain('name="reason"')
  })
})
