import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reviewerOnScenario } from '../helpers/review.js'
import type { TestApp } from '../helpers/test-app.js'

let t: TestApp
let cookie: string
let token: string

beforeAll(async () => {
  ;({ t, cookie, token } = await reviewerOnScenario())
}, 60_000)
afterAll(async () => {
  await t?.close()
})

const page = async (query: string) => {
  const res = await request(t.app)
    .get(`/review${query ? `?${query}` : ''}`)
    .set('Cookie', cookie)
  expect(res.status, query).toBe(200)
  return res.text
}
const unescape = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')

/** The options of one filter group: value, count shown, ticked or not. */
function options(html: string, group: string): { value: string; count: number; checked: boolean }[] {
  const found = [
    ...html.matchAll(
      new RegExp(
        `<input class="ecl-checkbox__input" type="checkbox" id="filter-${group}-[^"]+" name="${group}" value="([^"]+)"( checked)?>\\s*<label [^>]*>(?:<span class="ecl-checkbox__box">[\\s\\S]*?</span>)?[^<]*\\((\\d+)\\)</label>`,
        'g',
      ),
    ),
  ]
  return found.map((m) => ({ value: m[1]!, checked: m[2] !== undefined, count: Number(m[3]) }))
}

const total = async (query: string) => {
  const res = await request(t.app)
    .get(`/api/v1/review/responses?pageSize=1&${query}`)
    .set('Authorization', `Bearer ${token}`)
  expect(res.status, query).toBe(200)
  return res.body.total as number
}

describe('review filters never shrink', () => {
  it('after filtering by country, every other country is still offered', async () => {
    const before = options(await page(''), 'country').map((o) => o.value)
    expect(before).toEqual(expect.arrayContaining(['DE', 'ES', 'FR', 'IT', 'NL']))
    const after = options(await page('country=IT'), 'country')
    expect(after.map((o) => o.value)).toEqual(before)
    expect(after.find((o) => o.value === 'IT')).toMatchObject({ checked: true })
    expect(after.find((o) => o.value === 'DE')).toMatchObject({ checked: false })
    // Every group keeps every value, whatever is chosen.
    for (const group of ['respondentType', 'status', 'policyField', 'targetGroup', 'instrument'])
      expect(
        options(await page('country=IT&instrument=microfinance'), group).map((o) => o.value),
        group,
      ).toEqual(options(await page(''), group).map((o) => o.value))
  })

  it.each([
    '',
    'country=IT',
    'respondentType=city&instrument=microfinance',
    'country=IT&country=DE&targetGroup=refugees',
    'answer=pilot_interest:yes',
  ])('under "%s", each value’s count is what the list holds with it chosen in its group', async (query) => {
    const html = await page(query)
    const base = new URLSearchParams(query)
    for (const group of ['respondentType', 'country', 'status', 'policyField', 'instrument']) {
      expect(options(html, group).length, group).toBeGreaterThan(3)
      for (const option of options(html, group)) {
        const chosen = new URLSearchParams(base)
        chosen.delete(group)
        chosen.append(group, option.value)
        expect(option.count, `${group}=${option.value} under ${query}`).toBe(await total(chosen.toString()))
      }
    }
  })
})

describe('active filters and the answer filter form', () => {
  it('lists every active filter with a link that removes just that one', async () => {
    const html = await page('country=IT&country=DE&respondentType=city&answer=pilot_interest:yes')
    const items = [
      ...html.matchAll(/<li>([^<]+) <a href="([^"]+)" aria-label="Remove the filter ([^"]+)">Remove<\/a><\/li>/g),
    ].map((m) => ({ text: m[1]!, url: unescape(m[2]!), label: m[3]! }))
    expect(items.map((i) => i.text)).toEqual([
      'Respondent type: City or local authority',
      'Country: Italy',
      'Country: Germany',
      expect.stringMatching(/pilot project.*: Yes$/),
    ])
    const germany = items.find((i) => i.text === 'Country: Germany')!
    expect(new URLSearchParams(germany.url.split('?')[1]).getAll('country')).toEqual(['IT'])
    const after = await page(germany.url.split('?')[1]!)
    expect(options(after, 'country').find((o) => o.value === 'DE')).toMatchObject({ checked: false })
    expect(options(after, 'country').find((o) => o.value === 'IT')).toMatchObject({ checked: true })
    const answer = items.at(-1)!
    expect(new URLSearchParams(answer.url.split('?')[1]).getAll('answer')).toEqual([])
  })

  it('offers answer filters in a form: a choice of question and answer sent as answer=questionId:value', async () => {
    const html = await page('')
    expect(html).toMatch(/<label class="ecl-form-label" for="filter-answer">Filter on an answer<\/label>/)
    expect(html).toMatch(/<select class="ecl-select" id="filter-answer" name="answer"/)
    expect(html).toContain('<option value="pilot_interest:yes">')
    // The form's own request, as a browser without JavaScript sends it (the empty choice is ignored).
    const chosen = await page('answer=pilot_interest:yes&answer=&country=IT')
    expect(chosen).toContain('<input type="hidden" name="answer" value="pilot_interest:yes">')
    expect(unescape(chosen)).toMatch(/<li>[^<]*pilot project[^<]*: Yes <a href="\/review\?country=IT"/)
  })

  it('no filters: no "Filters in use" list', async () => {
    expect(await page('')).not.toContain('id="active-filters-heading"')
  })
})
