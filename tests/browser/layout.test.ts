import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { answer, makeUser } from '../helpers/review.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig } from './browser.js'

/**
 * Issue 12, defects 8 and 11, measured in Chromium at 1280 px and 390 px: every checkbox label sits
 * beside its box; no page scrolls sideways on a phone; scrolling tables take focus; the search
 * filters fold behind "Filters" on a phone so the first result is on the first screen.
 */
const WIDTHS = [1280, 390] as const

describe.skipIf(!browserAvailable)('layout at desktop and phone widths', () => {
  let rig: BrowserRig
  let reviewer: User
  let admin: User
  let respondent: User
  let responseId: string
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    rig = await startRig()
    reviewer = await makeUser(rig.app.services, 'reviewer')
    admin = await makeUser(rig.app.services, 'admin')
    respondent = await makeUser(rig.app.services, 'respondent', {
      name: 'Comune di Torino',
      type: 'city',
      country: 'IT',
    })
    responseId = await answer(
      rig.app.services,
      respondent,
      { policy_fields: ['entrepreneurship'], target_groups: ['migrant_entrepreneurs'] },
      { draft: true },
    )
    for (const [name, country] of [
      ['Stadt Leipzig', 'DE'],
      ['Ville de Lyon', 'FR'],
    ] as const) {
      await answer(
        rig.app.services,
        await makeUser(rig.app.services, 'respondent', { name, type: 'city', country }),
        {},
      )
    }
  }, 90_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await rig?.close()
  })

  async function pageAs(user: User | null, width: number): Promise<Page> {
    const context = await rig.browser.newContext({ viewport: { width, height: 844 } })
    contexts.push(context)
    if (user)
      await context.addCookies([
        { name: 'fi_session', value: (await rig.app.services.auth.sessions.start(user.id)).id, url: rig.baseUrl },
      ])
    return context.newPage()
  }

  it('every checkbox and radio label starts on its box’s line, to its right, and is shown', async () => {
    const pages: [User | null, string][] = [
      [null, '/investments'],
      [null, '/match'],
      [reviewer, '/review'],
      [respondent, `/responses/${responseId}/sections/1`],
      [respondent, `/responses/${responseId}/sections/2`],
    ]
    const problems: string[] = []
    let measured = 0
    for (const width of WIDTHS) {
      for (const [user, path] of pages) {
        const page = await pageAs(user, width)
        await page.goto(`${rig.baseUrl}${path}`)
        const found = await page.evaluate(() => {
          document.querySelectorAll('details').forEach((details) => (details.open = true))
          // Our rows (.checkbox: input then label) and ECL's (the drawn box is inside the label, the input hidden).
          return [...document.querySelectorAll('.checkbox, .ecl-checkbox, .ecl-radio')].map((row) => {
            const label = row.querySelector('label')!
            const drawn = label.querySelector('.ecl-checkbox__box, .ecl-radio__box')
            const box = (drawn ?? row.querySelector('input')!).getBoundingClientRect()
            const words = document.createRange()
            if (drawn) words.setStart(label, [...label.childNodes].indexOf(drawn as ChildNode) + 1)
            else words.setStart(label, 0)
            words.setEnd(label, label.childNodes.length)
            const text = words.getBoundingClientRect()
            return {
              id: label.htmlFor,
              box: { right: box.right, top: box.top, bottom: box.bottom },
              label: { left: text.left, top: text.top, width: text.width, height: text.height },
            }
          })
        })
        for (const { id, box, label } of found) {
          measured += 1
          if (label.width === 0 || label.height === 0) problems.push(`${width}px ${path} #${id}: label not shown`)
          else if (label.top >= box.bottom || label.left < box.right - 1)
            problems.push(
              `${width}px ${path} #${id}: label at (${label.left}, ${label.top}), box ends at (${box.right}, ${box.bottom})`,
            )
        }
        await page.close()
      }
    }
    expect(problems).toEqual([])
    expect(measured).toBeGreaterThan(100)
  })

  it('no sideways scrolling at 390 px, and scrolling tables take keyboard focus', async () => {
    const problems: string[] = []
    for (const [user, path] of [
      [null, '/api'],
      [reviewer, '/review'],
      [admin, '/admin/users'],
      [admin, '/admin/audit'],
    ] as const) {
      const page = await pageAs(user, 390)
      await page.goto(`${rig.baseUrl}${path}`)
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      if (overflow > 0) problems.push(`${path}: ${overflow}px wider than the screen`)
      const violations = await axeViolations(page)
      if (violations.length) problems.push(`${path}: ${describeViolations(violations)}`)
      const wrappers = await page
        .locator('.table-wrap')
        .evaluateAll((els) =>
          els.map((el) => [el.getAttribute('tabindex'), el.getAttribute('role'), el.getAttribute('aria-label')]),
        )
      for (const [tabindex, role, name] of wrappers)
        if (tabindex !== '0' || role !== 'region' || !name)
          problems.push(`${path}: a table wrapper with tabindex=${tabindex} role=${role} aria-label=${name}`)
      await page.close()
    }
    expect(problems).toEqual([])
  })

  it('on a phone the filters fold behind "Filters" with a skip link, and the first result is on the first screen', async () => {
    const phone = await pageAs(null, 390)
    await phone.goto(`${rig.baseUrl}/investments`)
    const toggle = phone.locator('.search-layout__filters summary')
    expect(await toggle.textContent()).toBe('Filters')
    expect(await toggle.isVisible()).toBe(true)
    expect(await phone.locator('#filter-policyField-housing, input[name="policyField"]').first().isVisible()).toBe(
      false,
    )
    expect(await phone.getByRole('link', { name: 'Skip to the results' }).getAttribute('href')).toBe('#results-heading')
    const firstResult = await phone.locator('.results .ecl-card').first().boundingBox()
    expect(firstResult!.y).toBeLessThan(844)
    await toggle.click()
    expect(await phone.locator('input[name="policyField"]').first().isVisible()).toBe(true)
    expect(await axeViolations(phone)).toEqual([])

    const desktop = await pageAs(null, 1280)
    await desktop.goto(`${rig.baseUrl}/investments`)
    expect(await desktop.locator('input[name="policyField"]').first().isVisible()).toBe(true)
    expect(await desktop.locator('.search-layout__filters summary').isVisible()).toBe(false)
    expect(await desktop.getByRole('link', { name: 'Skip to the results' }).isVisible()).toBe(false)
  })
})
