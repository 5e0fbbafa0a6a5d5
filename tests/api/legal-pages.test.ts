import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SITE } from '../../src/config.js'
import { createTestApp, testConfig, type TestApp } from '../helpers/test-app.js'
import { createApp } from '../../src/app.js'
import { anonymousSession, createUser, STRONG_PASSWORD } from '../helpers/accounts.js'
import { createLogger } from '../../src/logger.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

const LEGAL_PAGES = ['/legal-notice', '/privacy', '/cookies', '/accessibility', '/contact']

/** The same services behind another configuration (the EC switch, the operator's name). */
function appWith(site: Partial<typeof DEFAULT_SITE>) {
  return createApp({
    config: testConfig({ dataDir: t.dataDir, site: { ...DEFAULT_SITE, ...site } }),
    services: t.services,
    logger: createLogger('silent'),
    viewEngine: t.app.locals.viewEngine,
  })
}

describe('the pages every EC site has', () => {
  it.each(LEGAL_PAGES)('%s answers 200 and is linked from the footer of every page', async (path) => {
    const res = await request(t.app).get(path)
    expect(res.status).toBe(200)
    for (const page of ['/', '/investments', '/no-such-page', path]) {
      const html = (await request(t.app).get(page)).text
      const footer = html.slice(html.indexOf('<footer'))
      expect(footer).toContain(`href="${path}"`)
    }
  })

  it('the legal notice says who runs the site, that it is not advice, and how facts are sourced', async () => {
    const res = await request(t.app).get('/legal-notice')
    expect(res.text).toContain('Action 6')
    expect(res.text).toContain('Partnership on Inclusion of Migrants and Refugees')
    expect(res.text).toContain('It is not financial, legal or investment advice')
    expect(res.text).toContain('V verified in a primary source, S from a secondary source only, U uncertain')
    expect(res.text).toContain('has not entered its name yet')
  })

  it('the operator named in the configuration appears on the legal notice and contact page', async () => {
    const app = appWith({
      operatorName: 'City of Example, Integration Office',
      operatorEmail: 'fi@example.eu',
      operatorAddress: '1 Example Square, Brussels',
    })
    for (const path of ['/legal-notice', '/contact', '/privacy']) {
      const res = await request(app).get(path)
      expect(res.text).toContain('This copy of the site is run by City of Example, Integration Office.')
      expect(res.text).toContain('href="mailto:fi@example.eu"')
      expect(res.text).toContain('1 Example Square, Brussels')
    }
    expect((await request(t.app).get('/contact')).text).toContain('No contact address has been entered')
  })

  it('the accessibility statement gives the status our tests measure, known limitations and how to report', async () => {
    const res = await request(t.app).get('/accessibility')
    expect(res.text).toContain('WCAG')
    expect(res.text).toContain('partially conformant')
    expect(res.text).toContain('axe-core')
    expect(res.text).toContain('Known limitations')
    expect(res.text).toContain('Report a problem')
  })
})

describe('identity: the EU and the Commission only where the operator says the Commission hosts the site', () => {
  it('by default the header carries the partnership and no EU identity', async () => {
    const res = await request(t.app).get('/')
    const header = res.text.slice(res.text.indexOf('<header'), res.text.indexOf('</header>'))
    expect(header).toContain('Partnership on Inclusion of Migrants and Refugees')
    expect(res.text).not.toContain('An official website of the European Union')
    expect(header).not.toContain('European Commission')
    expect(header).not.toContain('eu-identity')
    expect(header).not.toContain('logo-ec--')
  })

  it('with EC_HOSTED the header says it is an official EU website of the European Commission', async () => {
    const res = await request(appWith({ ecHosted: true })).get('/investments')
    const header = res.text.slice(res.text.indexOf('<header'), res.text.indexOf('</header>'))
    expect(header).toContain('An official website of the European Union')
    expect(header).toContain('European Commission')
    // ECL's European Commission logo, in the page's language, served by the app itself
    expect(header).toMatch(/srcset="\/assets\/ecl\/logo\/logo-ec--en\.[0-9a-f]{12}\.svg"/)
    expect(header).toMatch(
      /<img class="ecl-site-header__logo-image[^"]*" src="\/assets\/ecl\/logo\/logo-ec--mute\.[0-9a-f]{12}\.svg" alt="European Commission">/,
    )
    const french = await request(appWith({ ecHosted: true })).get('/investments?lang=fr')
    expect(french.text).toMatch(/logo-ec--fr\.[0-9a-f]{12}\.svg/)
    expect((await request(appWith({ ecHosted: true })).get('/legal-notice')).text).toContain(
      'hosted by the European Commission',
    )
  })
})

describe('the cookies page lists the cookies the app really sets', () => {
  const names = (res: request.Response) =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split('=')[0]!)

  it('every cookie set on a visit, a language choice and a sign-in is on the page, with its lifetime', async () => {
    const seen = new Set<string>()
    for (const name of names(await request(t.app).get('/login'))) seen.add(name)
    for (const name of names(await request(t.app).get('/investments?lang=en'))) seen.add(name)
    const anon = await anonymousSession(t.app)
    const user = await createUser(t.services, 'respondent')
    const signIn = await request(t.app)
      .post('/login')
      .set('Cookie', anon.cookie)
      .type('form')
      .send({ email: user.email, password: STRONG_PASSWORD, _csrf: anon.csrf })
    expect(signIn.status).toBe(303)
    for (const name of names(signIn)) seen.add(name)
    expect([...seen].sort()).toEqual(['fi_csrf', 'fi_device', 'fi_lang', 'fi_session'])
    const page = (await request(t.app).get('/cookies')).text
    for (const name of seen) expect(page).toContain(`<code>${name}</code>`)
    expect(page).toContain('at most 12 hours')
    expect(page).toContain('180 days')
    expect(page).toContain('365 days')
    expect(page).toContain('Until you close the browser')
    expect(page).toContain('does not ask for your consent with a banner')
  })
})
