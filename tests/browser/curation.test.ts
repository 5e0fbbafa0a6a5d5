import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role, User } from '../../src/accounts/account.js'
import type { CuratedRecord } from '../../src/curation/curation-service.js'
import { createUser } from '../helpers/accounts.js'
import { proposal } from '../helpers/proposals.js'
import { axeViolations, browserAvailable, describeViolations, startRig, type BrowserRig } from './browser.js'

async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, `${page.url()}\n${describeViolations(violations)}`).toEqual([])
}

/** Presses Tab until the focused element matches `selector` (the keyboard's own route to it). */
async function tabTo(page: Page, selector: string, max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`${selector} is not reachable with the Tab key`)
}

/** Replaces the text of the focused input or textarea, by keyboard. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Backspace')
  await page.keyboard.type(text)
}

const focused = (page: Page) =>
  page.evaluate(() => `${document.activeElement?.tagName}.${document.activeElement?.className}`)

describe.skipIf(!browserAvailable)('curation in Chromium', () => {
  let rig: BrowserRig
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    rig = await startRig()
  }, 60_000)
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await rig?.close()
  })

  /** A browser signed in as a new user of this role (its own cookie jar). */
  async function signedIn(role: Role): Promise<{ page: Page; user: User }> {
    const user = await createUser(rig.app.services, role)
    const { id } = await rig.app.services.auth.sessions.start(user.id)
    const context = await rig.browser.newContext()
    contexts.push(context)
    await context.addCookies([{ name: 'fi_session', value: id, url: rig.baseUrl }])
    return { page: await context.newPage(), user }
  }

  it('a curator edits a case by keyboard: saved, in the history, and a colleague’s save in between is shown', async () => {
    const { page, user } = await signedIn('curator')
    await page.goto(`${rig.baseUrl}/investments/c06-refugee-team-sib`)
    await tabTo(page, 'a[href="/curation/investments/c06-refugee-team-sib"]')
    await Promise.all([page.waitForURL(/\/curation\/investments\/c06-refugee-team-sib$/), page.keyboard.press('Enter')])
    await expectAxeClean(page)

    // Invalid first: an emptied title (the seeded amount may stay without its source: it is unchanged).
    await tabTo(page, '#title')
    await retype(page, '')
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await expect.poll(() => focused(page)).toContain('error-summary')
    expect(await page.title()).toMatch(/^Error: Edit:/)
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Fill in “Title”'])
    await expectAxeClean(page)
    await tabTo(page, '.error-summary a[href="#title"]')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#title')

    const source = (await rig.app.services.investments.get('c06-refugee-team-sib'))!.sources[0]!.url
    await tabTo(page, '#title')
    await retype(page, 'Refugee Team SIB (checked)')
    await tabTo(page, '#amountSource')
    await page.keyboard.type(source)
    await tabTo(page, '#verifiedToday')
    await page.keyboard.press('Space')
    await tabTo(page, 'form.curation-form button[type="submit"]')
    await Promise.all([page.waitForURL(/done=saved/), page.keyboard.press('Enter')])
    expect(await page.locator('.ecl-notification--success').textContent()).toContain('Your changes were saved.')
    await expectAxeClean(page)

    await tabTo(page, 'a[href$="/history"]')
    await Promise.all([page.waitForURL(/\/history$/), page.keyboard.press('Enter')])
    const row = page.locator('.history-diff tr', { has: page.locator('th', { hasText: /^Title$/ }) }).first()
    expect(await row.locator('td').nth(1).textContent()).toBe('Refugee Team SIB (checked)')
    expect(await page.locator('.history-entry .ecl-help-block').first().textContent()).toContain(user.name)
    await expectAxeClean(page)

    // A colleague saves while this curator is editing: the save shows what changed, focused, and keeps the input.
    await page.goto(`${rig.baseUrl}/curation/investments/c06-refugee-team-sib`)
    const current = (await rig.app.services.curation.records.get(
      'investments',
      'c06-refugee-team-sib',
    )) as CuratedRecord<'investments'>
    await rig.app.services.curation.records.update(
      'investments',
      current.id,
      { record: { ...current.record, statusText: 'Updated by a colleague' } },
      current.version,
      { id: 'x', name: 'A colleague' },
    )
    await tabTo(page, '#notes')
    await retype(page, 'My note, kept through the conflict.')
    await tabTo(page, 'form.curation-form button[type="submit"]')
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await expect.poll(() => focused(page)).toContain('curation-conflict')
    expect(await page.locator('.curation-conflict').textContent()).toContain('Updated by a colleague')
    expect(await page.locator('#notes').inputValue()).toBe('My note, kept through the conflict.')
    await expectAxeClean(page)
    await tabTo(page, 'form.curation-form button[type="submit"]')
    await Promise.all([page.waitForURL(/done=saved/), page.keyboard.press('Enter')])
    expect((await rig.app.services.investments.get('c06-refugee-team-sib'))!.notes).toBe(
      'My note, kept through the conflict.',
    )
  })

  it('a respondent proposes a case; a curator publishes it and rejects another; the proposer sees both', async () => {
    const respondent = await signedIn('respondent')
    const rpage = respondent.page
    await rpage.goto(`${rig.baseUrl}/account`)
    await tabTo(rpage, 'a[href="/proposals/new"]')
    await Promise.all([rpage.waitForURL(/\/proposals\/new$/), rpage.keyboard.press('Enter')])
    await expectAxeClean(rpage)
    await tabTo(rpage, '#title')
    await rpage.keyboard.type('Southvale guarantee fund for refugee start-ups')
    await tabTo(rpage, '#summary')
    await rpage.keyboard.type('A guarantee fund that lets a local bank lend to refugees who start a business.')
    await tabTo(rpage, '#geography')
    await rpage.keyboard.type('Southvale')
    await tabTo(rpage, '#policyFields-entrepreneurship')
    await rpage.keyboard.press('Space')
    await tabTo(rpage, '#instruments-guarantee')
    await rpage.keyboard.press('Space')
    await tabTo(rpage, '#sources')
    await rpage.keyboard.type('https://www.example.org/southvale Southvale council minutes')
    await tabTo(rpage, 'form button[type="submit"]')
    await Promise.all([rpage.waitForURL(/\/proposals\/[0-9a-f-]+\?done=sent$/), rpage.keyboard.press('Enter')])
    expect(await rpage.locator('.ecl-notification--success').textContent()).toContain('waiting for a curator')
    await expectAxeClean(rpage)
    await rpage.goto(`${rig.baseUrl}/account`)
    expect(await rpage.locator('#proposals + .table-wrap').textContent()).toContain('Waiting for a curator')
    await expectAxeClean(rpage)
    // A second proposal, to be rejected.
    await rig.app.services.curation.proposals.propose(
      respondent.user,
      proposal({
        title: 'Southvale ring road',
        summary: 'A road project with no link to inclusion.',
        geography: 'Southvale',
        policyFields: ['community'],
        instruments: ['loan'],
        sources: [{ url: 'https://www.example.org/road', label: null }],
      }),
    )

    const { page } = await signedIn('curator')
    await page.goto(`${rig.baseUrl}/curation`)
    await expectAxeClean(page)
    await tabTo(page, 'a[href="/curation/proposals"]')
    await Promise.all([page.waitForURL(/\/curation\/proposals$/), page.keyboard.press('Enter')])
    await expectAxeClean(page)
    await page.getByRole('link', { name: 'Southvale guarantee fund for refugee start-ups' }).focus()
    await Promise.all([page.waitForURL(/\/curation\/proposals\/[0-9a-f-]+$/), page.keyboard.press('Enter')])
    await expectAxeClean(page)
    await tabTo(page, '#confidence')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('#confidence').inputValue()).toBe('S')
    await tabTo(page, 'form[action$="/publish"] button[type="submit"]')
    await Promise.all([
      page.waitForURL(/\/curation\/investments\/southvale-guarantee-fund-for-refugee-start-ups\?done=published$/),
      page.keyboard.press('Enter'),
    ])
    await expectAxeClean(page)

    await page.goto(`${rig.baseUrl}/curation/proposals`)
    await page.getByRole('link', { name: 'Southvale ring road' }).focus()
    await Promise.all([page.waitForURL(/\/curation\/proposals\/[0-9a-f-]+$/), page.keyboard.press('Enter')])
    await tabTo(page, '#reason')
    await page.keyboard.type('It finances a road, not inclusion.')
    await tabTo(page, 'form[action$="/reject"] button[type="submit"]')
    await Promise.all([page.waitForURL(/done=rejected/), page.keyboard.press('Enter')])
    await expectAxeClean(page)

    await rpage.goto(`${rig.baseUrl}/account`)
    const table = (await rpage.locator('#proposals + .table-wrap').textContent()) ?? ''
    expect(table).toContain('Published')
    expect(table).toContain('It finances a road, not inclusion.')
    await tabTo(rpage, 'a[href="/investments/southvale-guarantee-fund-for-refugee-start-ups"]')
    await Promise.all([
      rpage.waitForURL(/\/investments\/southvale-guarantee-fund-for-refugee-start-ups$/),
      rpage.keyboard.press('Enter'),
    ])
    expect(await rpage.locator('h1').textContent()).toBe('Southvale guarantee fund for refugee start-ups')
  })

  it('every curation page, the public quality badges and the data-quality page are axe-clean', async () => {
    const { page } = await signedIn('curator')
    for (const path of [
      '/curation',
      '/curation/investments',
      '/curation/investments/new',
      '/curation/investments/c01-koto-sib',
      '/curation/investments/c01-koto-sib/history',
      '/curation/instruments',
      '/curation/instruments/loan',
      '/curation/funds/amif',
      '/curation/glossary',
      '/curation/glossary/new',
      '/curation/proposals?status=published',
      '/proposals/new',
      '/data-quality',
      '/investments',
      '/investments/c01-koto-sib',
      '/account',
    ]) {
      const res = await page.goto(`${rig.baseUrl}${path}`)
      expect(res?.status(), path).toBe(200)
      await expectAxeClean(page)
    }
  }, 120_000)
})
