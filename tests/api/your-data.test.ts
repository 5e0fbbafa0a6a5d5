import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { FORMER_MEMBER_ID } from '../../src/privacy/your-data.js'
import { bearerFor, createUser, sessionFor, STRONG_PASSWORD, type PageSession } from '../helpers/accounts.js'
import { CITY_ANSWERS } from '../helpers/questionnaires.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

/** A respondent's draft response with some answers saved, through the API. */
async function draftBy(user: User): Promise<string> {
  const token = await bearerFor(t.services, user)
  const created = await request(t.app)
    .post('/api/v1/responses')
    .set('Authorization', `Bearer ${token}`)
    .send({ respondentType: 'city' })
  expect(created.status).toBeLessThan(300)
  const id = created.body.id as string
  const saved = await request(t.app)
    .patch(`/api/v1/responses/${id}`)
    .set('Authorization', `Bearer ${token}`)
    .send({ answers: { population: CITY_ANSWERS.population }, version: created.body.version })
  expect(saved.status).toBe(200)
  return id
}

const audit = (event: string) => t.services.store.collection('audit_log').find({ event })
const deleteWith = (session: PageSession, form: Record<string, string>) =>
  request(t.app)
    .post('/account/delete')
    .set('Cookie', session.cookie)
    .type('form')
    .send({ _csrf: session.csrf, ...form })

describe('Your data: download everything about you', () => {
  it('the account page offers the download and the deletion', async () => {
    const user = await createUser(t.services, 'respondent')
    const res = await request(t.app)
      .get('/account')
      .set('Cookie', (await sessionFor(t.services, user)).cookie)
    expect(res.text).toContain('id="your-data"')
    expect(res.text).toContain('action="/account/data"')
    expect(res.text).toContain('href="/account/delete"')
  })

  it('gives a JSON file of the account, its records and its part in responses, without hashes; audited', async () => {
    const user = await createUser(t.services, 'respondent')
    const responseId = await draftBy(user)
    const session = await sessionFor(t.services, user)
    const res = await request(t.app)
      .post('/account/data')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf })
    expect(res.status).toBe(200)
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?fi-for-inclusion-your-data.json"?$/)
    expect(res.headers['cache-control']).toBe('no-store')
    const data = JSON.parse(res.text)
    expect(data.account).toMatchObject({ _id: user.id, email: user.email, name: user.name })
    expect(data.organisation._id).toBe(user.organisationId)
    expect(data.apiTokens).toHaveLength(1)
    expect(data.sessions.length).toBeGreaterThanOrEqual(1)
    expect(data.responses.map((r: { id: string }) => r.id)).toEqual([responseId])
    expect(data.responses[0].history.length).toBeGreaterThan(0)
    expect(data.auditEntries.some((e: { event: string }) => e.event === 'user_created')).toBe(true)
    expect(res.text).not.toMatch(/passwordHash|tokenHash|csrfToken/)
    expect((await audit('personal_data_downloaded')).some((e) => e.subjectEmail === user.email)).toBe(true)
  })

  it('needs the form token and a signed-in user', async () => {
    const user = await createUser(t.services, 'respondent')
    const session = await sessionFor(t.services, user)
    expect(
      (await request(t.app).post('/account/data').set('Cookie', session.cookie).type('form').send({})).status,
    ).toBe(403)
    expect(
      (
        await request(t.app)
          .post('/account/data')
          .set('Cookie', session.cookie)
          .type('form')
          .send({ _csrf: session.csrf, extra: 'x' })
      ).status,
    ).toBe(400)
    expect((await request(t.app).get('/account/delete')).status).toBe(303)
  })
})

describe('Your data: delete your account', () => {
  it('a wrong or missing password changes nothing and names the field', async () => {
    const user = await createUser(t.services, 'respondent')
    const session = await sessionFor(t.services, user)
    const wrong = await deleteWith(session, { password: 'not my password at all' })
    expect(wrong.status).toBe(400)
    expect(wrong.text).toContain('href="#delete-password"')
    expect(wrong.text).toContain('Your current password is not correct')
    const missing = await deleteWith(session, {})
    expect(missing.status).toBe(400)
    expect(missing.text).toContain('href="#delete-password"')
    expect(await t.services.auth.accounts.getUser(user.id)).not.toBeNull()
    expect((await request(t.app).get('/account').set('Cookie', session.cookie)).status).toBe(200)
  })

  it('deletes the account, its sessions and tokens; the responses stay, attributed to a former member; audited', async () => {
    const leaver = await createUser(t.services, 'respondent', 'Leaving city')
    const colleague = await createUser(t.services, 'respondent', 'Leaving city')
    expect(colleague.organisationId).toBe(leaver.organisationId)
    const responseId = await draftBy(leaver)
    const session = await sessionFor(t.services, leaver)
    const page = await request(t.app).get('/account/delete').set('Cookie', session.cookie)
    expect(page.status).toBe(200)
    expect(page.text).not.toContain('You are the last member')
    const res = await deleteWith(session, { password: STRONG_PASSWORD })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/account/deleted')
    expect(String(res.headers['set-cookie'])).toMatch(/fi_session=;.*Max-Age=0/)
    expect(await t.services.auth.accounts.getUser(leaver.id)).toBeNull()
    for (const name of ['sessions', 'api_tokens'])
      expect(await t.services.store.collection(name).countDocuments({ userId: leaver.id })).toBe(0)
    expect((await request(t.app).get('/account').set('Cookie', session.cookie)).status).toBe(303)
    const stored = await t.services.store.collection('responses').findOne({ _id: responseId })
    expect(stored).toMatchObject({ createdBy: FORMER_MEMBER_ID, answers: { population: CITY_ANSWERS.population } })
    expect(JSON.stringify(stored)).not.toContain(leaver.id)
    expect(JSON.stringify(stored)).not.toContain(leaver.name)
    const seen = await request(t.app)
      .get(`/responses/${responseId}`)
      .set('Cookie', (await sessionFor(t.services, colleague)).cookie)
    expect(seen.status).toBe(200)
    expect(seen.text).toContain('a former member')
    const entries = await audit('account_deleted')
    expect(entries.find((e) => e.subjectEmail === leaver.email)).toMatchObject({
      actorId: leaver.id,
      details: { userId: leaver.id },
    })
    expect((await request(t.app).get('/account/deleted')).text).toContain('Your account has been deleted')
  })

  it('tells the last member of an organisation what happens to its responses first', async () => {
    const last = await createUser(t.services, 'respondent', 'Lonely city')
    await draftBy(last)
    const page = await request(t.app)
      .get('/account/delete')
      .set('Cookie', (await sessionFor(t.services, last)).cookie)
    expect(page.text).toContain('You are the last member of Lonely city')
    expect(page.text).toContain('Its questionnaire response stays as it is')
    expect(page.text).toContain('href="/account#invite"')
  })

  it('refuses to delete the only administrator', async () => {
    const admins = await t.services.store.collection('users').find({ role: 'admin' })
    for (const admin of admins)
      await t.services.store.collection('users').updateOne({ _id: admin._id }, { $set: { role: 'curator' } })
    const admin = await createUser(t.services, 'admin')
    const session = await sessionFor(t.services, admin)
    expect((await request(t.app).get('/account/delete').set('Cookie', session.cookie)).text).toContain(
      'You are the only administrator',
    )
    const res = await deleteWith(session, { password: STRONG_PASSWORD })
    expect(res.status).toBe(409)
    expect(await t.services.auth.accounts.getUser(admin.id)).not.toBeNull()
  })
})
