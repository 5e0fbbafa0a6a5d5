import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import type { Principal } from '../../src/accounts/principal.js'
import { sessionFor } from '../helpers/accounts.js'
import { answer, makeUser } from '../helpers/review.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let reviewer: User
let reviewerCookie: string
const principal = (user: User): Principal => ({ user, via: 'token', tokenId: 'test' })

beforeAll(async () => {
  t = await createTestApp()
  reviewer = await makeUser(t.services, 'reviewer')
  reviewerCookie = (await sessionFor(t.services, reviewer)).cookie
}, 60_000)
afterAll(async () => {
  await t?.close()
})

let n = 0
/** A city's response in one state; `edit` changes the investment total after submitting. */
async function responseIn(state: { submitted: boolean; consent: boolean; edited?: boolean; locked?: boolean }) {
  n += 1
  const user = await makeUser(t.services, 'respondent', { name: `Città di prova ${n}`, type: 'city', country: 'IT' })
  const id = await answer(
    t.services,
    user,
    { investment_total: 1_000_000 },
    { draft: !state.submitted, consent: state.consent },
  )
  const read = async () => (await t.services.questionnaires.responses.read(principal(user), id)).record
  if (state.edited)
    await t.services.questionnaires.responses.save(principal(user), id, {
      answers: new Map([['investment_total', 2_500_000]]),
      version: (await read()).version,
    })
  if (state.locked) await t.services.review.update(principal(reviewer), id, { status: 'in_review' })
  const cookie = (await sessionFor(t.services, user)).cookie
  const own = await request(t.app).get(`/responses/${id}`).set('Cookie', cookie)
  expect(own.status).toBe(200)
  const review = await request(t.app).get(`/review/responses/${id}`).set('Cookie', reviewerCookie)
  const exported = await request(t.app)
    .get(`/api/v1/review/export?format=json&country=IT&includeDemo=true&includeDrafts=true`)
    .set('Cookie', reviewerCookie)
  const item = (
    exported.body.items as {
      id: string
      valuesShown: string
      draftChangedQuestions: string[]
      answers: Record<string, { value: unknown; draft?: true; submitted?: { value: unknown } | null }>
    }[]
  ).find((i) => i.id === id)
  const csv = await request(t.app)
    .get(`/api/v1/review/export?format=csv&country=IT&includeDrafts=true`)
    .set('Cookie', reviewerCookie)
  const header = csv.text
    .replace(/^\uFEFF/, '')
    .split('\r\n')[0]!
    .split(',')
  const row = csv.text
    .split('\r\n')
    .find((line) => line.startsWith(id))
    ?.split(',')
  // The fixed columns come first and hold no commas here (free-text answers come later).
  const cell = (name: string) => row?.[header.indexOf(name)]
  return { own: own.text, review, item, cell }
}

describe('what DG HOME sees, and what its authors are told, in each state', () => {
  it('a draft without consent: authors told DG HOME cannot see it; reviewers cannot open it', async () => {
    const { own, review, item } = await responseIn({ submitted: false, consent: false })
    expect(own).toContain('DG HOME cannot see these answers yet')
    expect(review.status).toBe(404)
    expect(item).toBeUndefined()
  })

  it('a draft with consent: authors told DG HOME sees it as they save; reviewer page and export say it is a draft', async () => {
    const { own, review, item, cell } = await responseIn({ submitted: false, consent: true })
    expect(own).toContain('You let DG HOME see your draft')
    expect(review.text).toContain('A draft the organisation has not submitted')
    expect(item).toMatchObject({ valuesShown: 'draft', draftChangedQuestions: [] })
    expect(cell('values_shown')).toBe('draft')
  })

  it('edited after submission, no consent: authors told DG HOME sees the submitted answers; reviewers indeed see those', async () => {
    const { own, review, item, cell } = await responseIn({ submitted: true, consent: false, edited: true })
    expect(own).toContain('DG HOME sees the answers you submitted, not your changes, until you submit your changes')
    expect(review.text).toContain('These are the answers the organisation submitted.')
    expect(review.text).not.toContain('Newer draft, not submitted')
    expect(item).toMatchObject({ valuesShown: 'submitted', draftChangedQuestions: [] })
    expect(item!.answers.investment_total!.value).toBe(1_000_000)
    expect(cell('values_shown')).toBe('submitted')
  })

  it('edited after submission, with consent: authors told DG HOME already sees the changes; reviewer page and export mark the newer draft value', async () => {
    const { own, review, item, cell } = await responseIn({ submitted: true, consent: true, edited: true })
    expect(own).toContain('they already see your changes, each marked as not yet submitted')
    expect(own).not.toContain('DG HOME sees the answers you submitted, not your changes')
    expect(review.text).toContain('Newer draft, not submitted')
    expect(review.text).toMatch(
      /Newer draft, not submitted<\/strong> <span class="muted">Submitted: [^<]*1[,.\u202f ]?000[,.\u202f ]?000/,
    )
    expect(item).toMatchObject({
      valuesShown: 'submitted_with_newer_draft',
      draftChangedQuestions: ['investment_total'],
    })
    expect(item!.answers.investment_total).toMatchObject({
      value: 2_500_000,
      draft: true,
      submitted: { value: 1_000_000 },
    })
    expect(cell('values_shown')).toBe('submitted_with_newer_draft')
    expect(cell('draft_changed_questions')).toBe('investment_total')
  })

  it.each([false, true])(
    'locked (review started) after an edit, consent %s: never told to submit again',
    async (consent) => {
      const { own } = await responseIn({ submitted: true, consent, edited: true, locked: true })
      expect(own).toContain('You changed answers after you submitted, before DG HOME started its review.')
      expect(own).toContain('can no longer be submitted')
      expect(own).not.toMatch(/submit again|Submit your changes|until you submit/i)
    },
  )

  it('submitted and unchanged: no note for its authors; the reviewer page says these are the submitted answers', async () => {
    const { own, review, item } = await responseIn({ submitted: true, consent: true })
    expect(own).not.toContain('You changed answers')
    expect(review.text).toContain('These are the answers the organisation submitted.')
    expect(item).toMatchObject({ valuesShown: 'submitted' })
  })
})
