import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, STRONG_PASSWORD } from '../helpers/accounts.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig } from './browser.js'

describe.skipIf(!browserAvailable)('footer pages, Your data and print in Chromium', () => {
  let rig: BrowserRig
  beforeAll(async () => {
    rig = await startRig()
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  const pages = ['/legal-notice', '/privacy', '/cookies', '/accessibility', '/contact']
  it.each(pages)('axe-core finds no WCAG 2.1 AA violation on %s at 1280 and 390 px', async (path) => {
    const page = await rig.newPage()
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(`${rig.baseUrl}${path}`)
      const violations = await axeViolations(page)
      expect(violations, describeViolations(violations)).toEqual([])
    }
    await page.close()
  })

  it('the account page, the download and the deletion page, by a signed-in respondent', async () => {
    const user = await createUser(rig.app.services, 'respondent')
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}/login`)
    await page.locator('#email').fill(user.email)
    await page.locator('#password').fill(STRONG_PASSWORD)
    // A respondent lands on its questionnaire after signing in; the account page is one link away.
    await Promise.all([page.waitForURL(/\/questionnaires\//), page.getByRole('button', { name: 'Sign in' }).click()])
    await page.goto(`${rig.baseUrl}/account`)
    expect(await axeViolations(page)).toEqual([])
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#your-data ~ form button').click(),
    ])
    expect(download.suggestedFilename()).toBe('fi-for-inclusion-your-data.json')
    await page.goto(`${rig.baseUrl}/account/delete`)
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      const violations = await axeViolations(page)
      expect(violations, describeViolations(violations)).toEqual([])
    }
    await page.close()
  })

  it('a case page prints without navigation and with its sources’ addresses', async () => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}/investments/c01-koto-sib`)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.site-nav').isVisible()).toBe(false)
    const after = await page
      .locator('ol.sources a')
      .first()
      .evaluate((a) => getComputedStyle(a, '::after').content)
    expect(after).toContain('http')
    await page.close()
  })
})
