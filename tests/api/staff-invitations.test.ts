import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { anonymousSession, createUser, sessionFor, STRONG_PASSWORD, type PageSession } from '../helpers/accounts.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

/**
 * Issue #13.10: a new reviewer needed the server stopped (users:create takes the store's lock). An
 * administrator now invites reviewers, curators and administrators through a single-use link while
 * the server runs: audited, stored hashed, expiring.
 */

let t: TestApp
let admin: User
let adminSession: PageSession

beforeAll(async () => {
  t = await createTestApp()
  admin = await createUser(t.services, 'admin')
  adminSession = await sessionFor(t.services, admin)
})
afterAll(async () => {
  await t.close()
})

async function invite(role: string, affiliation = '', session = adminSession) {
  const res = await request(t.app)
    .post('/admin/invitations')
    .set('Cookie', session.cookie)
    .type('form')
    .send({ _csrf: session.csrf, role, affiliation })
  const link = /id="invitation-link">([^<]+)</.exec(res.text)?.[1]
  return { res, path: link ? new URL(link).pathname : null }
}

async function accept(path: string, body: Record<string, string>) {
  const anon = await anonymousSession(t.app)
  return request(t.app)
    .post(path)
    .set('Cookie', anon.cookie)
    .type('form')
    .send({ ...body, _csrf: anon.csrf })
}

describe('staff invitations from /admin/users', () => {
  it('an administrator invites a curator; the link creates that account once, signed in, audited', async () => {
    const form = await request(t.app).get('/admin/users').set('Cookie', adminSession.cookie)
    expect(form.text).toContain('Invite a reviewer, curator or administrator')
    expect(form.text).toContain('It works once and for 72 hours')
    const { res, path } = await invite('curator', 'DG HOME')
    expect(res.status).toBe(201)
    expect(res.text).toContain('Invitation link for a new Curator account')
    expect(path).toMatch(/^\/invitations\/[A-Za-z0-9_-]{43}$/)
    const token = path!.split('/').pop()!
    expect(JSON.stringify(await t.services.store.collection('invitations').find({}))).not.toContain(token)

    const page = await request(t.app).get(path!)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Create your account: Curator')
    expect(page.text).toContain(`${admin.name} invited you to FI for Inclusion with the role Curator (DG HOME).`)
    const created = await accept(path!, { name: 'Cora Curator', email: 'cora@ec.example', password: STRONG_PASSWORD })
    expect(created.status).toBe(303)
    expect(created.headers.location).toBe('/account')
    const user = await t.services.store.collection('users').findOne({ email: 'cora@ec.example' })
    expect(user).toMatchObject({ role: 'curator', affiliation: 'DG HOME', organisationId: null })
    const cookie = ([] as string[])
      .concat(created.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('fi_session='))!
      .split(';')[0]!
    expect((await request(t.app).get('/curation').set('Cookie', cookie)).status).toBe(200)

    const again = await accept(path!, { name: 'Second Use', email: 'second@ec.example', password: STRONG_PASSWORD })
    expect(again.status).toBe(404)
    expect(again.text).toContain('This invitation link cannot be used')
    const audit = await t.services.auth.audit.page({ skip: 0, limit: 20 })
    expect(audit.entries.find((e) => e.event === 'invitation_created' && e.details.role === 'curator')).toMatchObject({
      actorEmail: admin.email,
      details: { affiliation: 'DG HOME' },
    })
    expect(
      audit.entries.find((e) => e.event === 'invitation_accepted' && e.subjectEmail === 'cora@ec.example'),
    ).toMatchObject({ details: { role: 'curator' } })
  })

  it('expires, and dies with its author’s admin rights', async () => {
    const expiring = await invite('reviewer')
    await t.services.store.collection('invitations').updateMany({}, { $set: { expiresAt: '2000-01-01T00:00:00.000Z' } })
    expect((await request(t.app).get(expiring.path!)).status).toBe(404)

    const otherAdmin = await createUser(t.services, 'admin')
    const { path } = await invite('admin', '', await sessionFor(t.services, otherAdmin))
    expect((await request(t.app).get(path!)).status).toBe(200)
    await t.services.auth.accounts.changeRole(admin, otherAdmin.id, 'reviewer', {
      actorId: admin.id,
      actorEmail: admin.email,
      ip: null,
      via: 'page',
    })
    expect((await request(t.app).get(path!)).status).toBe(404)
    expect(
      (await accept(path!, { name: 'Would Be Admin', email: 'nope@ec.example', password: STRONG_PASSWORD })).status,
    ).toBe(404)
    expect(await t.services.store.collection('users').countDocuments({ email: 'nope@ec.example' })).toBe(0)
  })

  it('refuses a role that cannot be invited, and non-administrators', async () => {
    const bad = await invite('respondent')
    expect(bad.res.status).toBe(400)
    expect(bad.res.text).toContain('href="#invite-role-reviewer"')
    const curator = await sessionFor(t.services, await createUser(t.services, 'curator'))
    expect((await invite('admin', '', curator)).res.status).toBe(403)
  })
})
