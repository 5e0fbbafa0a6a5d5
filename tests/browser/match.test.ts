import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INSTRUMENTS } from '../../src/shared/codelists.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig } from './browser.js'

/** Presses Tab until the focused element matches `selector` (keyboard only: no clicks, no focus()). */
async function tabTo(page: Page, selector: string, maxPresses = 400): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([])
}

const instrumentRanking = (page: Page) =>
  page
    .locator('#instrument-ranking > li')
    .evaluateAll((items) => items.map((item) => item.id.replace(/^instrument-/, '')))

async function submitWith(page: Page, buttonText: string): Promise<void> {
  await tabTo(page, `button[type="submit"]`)
  expect((await page.evaluate(() => document.activeElement?.textContent))?.trim()).toBe(buttonText)
  await page.keyboard.press('Enter')
}

describe.skipIf(!browserAvailable)('match wizard in Chromium', () => {
  let rig: BrowserRig
  beforeAll(async () => {
    rig = await startRig()
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  it('a city officer completes the wizard by keyboard alone, reads the result and tries a what-if', async () => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}/`)
    await tabTo(page, 'a[href="/match"].site-nav__link')
    await Promise.all([page.waitForURL(/\/match$/), page.keyboard.press('Enter')])

    // Step 1: submitting nothing shows the error summary, focused, and is accessible.
    expect(await page.locator('.match-progress').textContent()).toBe('Step 1 of 5')
    await expectNoAxeViolations(page)
    await submitWith(page, 'Continue')
    await page.waitForURL(/\/match\/next\?from=1/)
    expect(await page.locator('.error-summary').isVisible()).toBe(true)
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true)
    await expectNoAxeViolations(page)
    // The summary's link takes the keyboard to the question.
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#respondentType-city')

    await tabTo(page, '#respondentType-city')
    await page.keyboard.press('Space')
    await tabTo(page, '#country')
    await page.keyboard.type('Germany')
    expect(await page.locator('#country').inputValue()).toBe('DE')
    await submitWith(page, 'Continue')
    await page.waitForURL(/step=2/)

    // Step 2
    expect(await page.locator('.match-progress').textContent()).toBe('Step 2 of 5')
    await expectNoAxeViolations(page)
    await tabTo(page, '#policyFields-housing')
    await page.keyboard.press('Space')
    expect(await page.locator('label[for="spendingType-buildings_equipment"]').textContent()).toContain(
      'Mainly buildings and equipment',
    )
    await tabTo(page, '#spendingType-buildings_equipment')
    await page.keyboard.press('Space')
    await tabTo(page, '#targetGroups-refugees')
    await page.keyboard.press('Space')
    await submitWith(page, 'Continue')
    await page.waitForURL(/step=3/)

    // Step 3: an amount, then radios with the arrow keys (the first radio of a group is the tab stop).
    expect(await page.locator('.match-progress').textContent()).toBe('Step 3 of 5')
    await expectNoAxeViolations(page)
    await tabTo(page, '#investmentSizeEur')
    await page.keyboard.type('40 000 000')
    await tabTo(page, '#revenueModel-none')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('#revenueModel-user_fees').isChecked()).toBe(true)
    await tabTo(page, '#outcomesMeasurable-yes')
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('#outcomesMeasurable-no').isChecked()).toBe(true)
    await submitWith(page, 'Continue')
    await page.waitForURL(/step=4/)
    expect(page.url()).toContain('investmentSizeEur=40000000')

    // Step 4
    expect(await page.locator('.match-progress').textContent()).toBe('Step 4 of 5')
    await expectNoAxeViolations(page)
    await tabTo(page, '#borrowingCapacity-none')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await tabTo(page, '#financialExpertise-none')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await tabTo(page, '#cofinancingAvailable-yes')
    await page.keyboard.press('Space')
    await submitWith(page, 'Continue')
    await page.waitForURL(/step=5/)

    // Step 5
    expect(await page.locator('.match-progress').textContent()).toBe('Step 5 of 5')
    await expectNoAxeViolations(page)
    await tabTo(page, '#partners-national_promotional_bank')
    await page.keyboard.press('Space')
    await submitWith(page, 'See my matches')
    await page.waitForURL(/\/match\/result\?/)

    // The result
    expect(await page.locator('h1').textContent()).toBe('Your financing options')
    const before = await instrumentRanking(page)
    expect([...before].sort()).toEqual([...INSTRUMENTS].sort())
    expect(before[0]).toBe('loan')
    expect(await page.locator('#fund-ranking > li').count()).toBe(9)
    expect(await page.locator('#instrument-loan .fit').textContent()).toContain('Strong fit')
    expect(await page.locator('#share-link').getAttribute('href')).toBe(
      new URL(page.url()).pathname + new URL(page.url()).search,
    )
    // The answers say what the money pays for, and no notice says it was assumed.
    expect(await page.locator('section[aria-labelledby="answers"]').textContent()).toContain(
      'Mainly buildings and equipment',
    )
    expect(await page.locator('.match-notice--spending_type_assumed').count()).toBe(0)
    await expectNoAxeViolations(page)

    // What-if (issue #11): the same project in Austria, which is not a CEB member: the CEB drops to
    // the end as "Not suitable", with the rule and a link to it on "How the matcher decides".
    await tabTo(page, '.match-contents a[href="#what-if"]')
    await page.keyboard.press('Enter')
    await tabTo(page, '.what-if #country')
    await page.keyboard.type('Austria')
    expect(await page.locator('.what-if #country').inputValue()).toBe('AT')
    const resultUrl = page.url()
    await submitWith(page, 'Update my matches')
    await page.waitForURL((url) => url.href !== resultUrl && url.pathname === '/match/result')
    expect(page.url()).toContain('country=AT')
    const funds = await page
      .locator('#fund-ranking > li')
      .evaluateAll((items) => items.map((item) => item.id.replace(/^fund-/, '')))
    expect(funds.at(-1)).toBe('ceb')
    const ceb = page.locator('#fund-ceb')
    expect(await ceb.locator('.fit').textContent()).toContain('Not suitable')
    expect(await ceb.locator('.reasons').textContent()).toContain(
      'Rules it out: The CEB lends only in its 43 member states, and Austria is not a member.',
    )
    await expectNoAxeViolations(page)
    await tabTo(page, '#fund-ceb .reason__rule')
    await Promise.all([page.waitForURL(/\/match\/rules#eligibility\.ceb$/), page.keyboard.press('Enter')])
    expect(await page.locator('h1').textContent()).toBe('How the matcher decides')
    const rule = page.locator('[id="eligibility.ceb"]')
    expect(await rule.textContent()).toContain('CEB member states')
    const members = (await page.locator('[id="list-ceb-members"] p').first().textContent()) ?? ''
    expect(members).toContain('Countries (43):')
    expect(members).toContain('Denmark')
    expect(members).not.toContain('Austria')
    expect(members).not.toContain('United Kingdom')
    await page.close()
  }, 120_000)

  const pages = [
    '/match',
    '/match?step=2&respondentType=city&country=DE',
    '/match?step=3&respondentType=city&country=DE&policyFields=housing',
    '/match?step=4&respondentType=city&country=DE&policyFields=housing&revenueModel=none&outcomesMeasurable=yes',
    '/match?step=5&respondentType=city&country=DE&policyFields=housing&revenueModel=none&outcomesMeasurable=yes&borrowingCapacity=none&financialExpertise=none&cofinancingAvailable=no',
    '/match/next?from=3&respondentType=city&country=DE&policyFields=housing&investmentSizeEur=lots',
    '/match/result?respondentType=service_provider&country=IT&policyFields=entrepreneurship&targetGroups=migrant_women&ticketSizeEur=15000&revenueModel=market_revenue&outcomesMeasurable=yes&borrowingCapacity=limited&financialExpertise=basic&cofinancingAvailable=no&partners=microfinance_institution&partners=ngos',
    '/match/result?respondentType=city&country=DE',
    '/match/result?respondentType=city&country=US&policyFields=employment&revenueModel=public_savings&outcomesMeasurable=yes&borrowingCapacity=limited&financialExpertise=basic&cofinancingAvailable=yes',
    '/match/rules',
  ]
  const widths = [1280, 390]
  it.each(pages.flatMap((path) => widths.map((width) => [path, width] as const)))(
    'axe-core finds no WCAG 2.1 AA violation on %s at %i px',
    async (path, width) => {
      const page = await rig.newPage()
      await page.setViewportSize({ width, height: 900 })
      await page.goto(`${rig.baseUrl}${path}`)
      await expectNoAxeViolations(page)
      // Nothing wider than the screen, even with long rule ids and source addresses.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
      await page.close()
    },
  )

  it('a US city reads the notice first, sees every EU fund ruled out with its rule, and finds each rule on the rules page', async () => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}${pages[8]}`)
    const notice = page.locator('#notices')
    expect(await notice.locator('h2').textContent()).toBe('Read this first')
    expect(await notice.textContent()).toContain(
      'United States is not an EU Member State, not a member of the Council of Europe Development Bank',
    )
    for (const slug of ['amif', 'esf-plus', 'erdf', 'investeu', 'ceb']) {
      expect(await page.locator(`#fund-${slug} .fit`).textContent()).toContain('Not suitable')
    }
    expect(await page.locator('#fund-esf-plus .reasons').textContent()).toContain(
      'ESF+ is spent through the programmes of the EU Member States, and United States is not an EU Member State.',
    )
    const ruleLinks = await page
      .locator('.reason__rule')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')!))
    expect(ruleLinks.length).toBeGreaterThan(20)
    await page.goto(`${rig.baseUrl}/match/rules`)
    for (const href of new Set(ruleLinks)) {
      const id = decodeURIComponent(href.split('#')[1]!)
      expect(await page.locator(`[id="${id}"]`).count(), id).toBe(1)
    }
    // The rules page says what kind of rule each is, and where it comes from.
    const amif = page.locator('[id="eligibility.amif"]')
    expect(await amif.textContent()).toContain('Member States taking part in AMIF')
    const loanBudget = page.locator('[id="loan.revenue-budget"]')
    expect(await loanBudget.textContent()).toContain('raises the score by 3')
    expect(await loanBudget.textContent()).toContain('editorial judgement')
    expect(await loanBudget.locator('a[href^="https://coebank.org"]').count()).toBeGreaterThan(0)
    await page.close()
  })

  it('the result page prints without the forms and navigation', async () => {
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}${pages[6]}`)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.what-if').isVisible()).toBe(false)
    expect(await page.locator('.site-nav').isVisible()).toBe(false)
    expect(await page.locator('#instrument-ranking').isVisible()).toBe(true)
    expect(await page.locator('.match-share__url').isVisible()).toBe(true)
    await page.close()
  })
})
