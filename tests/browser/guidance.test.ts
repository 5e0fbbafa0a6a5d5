import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig, tick } from './browser.js'

describe.skipIf(!browserAvailable)('guidance library and source health in Chromium', () => {
  let rig: BrowserRig
  beforeAll(async () => {
    rig = await startRig()
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  it('a city officer finds microfinance guidance by keyboard, filters by kind and opens an entry', async () => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}/`)
    await page.getByRole('link', { name: 'Guidance', exact: true }).click()
    await page.waitForURL(/\/guidance$/)
    await page.getByLabel('Search the guidance').fill('microfinance')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/guidance\?q=microfinance/)
    const found = Number(/(\d+)/.exec((await page.locator('#results-heading').textContent()) ?? '')?.[1] ?? 0)
    expect(found).toBeGreaterThan(0)
    await tick(page.getByRole('checkbox', { name: /^Guide \(/ }))
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.waitForURL(/kind=guide/)
    const first = page.locator('.results .ecl-content-block__title a').first()
    const title = (await first.textContent())!.trim()
    await first.click()
    await expect.poll(() => page.locator('h1').textContent()).toBe(title)
    expect(await page.getByRole('link', { name: 'Open the publication' }).getAttribute('href')).toMatch(/^https?:\/\//)
    await page.close()
  })

  const pages = [
    '/guidance',
    '/guidance?instrument=microfinance&language=en',
    '/guidance?q=zzzzqqqq',
    '/guidance/ec-toolkit-eu-funds-integration-migrant-background',
    '/data-quality',
    '/investments?includeOther=true',
    '/instruments/microfinance',
  ]
  for (const width of [1280, 390]) {
    it.each(pages)(`axe-core finds no WCAG 2.1 AA violation on %s at ${width} px`, async (path) => {
      const page = await rig.newPage()
      await page.setViewportSize({ width, height: 900 })
      await page.goto(`${rig.baseUrl}${path}`)
      const violations = await axeViolations(page)
      expect(violations, describeViolations(violations)).toEqual([])
      await page.close()
    })
  }
})
