import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, STRONG_PASSWORD } from '../helpers/accounts.js'
import { browserAvailable, startRig, type BrowserRig, tick } from './browser.js'

describe.skipIf(!browserAvailable)('the progress bar follows the questions shown (issue #12)', () => {
  let rig: BrowserRig
  beforeAll(async () => {
    rig = await startRig()
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  it('a follow-up question that appears joins the count at once, before any save', async () => {
    const officer = await createUser(rig.app.services, 'respondent')
    const { context } = await rig.app.services.questionnaires.responses.start(officer, {})
    const page = await rig.newPage()
    await page.goto(`${rig.baseUrl}/login?returnTo=${encodeURIComponent(`/responses/${context.record.id}/sections/2`)}`)
    await page.locator('#email').fill(officer.email)
    await page.locator('#password').fill(STRONG_PASSWORD)
    await Promise.all([page.waitForURL(/\/sections\/2$/), page.getByRole('button', { name: 'Sign in' }).click()])
    const text = () => page.locator('#q-progress-text').textContent()
    expect(await text()).toBe('Section 2 of 8 · 0 of 38 answered')
    await tick(page.locator('input[name="has_planned_investment"][value="yes"]'))
    await expect.poll(text).toBe('Section 2 of 8 · 1 of 46 answered')
    expect(
      await page
        .locator('.q-progress progress')
        .evaluate((el) => [(el as HTMLProgressElement).max, (el as HTMLProgressElement).value]),
    ).toEqual([46, 1])
    await tick(page.locator('input[name="has_planned_investment"][value="no"]'))
    await expect.poll(text).toBe('Section 2 of 8 · 1 of 38 answered')
    await page.close()
  })
})
