import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import type { Principal } from '../../src/accounts/principal.js'
import { createUser, sessionFor } from '../helpers/accounts.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})
const principalOf = (user: User): Principal => ({ user, via: 'token', tokenId: 'test' })
const attr = (html: string, name: string) =>
  /<progress [^>]*>/.exec(html)![0].match(new RegExp(`${name}="([^"]*)"`))?.[1]

describe('the progress bar counts the questions shown, and says so (issue #12)', () => {
  it('a note beside the bar explains the count; the bar carries the counts and a template for the page script', async () => {
    const officer = await createUser(t.services, 'respondent')
    const responses = t.services.questionnaires.responses
    const { context } = await responses.start(officer, {})
    const cookie = (await sessionFor(t.services, officer)).cookie
    const section = `/responses/${context.record.id}/sections/2`
    const before = await request(t.app).get(section).set('Cookie', cookie)
    expect(before.text).toContain('Section 2 of 8 · 0 of 38 answered')
    expect(before.text).toContain('id="q-progress-note"')
    expect(before.text).toContain('Only the questions shown for your answers are counted')
    expect(attr(before.text, 'data-total')).toBe('38')
    expect(attr(before.text, 'aria-describedby')).toBe('q-progress-note')
    expect(before.text).toContain('data-msg-progress="Section 2 of 8 · {answered} of {total} answered"')

    // "Yes, we plan an investment" brings up eight follow-up questions: they join the count once shown.
    await responses.save(principalOf(officer), context.record.id, {
      answers: new Map([['has_planned_investment', true]]),
      version: context.record.version,
    })
    const after = await request(t.app).get(section).set('Cookie', cookie)
    expect(after.text).toContain('Section 2 of 8 · 1 of 46 answered')
    expect(attr(after.text, 'max')).toBe('46')
  })
})
