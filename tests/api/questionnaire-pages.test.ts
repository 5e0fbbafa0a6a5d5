import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import type { AnswerValue } from '../../src/questionnaires/answers.js'
import { bearerFor, createUser, sessionFor, type PageSession } from '../helpers/accounts.js'
import { CITY_ANSWERS } from '../helpers/questionnaires.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

interface Browser {
  user: User
  session: PageSession
  get(url: string): request.Test
  post(url: string, form: string): request.Test
}

async function browserFor(user: User): Promise<Browser> {
  const session = await sessionFor(t.services, user)
  return {
    user,
    session,
    get: (url) => request(t.app).get(url).set('Cookie', session.cookie),
    post: (url, form) =>
      request(t.app)
        .post(url)
        .set('Cookie', session.cookie)
        .type('form')
        .send(`${form}${form ? '&' : ''}_csrf=${encodeURIComponent(session.csrf)}`),
  }
}

async function cityWithTwoColleagues() {
  const name = `Ville ${Math.random().toString(36).slice(2, 8)}`
  const ana = await browserFor(await createUser(t.services, 'respondent', name))
  const bo = await browserFor(await createUser(t.services, 'respondent', name))
  const start = await ana.post('/questionnaires/city/start', '')
  expect(start.status).toBe(303)
  const id = /\/responses\/([^/]+)\/sections\/1$/.exec(start.headers.location!)![1]!
  return { ana, bo, id }
}

const versionOf = (html: string) => Number(/name="_version" value="(\d+)"/.exec(html)![1])
const apiSave = async (user: User, id: string, answers: Record<string, AnswerValue | null>) => {
  const auth = `Bearer ${await bearerFor(t.services, user)}`
  const version = (await request(t.app).get(`/api/v1/responses/${id}`).set('Authorization', auth)).body.version
  const res = await request(t.app)
    .patch(`/api/v1/responses/${id}`)
    .set('Authorization', auth)
    .send({ version, answers })
  expect(res.status).toBe(200)
  return res.body.version as number
}

describe('questionnaire start pages', () => {
  it('/questionnaires lists the four questionnaires, and the menu links to it', async () => {
    const res = await request(t.app).get('/questionnaires')
    expect(res.status).toBe(200)
    for (const type of ['city', 'member_state', 'financial_intermediary', 'service_provider'])
      expect(res.text).toContain(`href="/questionnaires/${type}"`)
    expect(res.text).toMatch(
      /<a class="site-nav__link" href="\/questionnaires" aria-current="page">Questionnaires<\/a>/,
    )
  })

  it('the start page explains the questionnaire and offers what fits the visitor', async () => {
    const anonymous = await request(t.app).get('/questionnaires/city')
    expect(anonymous.status).toBe(200)
    expect(anonymous.text).toContain('Questionnaire for cities and local authorities')
    expect(anonymous.text).toContain('href="/login?returnTo&#x3D;%2Fquestionnaires%2Fcity"')
    expect(anonymous.text).toContain('About 30 minutes · 8 sections')
    expect(anonymous.text).toContain('(only asked after some answers)')

    const respondent = await browserFor(await createUser(t.services, 'respondent', 'Stadt Leipzig'))
    expect((await respondent.get('/questionnaires/city')).text).toContain('action="/questionnaires/city/start"')
    expect((await respondent.get('/questionnaires/member_state')).text).toContain(
      'is registered as a City or local authority, so it answers a different questionnaire',
    )
    expect((await respondent.post('/questionnaires/member_state/start', '')).status).toBe(400)

    const reviewer = await browserFor(await createUser(t.services, 'reviewer'))
    expect((await reviewer.get('/questionnaires/city')).text).toContain(
      'Your account (Reviewer) can read answers once they are submitted',
    )
    expect((await request(t.app).get('/questionnaires/town')).status).toBe(404)
  })

  it('the start page says what the readiness bands mean, with the numbers of the definition file (issue #18)', async () => {
    for (const type of ['city', 'member_state'] as const) {
      const { high, medium } = JSON.parse(
        readFileSync(join(SEED_DIR_PATH, 'questionnaires', `${type}.v${currentVersion(type)}.json`), 'utf8'),
      ).readinessBands as { high: number; medium: number }
      const page = (await request(t.app).get(`/questionnaires/${type}`)).text
      expect(page).toContain(
        `An overall score of ${high} or more reads as high readiness, ${medium} to ${high - 1} as medium, and below ${medium} as low.`,
      )
      // Only a city can be a pilot city.
      expect(page.includes(`ready for a pilot when its overall score is ${high} or more`)).toBe(type === 'city')
    }
  })
})

/** The highest version in the seed folder of a type (the one the start page shows). */
function currentVersion(type: string): number {
  const versions = readdirSync(join(SEED_DIR_PATH, 'questionnaires'))
    .map((name) => new RegExp(`^${type}\\.v(\\d+)\\.json$`).exec(name)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
  return Math.max(...versions)
}

describe('answering, one section per page', () => {
  it('shows a section with progress, the version read, glossary links, and follow-ups hidden until relevant', async () => {
    const { ana, id } = await cityWithTwoColleagues()
    const res = await ana.get(`/responses/${id}/sections/2`)
    expect(res.status).toBe(200)
    expect(res.text).toContain('Section 2 of 8 · 0 of 38 answered')
    expect(res.text).toContain(
      '<progress max="38" value="0" data-total="38" data-answered="0" aria-labelledby="q-progress-text" aria-describedby="q-progress-note">',
    )
    expect(versionOf(res.text)).toBe(1)
    expect(res.text).toMatch(/<script src="\/assets\/questionnaire\.[0-9a-f]{12}\.js" defer><\/script>/)
    expect(res.text).toMatch(
      /id="q-investment_total-group" data-question="investment_total" data-type="amount" data-show-if="[^"]+" hidden>/,
    )
    expect(res.text).toContain('href="/glossary#temporary-protection" target="_blank" rel="noopener"')
    expect((await ana.get(`/responses/${id}/sections/9`)).status).toBe(404)
    // A page ignores a parameter it does not know (shared links carry such extras).
    expect((await ana.get(`/responses/${id}/sections/1?debug=1`)).status).toBe(200)
  })

  it('a wrong answer gets a message by the field and an error summary linking to it; what was typed stays', async () => {
    const { ana, id } = await cityWithTwoColleagues()
    const res = await ana.post(
      `/responses/${id}/sections/1`,
      '_version=1&population=lots&departments=housing&respondent_role=Mayor%27s+office',
    )
    expect(res.status).toBe(400)
    expect(res.text).toContain('<title>Error: Your city – section 1 of 8')
    expect(res.text).toContain(
      '<a href="#q-population">Enter a number using digits, for example 250000: “How many people live in your city or local authority area?”</a>',
    )
    expect(res.text).toMatch(
      /id="q-population" name="population" type="text" inputmode="numeric"[^>]*value="lots" aria-describedby="q-population-hint q-population-error" aria-invalid="true"/,
    )
    expect(res.text).toContain('value="Mayor&#x27;s office"')
    expect(res.text).toMatch(/id="q-departments-housing" name="departments" value="housing" checked/)
    // Nothing was saved.
    expect((await ana.get(`/responses/${id}`)).text).toContain('0 of 38 questions answered')
  })

  it('save and continue goes on; a "yes" that adds a follow-up keeps you on the page; save and come back later', async () => {
    const { ana, id } = await cityWithTwoColleagues()
    const first = await ana.post(
      `/responses/${id}/sections/1`,
      '_version=1&population=250+000&departments=housing&departments=finance_budget&_action=continue',
    )
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe(`/responses/${id}/sections/2`)
    const second = await ana.post(
      `/responses/${id}/sections/2`,
      '_version=2&challenges=Housing&policy_fields=housing&target_groups=refugees&has_planned_investment=yes',
    )
    expect(second.headers.location).toBe(`/responses/${id}/sections/2?added=1#q-investment_description`)
    const again = await ana.get(second.headers.location!)
    expect(again.text).toContain('Your answers added a question to this page')
    expect(again.text).toMatch(/id="q-investment_description-group"[^>]*data-show-if="[^"]+">/) // no longer hidden
    // With JavaScript, the follow-ups were already shown: no stop.
    const shown = await ana.post(
      `/responses/${id}/sections/2`,
      `_version=${versionOf(again.text)}&challenges=Housing&policy_fields=housing&target_groups=refugees&has_planned_investment=no&_shown=challenges,policy_fields`,
    )
    expect(shown.headers.location).toBe(`/responses/${id}/sections/3`)
    const later = await ana.post(
      `/responses/${id}/sections/3`,
      `_version=${versionOf(again.text) + 1}&expertise=basic&_action=later`,
    )
    expect(later.headers.location).toBe(`/responses/${id}?saved=1`)
    const check = await ana.get(later.headers.location!)
    expect(check.text).toContain('Your answers are saved. Come back at any time, from any device')
    expect(check.text).toContain('250,000 residents')
    expect((await ana.post(`/responses/${id}/sections/1`, '_version=5&population=1&isAdmin=1')).status).toBe(400)
  })

  it('two colleagues: a stale save is a 409 that shows their answer and yours, keeps yours in the form and saves nothing', async () => {
    const { ana, bo, id } = await cityWithTwoColleagues()
    await ana.post(`/responses/${id}/sections/1`, '_version=1&population=250000&departments=housing')
    const anaPage = await ana.get(`/responses/${id}/sections/1`)
    const read = versionOf(anaPage.text)
    // Bo saves the same section first.
    expect(
      (
        await bo.post(
          `/responses/${id}/sections/1`,
          `_version=${read}&population=300000&departments=housing&departments=health`,
        )
      ).status,
    ).toBe(303)
    // Ana saves from the page she read: another population, the departments untouched.
    const res = await ana.post(
      `/responses/${id}/sections/1`,
      `_version=${read}&population=260000&departments=housing&respondent_role=Integration+office`,
    )
    expect(res.status).toBe(409)
    expect(res.text).toContain('Someone else changed these answers')
    expect(res.text).toContain(
      `While you were working on this page, ${bo.user.name} saved changes to these answers. Nothing is lost`,
    )
    expect(res.text).toContain('<strong>Their answer:</strong> 300,000 residents')
    expect(res.text).toMatch(/id="q-population"[^>]*value="260000"/) // yours, still in the field
    expect(res.text).toMatch(/id="q-departments-health" name="departments" value="health" checked/) // only they changed it: theirs
    expect(res.text).toContain('value="Integration office"')
    expect(versionOf(res.text)).toBe(read + 1)
    const stored = await t.services.questionnaires.responses.read({ user: ana.user, via: 'token', tokenId: 'x' }, id)
    expect(stored.record.answers).toMatchObject({ population: 300000, departments: ['housing', 'health'] })
    // Saving again from the conflict page keeps what it shows.
    expect(
      (
        await ana.post(
          `/responses/${id}/sections/1`,
          `_version=${read + 1}&population=260000&departments=housing&departments=health&respondent_role=Integration+office`,
        )
      ).status,
    ).toBe(303)
  })

  it('a save that only crosses your own autosave is merged, not a conflict', async () => {
    const { ana, id } = await cityWithTwoColleagues()
    const page = await ana.get(`/responses/${id}/sections/1`)
    await apiSave(ana.user, id, { population: 123000 }) // the page's autosave
    const res = await ana.post(
      `/responses/${id}/sections/1`,
      `_version=${versionOf(page.text)}&population=123000&departments=housing`,
    )
    expect(res.status).toBe(303)
  })
})

describe('check your answers, submit, confirmation, matches, print and download', () => {
  it('submitting with answers missing lists each in an error summary that links to its question', async () => {
    const { ana, id } = await cityWithTwoColleagues()
    const res = await ana.post(`/responses/${id}/submit`, '_version=1')
    expect(res.status).toBe(400)
    expect(res.text).toContain('<title>Error: Check your answers')
    expect(res.text).toContain(
      `<a href="/responses/${id}/sections/1#q-population">Enter a number: “How many people live in your city or local authority area?”</a>`,
    )
    expect(res.text).toContain(`href="/responses/${id}/sections/3#q-expertise-none"`)
    expect(res.text).toContain('Not answered yet')
  })

  it('complete, check, submit, see the readiness profile and matches, print and download; change after submit', async () => {
    const { ana, bo, id } = await cityWithTwoColleagues()
    const version = await apiSave(ana.user, id, CITY_ANSWERS)
    const check = await ana.get(`/responses/${id}`)
    expect(check.text).toContain('Every required question is answered.')
    expect(check.text).toContain('<h2 id="section-needs">2. Needs and plans</h2>')
    expect(check.text).toContain(`href="/responses/${id}/sections/2#q-investment_total"`)
    expect(check.text).toContain(
      '<span class="visually-hidden"> – Roughly how much will it cost in total, in euros? (optional)</span>',
    )
    expect(check.text).toContain('EUR\u00a040,000,000')
    expect(check.text).toContain('4 out of 5 (from “No support” to “Strong support”)')
    const submitted = await ana.post(`/responses/${id}/submit`, `_version=${version}`)
    expect(submitted.status).toBe(303)
    expect(submitted.headers.location).toBe(`/responses/${id}/confirmation`)

    const confirmation = await ana.get(`/responses/${id}/confirmation`)
    expect(confirmation.status).toBe(200)
    expect(confirmation.text).toContain('Answers submitted')
    // Changed (issue #18, version 2): no points for merely answering.
    expect(confirmation.text).toContain('Overall readiness: 73 out of 100.')
    expect(confirmation.text).toMatch(
      /<th class="ecl-table__cell" scope="row"[^>]*><span>Knowledge<span class="q-dimension-text">[^<]+<\/span><\/span><\/th>\s*<td class="ecl-table__cell table__number"[^>]*>58 out of 100/,
    )
    expect(confirmation.text).toContain('Ask your finance department how much room your city has to borrow')
    expect(confirmation.text).toContain(`href="/responses/${id}/match"`)

    const match = await ana.get(`/responses/${id}/match`)
    expect(match.status).toBe(200)
    expect(match.text).toContain(`Financing options for ${'Ville'}`)
    expect(match.text).toContain('id="instrument-ranking"')
    expect(match.text).toContain('Overall readiness: 73 out of 100.')
    expect(match.text).not.toContain('id="share-link"') // the answers are the organisation's: no public link
    expect(match.text).toContain(`back-link" href="/responses/${id}">Back to your answers</a>`)

    const print = await ana.get(`/responses/${id}/print`)
    expect(print.status).toBe(200)
    expect(print.text).toContain('Submitted on')
    const csv = await ana.get(`/responses/${id}/download?format=csv`)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="answers-ville-[a-z0-9]+-city-v3\.csv"/)
    expect(csv.text).toContain(
      'Needs and plans,investment_total,"Roughly how much will it cost in total, in euros? (optional)","EUR\u00a040,000,000",40000000',
    )
    const json = await ana.get(`/responses/${id}/download?format=json`)
    expect(json.body.response).toMatchObject({ id, status: 'submitted', questionnaireVersion: 3 })
    expect((await ana.get(`/responses/${id}/download?format=xls`)).status).toBe(400)

    // A colleague changes an answer after submit: the page asks to submit the change.
    const section = await bo.get(`/responses/${id}/sections/1`)
    await bo.post(
      `/responses/${id}/sections/1`,
      `_version=${versionOf(section.text)}&population=251000&non_eu_citizens_share=12.5&newcomers_recent=4000&departments=integration_office&departments=social_affairs&departments=housing&departments=finance_budget&respondent_role=Head+of+the+integration+office`,
    )
    const changed = await ana.get(`/responses/${id}`)
    expect(changed.text).toContain('You changed answers since you submitted')
    expect(changed.text).toContain('Submit your changes')
  })

  it('consent lets DG HOME read the draft; reviewers see no change links', async () => {
    const { ana, id } = await cityWithTwoColleagues()
    const reviewer = await browserFor(await createUser(t.services, 'reviewer'))
    expect((await reviewer.get(`/responses/${id}`)).status).toBe(404)
    const res = await ana.post(`/responses/${id}/consent`, '_version=1&consent=yes')
    expect(res.headers.location).toBe(`/responses/${id}?consent=given#consent`)
    expect((await ana.get(res.headers.location!)).text).toContain('Saved: DG HOME may see your draft.')
    const seen = await reviewer.get(`/responses/${id}`)
    expect(seen.status).toBe(200)
    expect(seen.text).toContain('its authors agreed that DG HOME may see it')
    expect(seen.text).not.toContain('/sections/1#')
    expect((await reviewer.get(`/responses/${id}/sections/1`)).status).toBe(403)
    // A stale consent form is not applied.
    expect((await ana.post(`/responses/${id}/consent`, '_version=1&consent=no')).status).toBe(409)
  })

  it('once the review starts, the pages say so and keep what could not be saved', async () => {
    const { ana, id } = await cityWithTwoColleagues()
    const page = await ana.get(`/responses/${id}/sections/1`)
    await t.services.store
      .collection('responses')
      .updateOne({ _id: id }, { $set: { status: 'in_review', statusChangedAt: '2026-03-02T09:00:00.000Z' } })
    const post = await ana.post(
      `/responses/${id}/sections/1`,
      `_version=${versionOf(page.text)}&population=99000&departments=housing`,
    )
    expect(post.status).toBe(409)
    expect(post.text).toContain('These answers are being reviewed')
    expect(post.text).toContain('<dd class="ecl-description-list__definition">99000</dd>')
    const get = await ana.get(`/responses/${id}/sections/1`)
    expect(get.status).toBe(303)
    const check = await ana.get(`/responses/${id}`)
    expect(check.text).toContain('DG HOME started to review these answers on 2 March 2026')
    expect(check.text).not.toContain('id="submit-button"')
  })
})

describe('property: random forms never produce a 5xx', () => {
  it('random field names and values posted to a section page', async () => {
    const fc = (await import('fast-check')).default
    const { ana, id } = await cityWithTwoColleagues()
    const names = [
      'population',
      'migrant_share',
      'departments',
      'respondent_role',
      'challenges',
      'has_planned_investment',
      '_version',
      '_action',
      '_shown',
    ]
    const text = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('yes', 'no', '1', '250000', 'housing', 'none', ''),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 }),
        fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })), text), { maxLength: 8 }),
        async (section, pairs) => {
          const form = new URLSearchParams(pairs.filter(([name]) => name !== '_csrf'))
          const res = await ana.post(`/responses/${id}/sections/${section}`, form.toString())
          expect(res.status, res.text.slice(0, 200)).toBeLessThan(500)
        },
      ),
      { numRuns: 80 },
    )
  })
})
