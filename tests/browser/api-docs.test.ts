import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig } from './browser.js'

describe.skipIf(!browserAvailable)('API page in Chromium', () => {
  let rig: BrowserRig
  beforeAll(async () => {
    rig = await startRig()
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  it('axe-core finds no WCAG 2.1 AA violation on /api, and its example links work', async () => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}/api`)
    const violations = await axeViolations(page)
    expect(violations, describeViolations(violations)).toEqual([])
    await page
      .getByRole('link', { name: /^GET \/api\/v1\/changes/ })
      .first()
      .click()
    await expect.poll(() => page.url()).toContain('#listChanges')
    const response = await page.goto(`${rig.baseUrl}/api/v1/changes?since=0&limit=5`)
    expect(response?.status()).toBe(200)
    await page.close()
  })
})
