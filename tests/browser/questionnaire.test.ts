import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { createUser, STRONG_PASSWORD } from '../helpers/accounts.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig } from './browser.js'

/**
 * A city officer answers the city questionnaire by keyboard alone (Tab, arrows, Space, Enter and
 * typing; no clicks, no focus() calls) across two sittings on two "devices" (browser contexts):
 * save and come back later, sign out, sign in elsewhere, resume, meet a colleague's conflicting
 * change, check the answers and submit. axe-core checks every page on the way, error and 409 states included.
 */

async function tabTo(page: Page, selector: string, maxPresses = 250): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`)
}

/** Tab to the radio group, then arrow keys to the option (the browser's own radio-group keyboard model). */
async function chooseRadio(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, `input[type="radio"][name="${name}"]`)
  for (let i = 0; i < 12; i++) {
    if ((await page.evaluate(() => (document.activeElement as HTMLInputElement).value)) === value) {
      await page.keyboard.press('Space')
      expect(await page.locator(`input[name="${name}"][value="${value}"]`).isChecked()).toBe(true)
      return
    }
    await page.keyboard.press('ArrowDown')
  }
  throw new Error(`No option ${value} for ${name}`)
}

async function tick(page: Page, name: string, ...values: string[]): Promise<void> {
  for (const value of values) {
    await tabTo(page, `#q-${name}-${value}`)
    await page.keyboard.press('Space')
    expect(await page.locator(`#q-${name}-${value}`).isChecked()).toBe(true)
  }
}

async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, `#q-${id}`)
  await page.keyboard.press('Control+A')
  await page.keyboard.type(text)
}

/** Presses Enter on the focused control and waits for the next page to load. */
async function enterAndLoad(page: Page): Promise<void> {
  const navigated = page.waitForEvent('framenavigated')
  await page.keyboard.press('Enter')
  await navigated
  await page.waitForLoadState('load')
}

async function press(page: Page, selector: string): Promise<void> {
  await tabTo(page, selector)
  await enterAndLoad(page)
}

async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([])
}

async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await tabTo(page, '#email')
  await page.keyboard.type(email)
  await tabTo(page, '#password')
  await page.keyboard.type(STRONG_PASSWORD)
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.keyboard.press('Enter')])
}

const progress = (page: Page) => page.locator('.q-progress__text').textContent()

describe.skipIf(!browserAvailable)('questionnaire in Chromium', () => {
  let rig: BrowserRig
  let officer: User
  let colleague: User
  beforeAll(async () => {
    rig = await startRig()
    officer = await createUser(rig.app.services, 'respondent', 'Gemeente Utrecht')
    colleague = await createUser(rig.app.services, 'respondent', 'Gemeente Utrecht')
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  it('completes the city questionnaire by keyboard across two sittings, with axe clean on every page', async () => {
    // ---- first sitting ---------------------------------------------------------------------------
    const page = await rig.newPage()
    await signIn(page, rig.baseUrl, officer.email)
    await press(page, 'a.site-nav__link[href="/questionnaires"]')
    await expectAxeClean(page)
    await press(page, 'a[href="/questionnaires/city"]')
    expect(await page.locator('h1').textContent()).toBe('Questionnaire for cities and local authorities')
    await expectAxeClean(page)
    await press(page, '#start button[type=submit]')
    expect(page.url()).toMatch(/\/responses\/[0-9a-f-]+\/sections\/1$/)
    const responseUrl = page.url().replace(/\/sections\/1$/, '')
    expect(await progress(page)).toBe('Section 1 of 8 · 0 of 38 answered')
    await expectAxeClean(page)

    // Section 1: a wrong number first: the error summary is focused and links to the field.
    await typeInto(page, 'population', 'lots')
    await press(page, 'button[value="continue"]')
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true)
    expect(await page.title()).toMatch(/^Error: Your city/)
    await expectAxeClean(page)
    await tabTo(page, '.error-summary a[href="#q-population"]')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#q-population')
    await typeInto(page, 'population', '345 000')
    await tick(page, 'departments', 'integration_office', 'finance_budget')
    await press(page, 'button[value="continue"]')
    expect(page.url()).toMatch(/\/sections\/2$/)
    await expectAxeClean(page)

    // Section 2: a "yes" shows the follow-up questions at once (JavaScript), and autosave says when it saved.
    await typeInto(page, 'challenges', 'Refugee families wait two years for social housing.')
    await tick(page, 'policy_fields', 'employment', 'housing')
    await tick(page, 'target_groups', 'refugees')
    expect(await page.locator('#q-investment_description-group').isHidden()).toBe(true)
    await chooseRadio(page, 'has_planned_investment', 'yes')
    await expect.poll(() => page.locator('#q-investment_description-group').isVisible()).toBe(true)
    await expect
      .poll(() => page.locator('#autosave-status').textContent(), { timeout: 10_000 })
      .toMatch(/^Saved at \d\d:\d\d Brussels time\./)
    await typeInto(
      page,
      'investment_description',
      'Sixty social flats for refugee families, with a job coaching office on the ground floor.',
    )
    await typeInto(page, 'investment_total', '18 000 000')
    await chooseRadio(page, 'investment_stage', 'design')
    await chooseRadio(page, 'repayment_source', 'user_fees')
    await expectAxeClean(page)
    // Save and come back later, then sign out.
    await press(page, 'button[value="later"]')
    expect(page.url()).toBe(`${responseUrl}?saved=1`)
    expect(await page.locator('.ecl-notification--success').textContent()).toContain('Your answers are saved')
    await expectAxeClean(page)
    await press(page, '.account-bar button[type="submit"]')
    expect(page.url()).toBe(`${rig.baseUrl}/`)
    await page.close()

    // ---- second sitting, another device ----------------------------------------------------------
    const device = await rig.browser.newContext()
    const second = await device.newPage()
    await signIn(second, rig.baseUrl, officer.email)
    await press(second, 'a.site-nav__link[href="/questionnaires"]')
    await press(second, 'a[href="/questionnaires/city"]')
    expect(await second.locator('.q-start').textContent()).toContain('Draft')
    await expectAxeClean(second)
    await press(second, '#continue-link')
    expect(second.url()).toBe(`${responseUrl}/sections/3`)
    expect(await progress(second)).toBe('Section 3 of 8 · 10 of 46 answered')
    await expectAxeClean(second)

    // Section 3.
    await tick(second, 'instruments_known', 'loan', 'guarantee')
    await tick(second, 'instruments_used', 'none')
    await tick(second, 'funds_used', 'amif', 'esf-plus')
    await chooseRadio(second, 'expertise', 'basic')
    await press(second, 'button[value="continue"]')
    expect(second.url()).toMatch(/\/sections\/4$/)
    await expectAxeClean(second)

    // Section 4: meanwhile a colleague answers the borrowing question differently.
    const principal = { user: colleague, via: 'token' as const, tokenId: 'colleague' }
    const service = rig.app.services.questionnaires.responses
    const id = responseUrl.split('/').pop()!
    const current = await service.read(principal, id)
    await service.save(principal, id, {
      answers: new Map([['borrowing_room', 'available']]),
      version: current.record.version,
    })
    await chooseRadio(second, 'borrowing_room', 'limited')
    await expect
      .poll(() => second.locator('#autosave-status').textContent(), { timeout: 10_000 })
      .toContain('Someone else changed an answer you are changing')
    await chooseRadio(second, 'cofinancing', 'yes')
    await chooseRadio(second, 'staff_time', '3')
    await chooseRadio(second, 'results_contracts', 'no')
    await chooseRadio(second, 'data_target_groups', 'some')
    await chooseRadio(second, 'outcomes_measured', 'yes')
    await tick(second, 'partners', 'national_promotional_bank', 'ngos')
    await chooseRadio(second, 'partner_agreements', 'yes')
    await press(second, 'button[value="continue"]')
    // 409: their answer and yours, yours kept in the form, nothing else lost.
    expect(second.url()).toMatch(/\/sections\/4$/)
    await expect
      .poll(() => second.evaluate(() => document.activeElement?.getAttribute('aria-labelledby') === 'conflict-title'))
      .toBe(true)
    expect(await second.locator('.q-note.ecl-notification--warning').textContent()).toContain(
      'Their answer: Yes: we have room to borrow',
    )
    expect(await second.locator('#q-borrowing_room-limited').isChecked()).toBe(true)
    expect(await second.locator('#q-partner_agreements-yes').isChecked()).toBe(true)
    await expectAxeClean(second)
    await press(second, 'button[value="continue"]')
    expect(second.url()).toMatch(/\/sections\/5$/)
    await expectAxeClean(second)

    // Section 5 (debt rules and decisions, all optional in version 2): left for later.
    await press(second, 'button[value="continue"]')
    expect(second.url()).toMatch(/\/sections\/6$/)
    await expectAxeClean(second)

    // Section 6.
    await tick(second, 'instruments_interest', 'loan', 'blending')
    await chooseRadio(second, 'blending_interest', 'yes')
    await chooseRadio(second, 'pilot_interest', 'maybe')
    await chooseRadio(second, 'bank_contact', 'no')
    await tick(second, 'support_wanted', 'guidance', 'peer_exchange')
    await press(second, 'button[value="continue"]')
    expect(second.url()).toMatch(/\/sections\/7$/)
    await expectAxeClean(second)

    // Section 7.
    await tick(second, 'barriers', 'knowledge', 'staff')
    await chooseRadio(second, 'political_support', '4')
    await chooseRadio(second, 'good_practice', 'no')
    await press(second, 'button[value="continue"]')
    expect(second.url()).toMatch(/\/sections\/8$/)
    await expectAxeClean(second)

    // Section 8 (consent to be contacted, optional), then check the answers.
    await press(second, 'button[value="continue"]')
    expect(second.url()).toBe(responseUrl)
    expect(await second.locator('main').textContent()).toContain('Every required question is answered.')
    expect(await second.locator('#answer-population').textContent()).toContain('345,000 residents')
    expect(await second.locator('#answer-borrowing_room').textContent()).toContain(
      'A little: our room to borrow is limited',
    )
    await expectAxeClean(second)

    // Submit: the confirmation shows the readiness profile; then the matches and the print view.
    await press(second, '#submit-button')
    expect(second.url()).toBe(`${responseUrl}/confirmation`)
    expect(await second.locator('h1').textContent()).toBe('Answers submitted')
    expect(await second.locator('#readiness-knowledge').textContent()).toMatch(/\d+ out of 100/)
    await expectAxeClean(second)
    await press(second, '#match-link')
    expect(second.url()).toBe(`${responseUrl}/match`)
    expect(await second.locator('#instrument-ranking > li').count()).toBe(8)
    await expectAxeClean(second)
    await second.goto(`${responseUrl}/print`)
    await expectAxeClean(second)
    await second.goto(responseUrl)
    expect(await second.locator('#response-status').textContent()).toBe('Submitted')
    await device.close()

    const stored = await service.read(principal, id)
    expect(stored.record).toMatchObject({
      status: 'submitted',
      answers: { population: 345000, borrowing_room: 'limited', investment_total: 18000000 },
    })
  }, 240_000)

  it('the check page with missing answers after a failed submit, and a match page that needs answers, pass axe', async () => {
    // Its own browser context: the first test's officer is still signed in in the shared one.
    const context = await rig.browser.newContext()
    const page = await context.newPage()
    const user = await createUser(rig.app.services, 'respondent', 'Comune di Torino')
    await signIn(page, rig.baseUrl, user.email)
    await page.goto(`${rig.baseUrl}/questionnaires/city`)
    await press(page, '#start button[type=submit]')
    const responseUrl = page.url().replace(/\/sections\/1$/, '')
    await page.goto(responseUrl)
    await press(page, '#submit-button')
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true)
    const city = (await rig.app.services.questionnaires.responses.currentDefinition('city'))!
    const required = city.sections.flatMap((s) => s.questions).filter((q) => q.required && !q.showIf).length
    expect(await page.locator('.error-summary li').count()).toBe(required)
    await expectAxeClean(page)
    await page.goto(`${responseUrl}/match`)
    expect(await page.locator('h1').textContent()).toBe('Answer a few more questions to see your financing options')
    await expectAxeClean(page)
    for (const type of ['member_state', 'financial_intermediary', 'service_provider']) {
      await page.goto(`${rig.baseUrl}/questionnaires/${type}`)
      await expectAxeClean(page)
    }
    await context.close()
  }, 120_000)
})
