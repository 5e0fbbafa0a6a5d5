/**
 * Choosing the language, end to end, with a complete test locale: the real English catalogue and a
 * German file made from it ("[de] " before every message), loaded from a temporary directory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCALES_DIR } from '../../src/i18n/catalogue.js'
import { contentKeys, onMissingMessage, reloadCatalogues, sourceMessages } from '../../src/i18n/i18n.js'
import { createUser, mergeCookies, sessionFor } from '../helpers/accounts.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let dir: string
const missing: string[] = []

function nest(entries: Iterable<[string, string]>): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of entries) {
    const parts = key.split('.')
    let node = root
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>
    node[parts.at(-1)!] = value
  }
  return root
}

beforeAll(async () => {
  t = await createTestApp()
  dir = mkdtempSync(join(tmpdir(), 'fi-locales-'))
  writeFileSync(join(dir, 'en.json'), readFileSync(join(LOCALES_DIR, 'en.json')))
  const german = [...sourceMessages(), ...contentKeys()].map(
    ([key, value]) => [key, key === 'home.title' ? '[de] Startseite' : `[de] ${value}`] as [string, string],
  )
  writeFileSync(
    join(dir, 'de.json'),
    JSON.stringify({ $meta: { translatedBy: 'test', nativeSpeakerReviewed: false }, ...nest(german) }),
  )
  // A second, partial locale: listed on /languages, never offered.
  writeFileSync(
    join(dir, 'pl.json'),
    JSON.stringify({
      $meta: { translatedBy: 'test', nativeSpeakerReviewed: false },
      nav: { investments: 'Inwestycje' },
    }),
  )
  reloadCatalogues(dir)
  onMissingMessage(({ locale, key }) => missing.push(`${locale}:${key}`))
})

afterAll(async () => {
  reloadCatalogues()
  await t.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('choosing the language', () => {
  it('follows Accept-Language on a first visit: German page, lang attribute, Content-Language', async () => {
    const res = await request(t.app).get('/investments').set('Accept-Language', 'de-DE,de;q=0.9,en;q=0.5')
    expect(res.status).toBe(200)
    expect(res.headers['content-language']).toBe('de')
    expect(res.text).toContain('<html lang="de">')
    expect(res.text).toContain('[de] ')
    expect(res.text).toContain('hreflang="en"')
  })

  it('keeps ?lang= in a cookie, so later pages stay in that language without the parameter', async () => {
    const first = await request(t.app).get('/glossary?lang=de')
    expect(first.text).toContain('<html lang="de">')
    const cookie = mergeCookies('', first)
    expect(cookie).toContain('fi_lang=de')
    const next = await request(t.app).get('/funds').set('Cookie', cookie).set('Accept-Language', 'en')
    expect(next.text).toContain('<html lang="de">')
    const back = await request(t.app).get('/funds?lang=en').set('Cookie', cookie)
    expect(back.text).toContain('<html lang="en">')
  })

  it('offers only complete locales: a partial one and an unknown code are ignored', async () => {
    for (const path of ['/?lang=pl', '/?lang=xx', '/?lang=']) {
      const res = await request(t.app).get(path)
      expect(res.status).toBe(200)
      expect(res.text).toContain('<html lang="en">')
    }
    const page = await request(t.app).get('/')
    expect(page.text).toContain('lang="de">Deutsch')
    expect(page.text).not.toContain('Polski')
  })

  it('marks a translation no native speaker reviewed, with the report link', async () => {
    const res = await request(t.app).get('/?lang=de')
    expect(res.text).toContain('[de] This page is a draft translation')
    expect(res.text).toContain('/translation-problems/new?page=')
  })

  it('falls back to English for a key the locale lacks, and reports it once, never failing the page', async () => {
    const { translate } = await import('../../src/i18n/i18n.js')
    missing.length = 0
    expect(translate('pl', 'nav.investments')).toBe('Inwestycje')
    expect(translate('pl', 'nav.glossary')).toBe(translate('en', 'nav.glossary'))
    expect(translate('pl', 'nav.glossary')).toBe(translate('en', 'nav.glossary'))
    expect(missing).toEqual(['pl:nav.glossary'])
    const home = await request(t.app).get('/?lang=de')
    expect(home.status).toBe(200)
    expect(home.text).toContain('[de] Startseite')
  })

  it('formats numbers and money in the page language', async () => {
    const res = await request(t.app).get('/investments/c25-ceb-poland-aid-fund?lang=de')
    expect(res.status).toBe(200)
    expect(res.text).toMatch(/450\.000\.000\u00a0EUR/)
  })

  it('answers the API in the asked language, codes unchanged', async () => {
    const res = await request(t.app).get('/api/v1/investments/no-such-case').set('Accept-Language', 'de')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
    expect(res.body.error.message).toMatch(/^\[de\] /)
    const bad = await request(t.app).get('/api/v1/investments?yearFrom=soon&lang=de')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_failed')
    expect(JSON.stringify(bad.body.error.fields)).toContain('[de] ')
    const list = await request(t.app).get('/api/v1/investments?policyField=housing&lang=de')
    expect(list.status).toBe(200)
    expect(Object.keys(list.body.facets.policyField)).toContain('housing')
  })

  it("keeps a signed-in user's choice on the account and applies it on a new device", async () => {
    const user = await createUser(t.services, 'respondent', 'Comune di Torino')
    const session = await sessionFor(t.services, user)
    await request(t.app).get('/account?lang=de').set('Cookie', session.cookie)
    expect(await storedLocale(user.id)).toBe('de')
    const elsewhere = await sessionFor(t.services, user)
    const res = await request(t.app).get('/account').set('Cookie', elsewhere.cookie).set('Accept-Language', 'en')
    expect(res.text).toContain('<html lang="de">')
  })

  it('lists every EU language on /languages with its coverage and status', async () => {
    const res = await request(t.app).get('/languages')
    expect(res.status).toBe(200)
    for (const name of ['Deutsch', 'Polski', 'Ελληνικά', 'Gaeilge', 'Malti']) expect(res.text).toContain(name)
    expect(res.text).toContain('Offered in the language menu')
    expect(res.text).toContain('Translation in progress')
  })
})

async function storedLocale(id: string): Promise<string | null> {
  const doc = await t.services.store.collection('users').findOne({ _id: id })
  return (doc?.locale as string | undefined) ?? null
}

describe('reporting a translation problem', () => {
  it('stores a report that curators see, and refuses an empty one naming the field', async () => {
    const form = await request(t.app).get('/translation-problems/new?page=%2Finvestments&lang=de')
    const cookie = mergeCookies('', form)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!
    const empty = await request(t.app)
      .post('/translation-problems')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, locale: 'de', page: '/investments', problem: '' })
    expect(empty.status).toBe(400)
    expect(empty.text).toContain('href="#problem"')
    const sent = await request(t.app).post('/translation-problems').set('Cookie', cookie).type('form').send({
      _csrf: csrf,
      locale: 'de',
      page: '/investments',
      problem: 'The word "Fonds" is wrong here',
      suggestion: 'Mittel',
    })
    expect(sent.status).toBe(303)
    const curator = await createUser(t.services, 'curator')
    const list = await request(t.app)
      .get('/curation/translation-problems')
      .set('Cookie', (await sessionFor(t.services, curator)).cookie)
    expect(list.status).toBe(200)
    expect(list.text).toContain('The word &quot;Fonds&quot; is wrong here')
  })
})
