import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { offeredLocales } from '../../src/i18n/i18n.js'
import { MAIN_PAGES } from '../bench/page-weight.js'
import { textProblems } from './crawl-checks.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig } from './browser.js'

/**
 * Issue 16: the crawler checks every page in English at 1280 and 390 px; this checks the public
 * pages, the footer pages and a match result at desktop width in every other complete locale:
 * the page in that language (lang attribute), no raw message key or leaked programming value, the
 * footer's legal links, and no axe WCAG 2.1 AA violation on one page of each kind (axe takes
 * seconds a page; the pages of a kind share their templates, so the others add time, not checks).
 */
const PAGES = [
  ...MAIN_PAGES,
  ...['/guidance', '/login', '/register', '/languages', '/privacy', '/cookies', '/accessibility', '/contact'],
]
const AXE_PAGES = new Set([
  '/',
  '/investments?q=housing',
  '/investments/c01-koto-sib',
  '/glossary',
  '/questionnaires',
  '/register',
  '/privacy',
])

describe.skipIf(!browserAvailable)('every complete locale at desktop width', () => {
  let rig: BrowserRig
  beforeAll(async () => {
    rig = await startRig()
  }, 120_000)
  afterAll(async () => {
    await rig?.close()
  })

  const locales = offeredLocales().filter((locale) => locale !== 'en')

  it('has more than one complete locale to check', () => {
    expect(locales.length).toBeGreaterThanOrEqual(8)
  })

  it.each(locales)('%s: public and footer pages pass axe and read in the language', async (locale) => {
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort())
    const page = await context.newPage()
    const findings: string[] = []
    await page.goto(`${rig.baseUrl}/?lang=${locale}`)
    for (const path of PAGES) {
      const response = await page.goto(`${rig.baseUrl}${path}`)
      if ((response?.status() ?? 500) >= 400) findings.push(`${path}: status ${response?.status()}`)
      const lang = await page.getAttribute('html', 'lang')
      if (lang !== locale) findings.push(`${path}: lang="${lang}"`)
      for (const problem of textProblems(await page.innerText('body'))) findings.push(`${path}: ${problem}`)
      if (!AXE_PAGES.has(path)) continue
      const violations = await axeViolations(page)
      if (violations.length) findings.push(`${path}: ${describeViolations(violations)}`)
    }
    // A match result, reached through the form as a person would.
    await page.goto(`${rig.baseUrl}/match`)
    await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').last().click()])
    const violations = await axeViolations(page)
    if (violations.length) findings.push(`match result: ${describeViolations(violations)}`)
    expect(await page.locator('footer a[href="/privacy"]').count()).toBe(1)
    await context.close()
    expect(findings).toEqual([])
  })
})
