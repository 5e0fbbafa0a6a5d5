import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authSettings } from '../../src/accounts/auth-settings.js'
import { loadDemo } from '../../src/demo/demo-command.js'
import { demoId } from '../../src/demo/demo-data.js'
import { createUser, STRONG_PASSWORD } from '../helpers/accounts.js'
import { TEST_SERVICE_OPTIONS } from '../helpers/test-app.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig } from './browser.js'

/** The pages issue #12's gaps added or changed, for each role, pass axe (WCAG 2.1 AA) at 1280 px and 390 px. */
describe.skipIf(!browserAvailable)('issue #12 gap pages in Chromium', () => {
  let rig: BrowserRig
  beforeAll(async () => {
    rig = await startRig()
    await loadDemo(rig.app.services.store, {
      password: STRONG_PASSWORD,
      settings: authSettings(TEST_SERVICE_OPTIONS.auth),
    })
  }, 90_000)
  afterAll(async () => {
    await rig?.close()
  })

  async function signIn(page: Page, email: string, returnTo: string): Promise<void> {
    await page.goto(`${rig.baseUrl}/login?returnTo=${encodeURIComponent(returnTo)}`)
    await page.locator('#email').fill(email)
    await page.locator('#password').fill(STRONG_PASSWORD)
    await Promise.all([
      page.waitForURL((url) => url.pathname !== '/login'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
  }

  async function check(page: Page, paths: string[]): Promise<void> {
    for (const path of paths) {
      await page.goto(`${rig.baseUrl}${path}`)
      for (const [width, height] of [
        [1280, 900],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width, height })
        // Scrolling table wrappers that take focus (axe scrollable-region-focusable) are issue #12.11, fixed on its own branch.
        const violations = (await axeViolations(page)).filter((v) => v.id !== 'scrollable-region-focusable')
        expect(violations, `${path} at ${width} px\n${describeViolations(violations)}`).toEqual([])
      }
    }
  }

  it('administrator: /admin and a user search', async () => {
    const page = await (await rig.browser.newContext()).newPage()
    await signIn(page, (await createUser(rig.app.services, 'admin')).email, '/admin')
    await check(page, ['/admin', '/admin/users?role=respondent&q=demo', '/admin/users?organisation=nothing-like-this'])
    await page.context().close()
  })

  it('reviewer: the empty dashboard, the demo dashboard and a response with its matches', async () => {
    const page = await (await rig.browser.newContext()).newPage()
    await signIn(page, (await createUser(rig.app.services, 'reviewer')).email, '/review')
    await check(page, [
      '/review',
      '/review?country=MT',
      '/review?includeDemo=true',
      `/review/responses/${demoId('response', 0)}`,
    ])
    await page.context().close()
  })

  it('demo respondent: lands on its questionnaire; the section page with the progress note', async () => {
    const page = await (await rig.browser.newContext()).newPage()
    await signIn(page, 'demo.westhaven@example.org', '/questionnaires/city')
    await check(page, ['/questionnaires/city', `/responses/${demoId('response', 3)}/sections/2`])
    await page.context().close()
  })

  it('visitor: what-if changes, an outcomes contract with its INDIGO link', async () => {
    const page = await (await rig.browser.newContext()).newPage()
    const all =
      'respondentType=city&country=DE&policyFields=housing&targetGroups=refugees&spendingType=buildings_equipment&investmentSizeEur=40000000&revenueModel=user_fees&outcomesMeasurable=no&borrowingCapacity=available&financialExpertise=experienced&cofinancingAvailable=yes&partners=national_promotional_bank'
    const changed = all.replace('revenueModel=user_fees', 'revenueModel=none')
    const bond = rig.app.services.search.all().find((i) => i.instruments.includes('social-outcomes-contract'))!
    await check(page, [
      `/match/result?${changed}&${new URLSearchParams({ before: all }).toString()}`,
      `/investments/${bond.id}`,
      '/register?returnTo=%2Fquestionnaires%2Fcity',
    ])
    await page.context().close()
  })
})
