import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

const cookieNames = (res: request.Response) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split('=')[0]!)

describe('the anonymous CSRF cookie is set only by pages with a form', () => {
  it('a page without a form sets no cookie; the sign-in form sets one and its token works', async () => {
    const search = await request(t.app).get('/investments?q=housing')
    expect(search.status).toBe(200)
    expect(cookieNames(search)).not.toContain('fi_csrf')
    expect(search.text).not.toContain('name="_csrf"')

    const login = await request(t.app).get('/login')
    expect(cookieNames(login)).toContain('fi_csrf')
    const token = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1]
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('fi_csrf='))!
    // The same token on every form of the page, and again on the next page for the same cookie.
    const again = await request(t.app).get('/login').set('Cookie', cookie.split(';')[0]!)
    expect(cookieNames(again)).not.toContain('fi_csrf')
    expect(/name="_csrf" value="([^"]+)"/.exec(again.text)?.[1]).toBe(token)
  })

  it('a form sent without the cookie is still refused', async () => {
    const login = await request(t.app).get('/login')
    const token = /name="_csrf" value="([^"]+)"/.exec(login.text)![1]!
    const post = await request(t.app)
      .post('/login')
      .type('form')
      .send({ email: 'a@example.org', password: 'x', _csrf: token })
    expect(post.status).toBe(403)
  })
})
