import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, STRONG_PASSWORD } from '../helpers/accounts.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig, tick } from './browser.js'

/** Presses Tab until the focused element matches `selector` (the keyboard's own route to it). */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`${selector} is not reachable with the Tab key`)
}

async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([])
}

describe.skipIf(!browserAvailable)('accounts in Chromium', () => {
  let rig: BrowserRig
  beforeAll(async () => {
    rig = await startRig()
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  it('register, sign out, sign in and sign out again, by keyboard alone', async () => {
    const page = await rig.newPage()
    const email = `keyboard.${Date.now()}@bologna.example`
    await page.goto(`${rig.baseUrl}/`)

    // Header link to the registration form.
    await tabTo(page, 'a[href="/register"]')
    await Promise.all([page.waitForURL(/\/register$/), page.keyboard.press('Enter')])
    await expectAxeClean(page)

    // Submitting the empty form shows the error summary, focused, and linked to the fields.
    await tabTo(page, 'form[action="/register"] button[type="submit"]')
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain('error-summary')
    expect(await page.title()).toMatch(/^Error: Create an account/)
    await expectAxeClean(page)
    await tabTo(page, '.error-summary a[href="#name"]')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#name')

    // Fill the form with the keyboard.
    await tabTo(page, '#name')
    await page.keyboard.type('Giulia Keyboard')
    await tabTo(page, '#email')
    await page.keyboard.type(email)
    await tabTo(page, '#password')
    await page.keyboard.type(STRONG_PASSWORD)
    await tabTo(page, '#organisation')
    await page.keyboard.type('Comune di Bologna')
    await tabTo(page, 'input[name="respondentType"]')
    await page.keyboard.press('Space')
    expect(await page.locator('#respondentType-city').isChecked()).toBe(true)
    await tabTo(page, '#country')
    await page.keyboard.type('Italy')
    expect(await page.locator('#country').inputValue()).toBe('IT')
    await tabTo(page, 'form[action="/register"] button[type="submit"]')
    // The same answer whether or not the email had an account: sign in next (ADR 034).
    await Promise.all([page.waitForURL(/\/login\?registered=1$/), page.keyboard.press('Enter')])
    expect(await page.locator('.ecl-notification--success').textContent()).toContain(
      'Sign in with your email address and the password you chose',
    )
    await expectAxeClean(page)
    await tabTo(page, '#email')
    await page.keyboard.type(email)
    await tabTo(page, '#password')
    await page.keyboard.type(STRONG_PASSWORD)
    await Promise.all([page.waitForURL(/\/questionnaires\/city$/), page.keyboard.press('Enter')])
    expect(await page.locator('.account-bar__who').textContent()).toBe('Signed in as Giulia Keyboard')
    // A respondent lands on its organisation's questionnaire (issue #12, "Where am I?").
    await expectAxeClean(page)
    await page.goto(`${rig.baseUrl}/account`)
    expect(await page.locator('main').textContent()).toContain('Comune di Bologna')
    await expectAxeClean(page)

    // Sign out with the header button.
    await page.keyboard.press('Home')
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await tabTo(page, '.account-bar button[type="submit"]')
    await Promise.all([page.waitForURL(`${rig.baseUrl}/`), page.keyboard.press('Enter')])
    expect(await page.locator('.account-bar__who').count()).toBe(0)

    // Sign in: a wrong password first, then the right one.
    await tabTo(page, 'a[href="/login"]')
    await Promise.all([page.waitForURL(/\/login$/), page.keyboard.press('Enter')])
    await expectAxeClean(page)
    await tabTo(page, '#email')
    await page.keyboard.type(email)
    await tabTo(page, '#password')
    await page.keyboard.type('not the password')
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await expect
      .poll(() => page.locator('.error-summary').textContent())
      .toContain('Enter a correct email address and password')
    await expectAxeClean(page)
    await tabTo(page, '#password')
    await page.keyboard.type(STRONG_PASSWORD)
    await Promise.all([page.waitForURL(/\/questionnaires\/city$/), page.keyboard.press('Enter')])
    expect(await page.locator('.account-bar__who').textContent()).toBe('Signed in as Giulia Keyboard')

    // Sign out again.
    await tabTo(page, '.account-bar button[type="submit"]')
    await Promise.all([page.waitForURL(`${rig.baseUrl}/`), page.keyboard.press('Enter')])
    await page.goto(`${rig.baseUrl}/account`)
    expect(page.url()).toBe(`${rig.baseUrl}/login?returnTo=%2Faccount`)
    await page.close()
  })

  it('account forms (token, invitation, password) and their error states pass axe', async () => {
    const page = await rig.newPage()
    const user = await createUser(rig.app.services, 'respondent', 'Ville de Lyon')
    await signIn(page, user.email)
    await page.locator('#token-name').fill('reporting script')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Create token' }).click()])
    expect(await page.locator('#new-token').textContent()).toMatch(/^fii_/)
    await expectAxeClean(page)
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Create an invitation link' }).click(),
    ])
    const link = (await page.locator('#invitation-link').textContent())!
    await expectAxeClean(page)
    await page.locator('#current-password').fill('wrong password!!')
    await page.locator('#new-password').fill('short')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Change password' }).click()])
    expect(await page.locator('.error-summary').textContent()).toContain('at least 12 characters')
    await expectAxeClean(page)
    await page.goto(`${rig.baseUrl}/logout`)
    await expectAxeClean(page)
    await Promise.all([
      page.waitForURL(`${rig.baseUrl}/`),
      page.getByRole('main').getByRole('button', { name: 'Sign out' }).click(),
    ])
    await page.goto(link)
    expect(await page.locator('h1').textContent()).toBe('Join Ville de Lyon')
    await expectAxeClean(page)
    await page.close()
  })

  it('the admin pages pass axe', async () => {
    const page = await rig.newPage()
    const admin = await createUser(rig.app.services, 'admin')
    await createUser(rig.app.services, 'curator')
    await signIn(page, admin.email)
    await page.goto(`${rig.baseUrl}/admin/audit`)
    expect(await page.locator('h1').textContent()).toBe('Audit log')
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(0)
    await expectAxeClean(page)
    await page.goto(`${rig.baseUrl}/admin/users`)
    await expectAxeClean(page)
    await page.locator('table select[name="role"]').first().selectOption('reviewer')
    await Promise.all([
      page.waitForLoadState('load'),
      page
        .getByRole('button', { name: /^Change role/ })
        .first()
        .click(),
    ])
    expect(await page.locator('.ecl-notification--success').textContent()).toContain('is now: Reviewer')
    await expectAxeClean(page)
    await page.goto(`${rig.baseUrl}/admin/storage`)
    expect(await page.locator('h1').textContent()).toBe('Storage and operations')
    expect(await page.locator('main').textContent()).toContain('No record was left out when the store was opened.')
    expect(await page.getByRole('link', { name: 'Download a backup' }).getAttribute('href')).toBe('/admin/backup')
    await expectAxeClean(page)
    await page.setViewportSize({ width: 390, height: 844 })
    await expectAxeClean(page)
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(`${rig.baseUrl}/admin/users`)
    // A staff invitation (issue #13.10): the link, then the page it opens.
    await tick(page.locator('#invite-role-curator'))
    await page.locator('#invite-affiliation').fill('DG HOME')
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Create an invitation link' }).click(),
    ])
    expect(await page.locator('.ecl-notification--success h2').first().textContent()).toBe(
      'Invitation link for a new Curator account',
    )
    await expectAxeClean(page)
    const link = (await page.locator('#invitation-link').textContent())!
    await page.goto(`${rig.baseUrl}/logout`)
    await Promise.all([
      page.waitForURL(`${rig.baseUrl}/`),
      page.getByRole('main').getByRole('button', { name: 'Sign out' }).click(),
    ])
    await page.goto(link)
    expect(await page.locator('h1').textContent()).toBe('Create your account: Curator')
    await expectAxeClean(page)
    await page.close()
  })

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(`${rig.baseUrl}/login?returnTo=%2Faccount`)
    await page.locator('#email').fill(email)
    await page.locator('#password').fill(STRONG_PASSWORD)
    await Promise.all([page.waitForURL(/\/account$/), page.getByRole('button', { name: 'Sign in' }).click()])
  }
})
