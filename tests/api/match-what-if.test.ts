import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { profileFromQueryString } from '../../src/matching/what-changed.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

const ALL =
  'respondentType=city&country=DE&policyFields=housing&targetGroups=refugees&spendingType=buildings_equipment&investmentSizeEur=40000000&revenueModel=user_fees&outcomesMeasurable=no&borrowingCapacity=available&financialExpertise=experienced&cofinancingAvailable=yes&partners=national_promotional_bank'
const unescape = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')
const beforeOf = (html: string) => unescape(/name="before" value="([^"]*)"/.exec(html)![1]!)

describe('what-if shows what changed (issue #12)', () => {
  it('the what-if form carries the answers it was filled from, and is linked from the top of the result', async () => {
    const res = await request(t.app).get(`/match/result?${ALL}`)
    expect(res.status).toBe(200)
    expect(new URLSearchParams(beforeOf(res.text)).get('revenueModel')).toBe('user_fees')
    const link = res.text.indexOf('href="#what-if"')
    expect(link).toBeGreaterThan(-1)
    expect(link).toBeLessThan(res.text.indexOf('id="instruments"'))
    expect(res.text).not.toContain('id="what-changed"')
  })

  it('after a change, says which answers changed and which instruments and funds moved, by how much', async () => {
    const first = await request(t.app).get(`/match/result?${ALL}`)
    const before = beforeOf(first.text)
    const changed = ALL.replace('revenueModel=user_fees', 'revenueModel=none').replace(
      'outcomesMeasurable=no',
      'outcomesMeasurable=yes',
    )
    const res = await request(t.app).get(`/match/result?${changed}&${new URLSearchParams({ before }).toString()}`)
    expect(res.status).toBe(200)
    const box = res.text.slice(
      res.text.indexOf('id="what-changed"'),
      res.text.indexOf('</div>', res.text.indexOf('id="what-changed"')),
    )
    expect(box).toContain('What your change did')
    expect(box).toContain(
      '<li>Pays back or saves money through: from “Users pay rents or fees” to “It earns nothing and saves no public money”</li>',
    )
    expect(box).toContain('<li>Results can be measured: from “No” to “Yes”</li>')

    // The figures are the matcher's own: compare with the two results directly.
    const old = t.services.match.match(profileFromQueryString(before)!)
    const now = t.services.match.match(profileFromQueryString(changed)!)
    const moved = now.instruments.filter((o) => o.score !== old.instruments.find((p) => p.slug === o.slug)!.score)
    expect(moved.length).toBeGreaterThan(0)
    for (const option of moved) {
      const was = old.instruments.find((p) => p.slug === option.slug)!.score
      const points = Math.abs(option.score - was)
      expect(box).toContain(
        `${option.name.replace(/&/g, '&amp;')} ${option.score > was ? 'rose' : 'fell'} ${points} point${points === 1 ? '' : 's'}, from ${was} to ${option.score} out of 100`,
      )
    }
    expect(box).toMatch(/\d+ instruments? and (no fund|\d+ funds?) moved\./)
  })

  it('the same answers again: nothing changed; a broken before is ignored, never an error', async () => {
    const first = await request(t.app).get(`/match/result?${ALL}`)
    const same = await request(t.app).get(
      `/match/result?${ALL}&${new URLSearchParams({ before: beforeOf(first.text) }).toString()}`,
    )
    expect(same.text).toContain('You did not change any answer, so nothing moved.')
    for (const bad of ['respondentType=martian', 'before=x', '%%%', 'mayor=yes']) {
      const res = await request(t.app).get(`/match/result?${ALL}&${new URLSearchParams({ before: bad }).toString()}`)
      expect(res.status).toBe(200)
      expect(res.text).not.toContain('id="what-changed"')
    }
    expect((await request(t.app).get(`/match/result?${ALL}&before=${'a'.repeat(4001)}`)).status).toBe(400)
  })
})
