import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { sessionFor } from '../helpers/accounts.js'
import { answer, makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
let reviewer: User
beforeAll(async () => {
  t = await createTestApp()
  reviewer = await makeUser(t.services, 'reviewer')
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

const page = async (id: string) =>
  request(t.app)
    .get(`/review/responses/${id}`)
    .set('Cookie', (await sessionFor(t.services, reviewer)).cookie)

describe("the reviewer sees the response's matches on its review page (issue #12)", () => {
  it('lists the top instruments and funds the matcher gives for the response, linking to the full result', async () => {
    const city = await makeUser(t.services, 'respondent', { name: 'Comune di Prova', type: 'city', country: 'IT' })
    const id = await answer(t.services, city, {})
    const context = await t.services.questionnaires.responses.read(
      { user: reviewer, via: 'token', tokenId: 'test' },
      id,
    )
    const result = t.services.questionnaires.responses.match(context)
    const res = await page(id)
    expect(res.status).toBe(200)
    expect(res.text).toContain('Matching instruments and funds')
    const section = res.text.slice(res.text.indexOf('id="matches"'), res.text.indexOf('id="matches"') + 4000)
    for (const option of [...result.instruments.slice(0, 5), ...result.funds.slice(0, 5)])
      expect(section).toContain(option.name.replace(/&/g, '&amp;'))
    expect(section).toContain(`${result.instruments[0]!.score} out of 100`)
    expect(section).toContain(`href="/responses/${id}/match"`)
    expect(
      (
        await request(t.app)
          .get(`/responses/${id}/match`)
          .set('Cookie', (await sessionFor(t.services, reviewer)).cookie)
      ).status,
    ).toBe(200)
  })

  it('says which answers are missing when there is no needs profile yet', async () => {
    const city = await makeUser(t.services, 'respondent', { name: 'Comune di Bozza', type: 'city', country: 'IT' })
    const { context } = await t.services.questionnaires.responses.start(city, {})
    await t.services.questionnaires.responses.save({ user: city, via: 'token', tokenId: 'test' }, context.record.id, {
      answers: new Map([['population', 1000]]),
      version: context.record.version,
      consentToViewDraft: true,
    })
    const res = await page(context.record.id)
    expect(res.status).toBe(200)
    expect(res.text).toContain('there is no match')
    expect(res.text).not.toContain(`href="/responses/${context.record.id}/match"`)
  })
})
