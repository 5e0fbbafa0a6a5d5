import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { STRONG_PASSWORD } from '../helpers/accounts.js'
import { loadScenario, makeUser, type ScenarioResponse } from '../helpers/review.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig, tick } from './browser.js'

/**
 * A DG HOME reviewer answers "which Italian cities want microfinance for migrant entrepreneurs, and
 * which intermediaries in Italy could serve them?" by ticking filters on /review, opens a response
 * and moves it into review with a note. axe-core checks every page on the way.
 */
describe.skipIf(!browserAvailable)('review dashboard in a browser', () => {
  let rig: BrowserRig
  let reviewer: User
  let scenario: ScenarioResponse[]

  beforeAll(async () => {
    rig = await startRig()
    scenario = await loadScenario(rig.app.services)
    reviewer = await makeUser(rig.app.services, 'reviewer')
  }, 90_000)
  afterAll(async () => {
    await rig?.close()
  })

  async function expectAxeClean(page: Page): Promise<void> {
    const violations = await axeViolations(page)
    expect(violations, describeViolations(violations)).toEqual([])
  }

  it('filters to the Italian demand and supply, exports it, and moves a response into review', async () => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}/login?returnTo=%2Freview`)
    await page.locator('#email').fill(reviewer.email)
    await page.locator('#password').fill(STRONG_PASSWORD)
    await Promise.all([page.waitForURL(/\/review$/), page.getByRole('button', { name: 'Sign in' }).click()])
    expect(await page.locator('h1').textContent()).toBe('Review of questionnaire responses')
    await expectAxeClean(page)

    // A few clicks: two respondent types, a country, an instrument, a target group, and the drafts their authors shared.
    for (const id of [
      'filter-respondentType-city',
      'filter-respondentType-financial_intermediary',
      'filter-country-IT',
      'filter-instrument-microfinance',
      'filter-targetGroup-migrant_entrepreneurs',
      'filter-includeDrafts',
    ]) {
      await tick(page.locator(`#${id}`))
    }
    await Promise.all([page.waitForURL(/country=IT/), page.getByRole('button', { name: 'Apply filters' }).click()])
    expect(await page.locator('.review-total').textContent()).toContain('6 responses match the filters.')
    const rows = (await page.locator('#responses tbody th a').allTextContents()).sort()
    expect(rows).toEqual([
      'Banca Etica',
      'Comune di Bologna',
      'Comune di Firenze',
      'Comune di Palermo',
      'Comune di Torino',
      'PerMicro',
    ])
    expect(await page.locator('#filter-country-IT').isChecked()).toBe(true)
    await expectAxeClean(page)

    // The export link carries the same filters.
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!)
    expect(csv.trim().split('\r\n')).toHaveLength(7)

    // Open Torino and move it into review with a note.
    await Promise.all([
      page.waitForURL(/\/review\/responses\//),
      page.getByRole('link', { name: 'Comune di Torino' }).click(),
    ])
    await expectAxeClean(page)
    await page.locator('#review-status').selectOption('in_review')
    await page.locator('#review-note').fill('Ask about the microcredit guarantee.')
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save' }).click()])
    expect(await page.locator('#current-status').textContent()).toBe('In review')
    expect(await page.locator('table').last().textContent()).toBeTruthy()
    expect(await page.content()).toContain('Ask about the microcredit guarantee.')
    await expectAxeClean(page)

    // A move the workflow refuses comes back as an error summary.
    await page.locator('#review-note').fill('')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save' }).click()])
    expect(await page.locator('.error-summary').count()).toBe(1)
    await expectAxeClean(page)

    // Back on the dashboard, the status filter finds it.
    await page.goto(`${rig.baseUrl}/review?status=in_review`)
    expect(await page.locator('#responses tbody th a').allTextContents()).toContain('Comune di Torino')
    expect(scenario.length).toBeGreaterThan(24)
    await page.close()
  }, 90_000)
})
