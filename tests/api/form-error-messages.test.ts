import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, sessionFor, type PageSession } from '../helpers/accounts.js'
import { readForm } from '../helpers/forms.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let curator: PageSession
let respondent: PageSession

beforeAll(async () => {
  t = await createTestApp()
  curator = await sessionFor(t.services, await createUser(t.services, 'curator'))
  respondent = await sessionFor(t.services, await createUser(t.services, 'respondent'))
})
afterAll(async () => {
  await t?.close()
})

const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')

/** Each error summary item with the label of the input it links to, read from the page itself. */
function summaryWithLabels(html: string): { text: string; href: string; label: string | undefined }[] {
  const summary = /<ul class="[^"]*\berror-summary__list\b[^"]*">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? ''
  return [...summary.matchAll(/<li><a href="#([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => {
    const id = m[1]!
    const own = new RegExp(`<label[^>]*for="${id}"[^>]*>([^<]+)</label>`).exec(html)?.[1]
    // A group of checkboxes (or a fact's parts): the legend of the fieldset that holds the input.
    const legend =
      own ?? new RegExp(`<legend[^>]*>([^<]+)</legend>(?:(?!</fieldset>)[\\s\\S])*?id="${id}[-"]`).exec(html)?.[1]
    return { href: id, text: decode(m[2]!), label: legend ? decode(legend).trim() : undefined }
  })
}

const GENERIC = ['Fill this in', 'Choose at least one', 'Choose one of the options']

function expectNamed(items: ReturnType<typeof summaryWithLabels>) {
  expect(items.length).toBeGreaterThan(2)
  for (const item of items) {
    expect(item.label, `a label for #${item.href}`).toBeDefined()
    expect(item.text.toLowerCase(), `#${item.href}`).toContain(item.label!.toLowerCase())
    expect(GENERIC).not.toContain(item.text)
  }
}

describe('every message in an error summary names its field', () => {
  it('the curation form of an investment, emptied', async () => {
    const url = '/curation/investments/c01-koto-sib'
    const form = readForm((await request(t.app).get(url).set('Cookie', curator.cookie)).text, url)
    for (const name of [
      'title',
      'summary',
      'geography',
      'countries',
      'amountCurrency',
      'sources',
      'stage',
      'confidence',
    ])
      if (form.get(name) !== undefined) form.set(name, '')
    form.set('policyFields', [])
    form.set('amountValue', '12').set('yearStart', 'soon')
    const res = await request(t.app).post(form.action).set('Cookie', curator.cookie).type('form').send(form.encode())
    expect(res.status).toBe(400)
    const items = summaryWithLabels(res.text)
    expectNamed(items)
    expect(items.map((i) => i.text)).toEqual(
      expect.arrayContaining(['Fill in “Title”', 'Choose at least one option for “Policy fields”']),
    )
  })

  it('the proposal form, sent empty', async () => {
    const html = (await request(t.app).get('/proposals/new').set('Cookie', respondent.cookie)).text
    const form = readForm(html, '/proposals/new')
    for (const name of new Set(form.pairs.map(([n]) => n))) if (!name.startsWith('_')) form.set(name, '')
    const res = await request(t.app).post(form.action).set('Cookie', respondent.cookie).type('form').send(form.encode())
    expect(res.status).toBe(400)
    expectNamed(summaryWithLabels(res.text))
  })

  it('the retire form, sent without a reason', async () => {
    const url = '/curation/investments/c01-koto-sib'
    const retire = readForm((await request(t.app).get(url).set('Cookie', curator.cookie)).text, `${url}/retire`)
    const res = await request(t.app)
      .post(retire.action)
      .set('Cookie', curator.cookie)
      .type('form')
      .send(retire.encode())
    expect(res.status).toBe(400)
    const items = summaryWithLabels(res.text)
    expect(items).toEqual([
      { href: 'reason', text: 'Fill in “Why are you retiring it?”', label: 'Why are you retiring it?' },
    ])
  })
})
