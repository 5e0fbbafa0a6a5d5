import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FUNDS, INSTRUMENTS } from '../../src/shared/codelists.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig, tick } from './browser.js'

describe.skipIf(!browserAvailable)('repository in Chromium', () => {
  let rig: BrowserRig
  beforeAll(async () => {
    rig = await startRig()
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  it('a city officer searches with a typo, applies two facets, opens a case and follows a source', async () => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}/`)
    await page.getByLabel('Search real investments').fill('hosuing')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL(/\/investments\?q=hosuing/)
    const heading = page.locator('#results-heading')
    const foundText = (await heading.textContent()) ?? ''
    const found = Number(/(\d+)/.exec(foundText)?.[1] ?? 0)
    expect(found).toBeGreaterThan(0)

    await tick(page.getByRole('checkbox', { name: /^Loan \(/ }))
    await tick(page.getByRole('checkbox', { name: /^Germany \(/ }))
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.waitForURL(/instrument=loan/)
    expect(page.url()).toContain('country=DE')
    const narrowed = Number(/(\d+)/.exec((await heading.textContent()) ?? '')?.[1] ?? 0)
    expect(narrowed).toBeGreaterThan(0)
    expect(narrowed).toBeLessThanOrEqual(found)
    await expect.poll(() => page.getByRole('link', { name: /Remove filter: Country: Germany/ }).count()).toBe(1)

    const firstCase = page.locator('.results .ecl-content-block__title a').first()
    const caseTitle = (await firstCase.textContent())!.trim()
    await firstCase.click()
    await expect.poll(() => page.locator('h1').textContent()).toBe(caseTitle)
    const source = page.locator('ol.sources a').first()
    const href = await source.getAttribute('href')
    expect(href).toMatch(/^https?:\/\//)
    await Promise.all([page.waitForURL((url) => url.href === new URL(href!).href), source.click()])
    expect(await page.locator('h1').textContent()).toBe('External source')
    await page.close()
  })

  it('the filters work by keyboard alone', async () => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}/investments`)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content')
    await page.keyboard.press('Enter')
    await page.locator('#q').focus()
    await page.keyboard.type('microcredit')
    await page.keyboard.press('Enter')
    await page.waitForURL(/q=microcredit/)
    await page.locator('#policyField-entrepreneurship').focus()
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: 'Apply filters' }).focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/policyField=entrepreneurship/)
    expect(await page.locator('.results .ecl-card').count()).toBeGreaterThan(0)
    await page.close()
  })

  const pages = [
    '/',
    '/investments',
    '/investments?q=housing&policyField=housing&pageSize=10',
    '/investments?q=zzzzqqqq',
    '/investments?yearFrom=abc',
    '/investments/c01-koto-sib',
    '/instruments',
    ...INSTRUMENTS.map((slug) => `/instruments/${slug}`),
    '/funds',
    ...FUNDS.map((slug) => `/funds/${slug}`),
    '/glossary',
    '/glossary?q=guarante',
    '/no-such-page',
  ]
  it.each(pages)('axe-core finds no WCAG 2.1 AA violation on %s', async (path) => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}${path}`)
    const violations = await axeViolations(page)
    expect(violations, describeViolations(violations)).toEqual([])
    await page.close()
  })
})
