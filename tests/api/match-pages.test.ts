import fc from 'fast-check'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MATCH_FIELDS } from '../../src/matching/match-form.js'
import { FUNDS, INSTRUMENTS } from '../../src/shared/codelists.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { EXAMPLE_NEEDS_PROFILE } from '../../src/matching/needs-profile.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

const STEP_ANSWERS = [
  'respondentType=city&country=DE',
  'policyFields=housing&targetGroups=refugees&spendingType=buildings_equipment',
  'investmentSizeEur=40000000&revenueModel=user_fees&outcomesMeasurable=no',
  'borrowingCapacity=available&financialExpertise=experienced&cofinancingAvailable=yes',
  'partners=national_promotional_bank',
]
const ALL = STEP_ANSWERS.join('&')
const get = (path: string) => request(t.app).get(path)
const unescape = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')

/** Slugs in the order the result page lists them. */
function ranking(html: string, kind: 'instrument' | 'fund'): string[] {
  return [...html.matchAll(new RegExp(`<li class="match-option match-option--\\w+" id="${kind}-([a-z-]+)"`, 'g'))].map(
    (m) => m[1]!,
  )
}

describe('the /match wizard', () => {
  it('step 1 explains itself, shows progress and works without an account', async () => {
    const res = await get('/match')
    expect(res.status).toBe(200)
    expect(res.text).toContain('Step 1 of 5')
    expect(res.text).toContain('<title>Step 1 of 5: Who you are')
    expect(res.text).toContain('<form class="match-form" action="/match/next" method="get">')
    expect(res.text).toContain('name="from" value="1"')
    expect(res.text).toContain('type="radio" id="respondentType-city" name="respondentType" value="city"')
    expect(res.text).toContain('<select class="ecl-select" id="country" name="country"')
    expect(res.text).toContain('No account needed')
    expect(res.text).toMatch(/<a class="site-nav__link" href="\/match" aria-current="page">Match<\/a>/)
    expect(res.text).not.toContain('back-link"')
  })

  const stepChecks: [number, string, string[]][] = [
    [1, 'Who you are', ['respondentType', 'country']],
    [2, 'What the money is for', ['policyFields', 'spendingType', 'targetGroups']],
    [3, 'The investment', ['investmentSizeEur', 'ticketSizeEur', 'revenueModel', 'outcomesMeasurable']],
    [4, 'What you can take on', ['borrowingCapacity', 'financialExpertise', 'cofinancingAvailable']],
    [5, 'Who you work with', ['partners']],
  ]
  it.each(stepChecks)(
    'step %i (%s) renders its questions, carries the other answers and links back',
    async (step, heading, fields) => {
      const res = await get(`/match?step=${step}&${ALL}`)
      expect(res.status).toBe(200)
      expect(res.text).toContain(`Step ${step} of 5`)
      expect(res.text).toMatch(new RegExp(`<h1[^>]*>${heading}</h1>`))
      for (const field of fields) expect(res.text).toMatch(new RegExp(`id="${field}(-[a-z_]+)?"`))
      for (const field of MATCH_FIELDS.filter((f) => !fields.includes(f))) {
        if (field === 'ticketSizeEur') continue
        expect(res.text, `hidden ${field}`).toMatch(new RegExp(`<input type="hidden" name="${field}" value="[^"]+">`))
      }
      for (const field of fields) expect(res.text).not.toContain(`type="hidden" name="${field}"`)
      if (step > 1) expect(unescape(res.text)).toContain(`back-link" href="/match?step=${step - 1}&`)
      expect(res.text).toContain(step === 5 ? 'See my matches' : 'Continue')
      expect(res.text).toMatch(/<span aria-current="step">/)
    },
  )

  it('pre-fills the answers given so far', async () => {
    const res = await get(`/match?step=3&${ALL}`)
    expect(res.text).toContain(
      'id="investmentSizeEur" name="investmentSizeEur" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" value="40000000"',
    )
    expect(res.text).toContain('id="revenueModel-user_fees" name="revenueModel" value="user_fees" checked')
    expect(res.text).toContain('id="outcomesMeasurable-no" name="outcomesMeasurable" value="no" checked')
  })

  it('links glossary terms where a question uses one', async () => {
    const res = await get('/match?step=3')
    expect(res.text).toContain('href="/glossary#social-outcomes-contract"')
    const glossary = await get('/glossary')
    expect(glossary.text).toContain('id="social-outcomes-contract"')
  })

  it('goes to the next step with the answers in canonical form', async () => {
    const res = await get('/match/next?from=1&respondentType=city&country=de')
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/match?step=2&respondentType=city&country=DE')
    const amounts = await get(
      `/match/next?from=3&${STEP_ANSWERS.slice(0, 2).join('&')}&investmentSizeEur=2+500+000&ticketSizeEur=&revenueModel=none&outcomesMeasurable=yes`,
    )
    expect(amounts.status).toBe(303)
    expect(amounts.headers.location).toContain('investmentSizeEur=2500000')
    expect(amounts.headers.location).not.toContain('ticketSizeEur')
    expect(amounts.headers.location).toMatch(/^\/match\?step=4&/)
  })

  it('ends on the result page after the last step', async () => {
    const res = await get(`/match/next?from=5&${ALL}`)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/match/result?${ALL}`)
  })

  it('shows errors per field and an error summary linking to each field', async () => {
    const res = await get('/match/next?from=1')
    expect(res.status).toBe(400)
    expect(res.text).toContain('<title>Error: Step 1 of 5: Who you are')
    expect(res.text).toContain('There is a problem')
    expect(res.text).toContain('<a href="#respondentType-city">Choose who you answer for</a>')
    expect(res.text).toContain('<a href="#country">Choose the country of the project</a>')
    expect(res.text).toContain('id="respondentType-error"')
    expect(res.text).toContain('aria-describedby="country-hint country-error" aria-invalid="true"')
  })

  it('keeps what was typed when an amount is not valid', async () => {
    const res = await get(
      `/match/next?from=3&${STEP_ANSWERS.slice(0, 2).join('&')}&investmentSizeEur=two+million&revenueModel=none&outcomesMeasurable=yes`,
    )
    expect(res.status).toBe(400)
    expect(res.text).toContain('<a href="#investmentSizeEur">Enter the amount in whole euros')
    expect(res.text).toContain('value="two million"')
    expect(res.text).toContain('id="revenueModel-none" name="revenueModel" value="none" checked')
  })

  it('sends you back to an earlier step whose answers are missing', async () => {
    const res = await get('/match/next?from=3&policyFields=housing&revenueModel=none&outcomesMeasurable=yes')
    expect(res.status).toBe(400)
    expect(res.text).toContain('Step 1 of 5')
    expect(res.text).toContain('Choose who you answer for')
  })

  it('requires at least one policy field but no target group', async () => {
    const none = await get(`/match/next?from=2&${STEP_ANSWERS[0]}`)
    expect(none.status).toBe(400)
    expect(none.text).toContain(
      '<a href="#policyFields-employment">Choose at least one thing the money will pay for</a>',
    )
    expect(none.text).not.toContain('targetGroups-error')
    const fieldOnly = await get(`/match/next?from=2&${STEP_ANSWERS[0]}&policyFields=housing`)
    expect(fieldOnly.status).toBe(303)
  })

  it.each([
    '/match?step=9',
    '/match?step=two',
    '/match/result?city=Berlin',
    '/match/next?from=0',
    '/match/result?__proto__=x&constructor=y',
  ])('%s is a 400 page, not a crash', async (path) => {
    const res = await get(path)
    expect(res.status).toBe(400)
    expect(res.text).toContain('There is a problem')
  })

  // A page ignores parameters it does not know (a shared link's extras); the JSON API refuses them.
  it.each(['/match?mayor=yes', '/match?toString=1', '/match?__proto__=x'])(
    '%s ignores the unknown parameter',
    async (path) => {
      expect((await get(path)).status).toBe(200)
    },
  )
})

describe('the match result page', () => {
  it('lists all 8 instruments and 9 funds in the API order, with fit in words, scores and reasons', async () => {
    const res = await get(`/match/result?${ALL}`)
    expect(res.status).toBe(200)
    expect(res.text).toMatch(/<h1[^>]*>Your financing options<\/h1>/)
    const api = (
      await request(t.app)
        .post('/api/v1/match')
        .send({ ...EXAMPLE_NEEDS_PROFILE, spendingType: 'buildings_equipment' })
    ).body
    expect(ranking(res.text, 'instrument')).toHaveLength(INSTRUMENTS.length)
    expect(ranking(res.text, 'fund')).toHaveLength(FUNDS.length)
    expect(ranking(res.text, 'instrument')).toEqual(api.instruments.map((i: { slug: string }) => i.slug))
    expect(ranking(res.text, 'fund')).toEqual(api.funds.map((f: { slug: string }) => f.slug))
    for (const option of [...api.instruments, ...api.funds]) expect(res.text).toContain(`${option.score} out of 100`)
    expect(res.text).toContain(
      '<span class="fit fit--strong"><span class="visually-hidden">Fit: </span>Strong fit</span>',
    )
    expect(res.text).toContain('<strong class="reason__effect">Raises the score:</strong>')
    expect(res.text).toContain('<strong class="reason__effect">Lowers the score:</strong>')
    expect(res.text).toContain('<strong class="reason__effect">Rules it out:</strong>')
    expect(res.text).toContain('To close the gaps')
    expect(res.text).toContain('href="/instruments/loan"')
    expect(res.text).toContain('href="/funds/ceb"')
  })

  it('shows readiness, financing mixes, similar cases with the why, and advisory routes', async () => {
    const res = await get(`/match/result?${ALL}`)
    expect(res.text).toContain('Overall readiness: ')
    expect(res.text).toMatch(
      /<th class="ecl-table__cell" scope="row" data-ecl-table-header="[^"]+">Knowledge<\/th><td class="ecl-table__cell table__number" data-ecl-table-header="[^"]+">100 /,
    )
    expect(res.text).toContain('Financing mixes that fit')
    expect(res.text).toMatch(/<li class="match-mix">\s*<h3>[^<]+<\/h3>/)
    expect(res.text).toMatch(
      /<li><a href="\/investments\/[a-z0-9-]+">[^<]+<\/a><p><strong>Why this case:<\/strong> [^<]+<\/p><\/li>/,
    )
    expect(res.text).toMatch(
      /<a href="https:\/\/[^"]+" rel="noopener noreferrer">[^<]+<\/a> <span class="hint">\(external site\)<\/span>/,
    )
  })

  it('summarises the answers with change links into the wizard, and offers a share link', async () => {
    const res = await get(`/match/result?${ALL}`)
    const html = unescape(res.text)
    expect(html).toContain('<dd class="ecl-description-list__definition">EUR\u00a040,000,000 <a ')
    expect(html).toContain('<dd class="ecl-description-list__definition">Mainly buildings and equipment <a ')
    expect(html).toContain(`href="/match?step=3&${ALL}#investmentSizeEur"`)
    expect(html).toContain(`<a href="/match/result?${ALL}" id="share-link">Link to this result</a>`)
    expect(html).toMatch(new RegExp(`http://127\\.0\\.0\\.1(:\\d+)?/match/result\\?${ALL.replace(/\?/g, '\\?')}`))
  })

  it('has a what-if form with every answer filled in', async () => {
    const res = await get(`/match/result?${ALL}`)
    const whatIf = res.text.slice(res.text.indexOf('id="what-if"'))
    expect(whatIf).toContain('<form class="match-form" action="/match/result" method="get">')
    expect(whatIf).toContain('value="city" checked')
    expect(whatIf).toContain('<option value="DE" selected>Germany</option>')
    expect(whatIf).toContain('value="housing" checked')
    expect(whatIf).toContain('value="40000000"')
    expect(whatIf).toContain('value="user_fees" checked')
    expect(whatIf).toContain('value="national_promotional_bank" checked')
    expect(whatIf).toContain('Update my matches')
  })

  // Changed (issue #11): a city with room to borrow repays from its budget; the what-if that moves the
  // loan down is now a service provider's, whose loan needs revenue.
  it("what-if: no revenue instead of user fees moves a service provider's loan down", async () => {
    const provider = ALL.replace('respondentType=city', 'respondentType=service_provider')
    const fees = await get(`/match/result?${provider}`)
    const none = await get(`/match/result?${provider.replace('revenueModel=user_fees', 'revenueModel=none')}`)
    expect(none.status).toBe(200)
    const before = ranking(fees.text, 'instrument')
    const after = ranking(none.text, 'instrument')
    expect(before).not.toEqual(after)
    expect(before.indexOf('loan')).toBe(0)
    expect(after.indexOf('loan')).toBeGreaterThan(0)
    expect(none.text).toContain('Nothing would repay your loan')
  })

  it('what-if: a city with no revenue is told it repays a loan from its budget', async () => {
    const none = await get(`/match/result?${ALL.replace('revenueModel=user_fees', 'revenueModel=none')}`)
    expect(ranking(none.text, 'instrument')[0]).toBe('loan')
    expect(none.text).toContain('As a public borrower with room to borrow, you repay a loan from your budget')
  })

  it('links the rules page from the result and every reason to its rule there', async () => {
    const res = await get(`/match/result?${ALL}`)
    expect(res.text).toContain(
      '<a href="/match/rules">How the matcher decides: every rule, its weight and its source</a>',
    )
    const links = [...res.text.matchAll(/<a class="reason__rule" href="\/match\/rules#([^"]+)">/g)].map((m) => m[1]!)
    expect(links.length).toBeGreaterThan(30)
    const page = await get('/match/rules')
    expect(page.status).toBe(200)
    for (const id of new Set(links)) expect(page.text, id).toContain(`id="${id}"`)
  })

  it('shows a notice at the top for a country outside every list, and keeps EU funds out of every mix', async () => {
    const res = await get(`/match/result?${ALL.replace('country=DE', 'country=GB')}`)
    const notices = res.text.slice(res.text.indexOf('id="notices"'), res.text.indexOf('id="answers"'))
    expect(notices).toContain(
      'United Kingdom is not an EU Member State, not a member of the Council of Europe Development Bank',
    )
    expect(ranking(res.text, 'fund').slice(-8)).toEqual(
      expect.arrayContaining(['amif', 'esf-plus', 'erdf', 'emfaf', 'investeu', 'cerv', 'ceb', 'eif']),
    )
  })

  it("refuses an unknown country and a ticket larger than the project with the API's messages", async () => {
    const country = await get(`/match/next?from=1&respondentType=city&country=XX`)
    expect(country.status).toBe(400)
    expect(country.text).toContain('Choose the country of the project')
    const ticket = await get(
      `/match/next?from=3&${STEP_ANSWERS.slice(0, 2).join('&')}&investmentSizeEur=100000&ticketSizeEur=200000&revenueModel=none&outcomesMeasurable=yes`,
    )
    expect(ticket.status).toBe(400)
    expect(ticket.text).toContain('The size of each loan or investment cannot be larger than the whole project')
  })

  it('is the same page for the same answers in another order (shareable, canonical)', async () => {
    const reordered = `${STEP_ANSWERS.slice().reverse().join('&')}`
    const a = await get(`/match/result?${ALL}`)
    const b = await get(`/match/result?${reordered}`)
    expect(b.status).toBe(200)
    const main = (html: string) => html.slice(html.indexOf('id="answers"'), html.indexOf('</main>'))
    expect(main(b.text)).toBe(main(a.text))
  })

  it('with missing or invalid answers shows every question and the problems', async () => {
    const res = await get('/match/result?respondentType=city&country=DE&investmentSizeEur=lots')
    expect(res.status).toBe(400)
    expect(res.text).toMatch(/<h1[^>]*>Check your answers<\/h1>/)
    expect(res.text).toContain('<a href="#policyFields-employment">')
    expect(res.text).toContain('<a href="#investmentSizeEur">')
    expect(res.text).toContain('<a href="#revenueModel-none">')
    expect(res.text).toContain('value="lots"')
    expect(res.text).toContain('value="city" checked')
    expect(res.text).not.toContain('<a href="#respondentType')
  })

  it('is linked from the home page', async () => {
    const res = await get('/')
    expect(res.text).toContain('<a class="ecl-link ecl-link--standalone" href="/match">Find financing that fits</a>')
    expect(res.text).toContain('href="/match">Match</a>')
  })
})

describe('match pages, property: any query string gives a page, never a 5xx', () => {
  const name = fc.oneof(fc.constantFrom(...MATCH_FIELDS, 'step', 'from'), fc.string({ maxLength: 8 }))
  const value = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('city', 'DE', 'housing', 'yes', 'no', '1', '5', '99', '', '-1', '1e9', 'none'),
  )
  it('on /match, /match/next and /match/result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/match', '/match/next', '/match/result'),
        fc.array(fc.tuple(name, value), { maxLength: 14 }),
        async (path, pairs) => {
          const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
          const res = await get(`${path}?${query}`)
          expect(res.status, `${path}?${query}`).toBeLessThan(500)
          expect([200, 303, 400]).toContain(res.status)
        },
      ),
      { numRuns: 200 },
    )
  })
})
