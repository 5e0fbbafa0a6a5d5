import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../src/accounts/account.js'
import { CatalogueRepository } from '../../src/catalogue/catalogue-repository.js'
import { todayIso } from '../../src/curation/curation-schemas.js'
import { formatDate } from '../../src/i18n/format.js'
import type { CuratedRecord } from '../../src/curation/curation-service.js'
import { anonymousSession, createUser, sessionFor, type PageSession } from '../helpers/accounts.js'
import { readForm } from '../helpers/forms.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let curator: User
let session: PageSession

beforeAll(async () => {
  t = await createTestApp()
  curator = await createUser(t.services, 'curator')
  session = await sessionFor(t.services, curator)
})
afterAll(async () => {
  await t.close()
})

const page = (path: string, s: PageSession = session) => request(t.app).get(path).set('Cookie', s.cookie)
const submit = (action: string, body: string, s: PageSession = session) =>
  request(t.app).post(action).set('Cookie', s.cookie).type('form').send(body)
const actor = () => ({ id: curator.id, name: 'Another Curator' })

/** The value attribute of the input with this id. */
const valueOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1]

describe('editing an investment through the form', () => {
  it('saves a change, shows a notice, and the history shows the field before and after with who and when', async () => {
    const form = readForm(
      (await page('/curation/investments/c02-duo-for-a-job-brussels')).text,
      '/curation/investments/c02-duo-for-a-job-brussels',
    )
    expect(form.get('_version')).toBe('1')
    expect(form.get('_csrf')).toBe(session.csrf)
    // The seed names no source for the amount: the curator now says which one publishes it.
    form
      .set('title', 'Duo for a Job Brussels (edited)')
      .set('amountSource', form.get('sources')!.split('\n')[0]!.split(' ')[0] ?? '')
      .set('verifiedToday', 'yes')
    const res = await submit(form.action, form.encode())
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/curation/investments/c02-duo-for-a-job-brussels?done=saved')

    const after = await page(res.headers.location as string)
    expect(after.text).toContain('Your changes were saved.')
    // The site's date helper, never the raw ISO date (record header, "verify" hint and the list).
    expect(after.text).toContain(`Verified ${formatDate(todayIso())}`)
    expect(after.text).not.toContain(todayIso())
    const list = await page('/curation/investments?q=c02-duo')
    expect(list.text).toContain(formatDate(todayIso()))
    expect(list.text).not.toContain(todayIso())
    const stored = await t.services.investments.get('c02-duo-for-a-job-brussels')
    expect(stored).toMatchObject({ title: 'Duo for a Job Brussels (edited)', version: 2, lastVerified: todayIso() })

    const history = await page('/curation/investments/c02-duo-for-a-job-brussels/history')
    expect(history.status).toBe(200)
    expect(history.text).toContain('Version 2: edited')
    expect(history.text).toContain(`by ${curator.name} on`)
    expect(history.text).toMatch(
      /<th class="ecl-table__cell" scope="row">Title<\/th>\s*<td class="ecl-table__cell pre-line">[^<]*<\/td>\s*<td class="ecl-table__cell pre-line">Duo for a Job Brussels \(edited\)<\/td>/,
    )
    expect(history.text).toContain('<th class="ecl-table__cell" scope="row">Last verified</th>')
    expect(history.text).not.toMatch(/<th[^>]* scope="row">Summary<\/th>/)
  })

  it('a stale version: 409, what changed and by whom, the curator’s input kept, and saving again goes through', async () => {
    const html = (await page('/curation/investments/c03-duo-for-a-job-france')).text
    const form = readForm(html, '/curation/investments/c03-duo-for-a-job-france')
    // Someone else saves first.
    const current = (await t.services.curation.records.get(
      'investments',
      'c03-duo-for-a-job-france',
    )) as CuratedRecord<'investments'>
    await t.services.curation.records.update(
      'investments',
      current.id,
      {
        record: {
          ...current.record,
          statusText: 'Changed by a colleague',
          amountSource: current.record.sources[0]?.url ?? null,
        } as never,
      },
      1,
      actor(),
    )

    form
      .set('summary', 'My own improved summary of the Duo for a Job mentoring programme.')
      .set('amountSource', current.record.sources[0]!.url)
    const res = await submit(form.action, form.encode())
    expect(res.status).toBe(409)
    expect(res.text).toContain('Someone else changed this record while you were editing')
    expect(res.text).toContain('You opened version 1; the record is now at version 2.')
    expect(res.text).toMatch(
      /<th class="ecl-table__cell" scope="row">Status as published<\/th><td class="ecl-table__cell pre-line">Changed by a colleague<\/td><td class="ecl-table__cell">Another Curator,/,
    )
    expect(res.text).toContain('My own improved summary of the Duo for a Job mentoring programme.</textarea>')
    const retry = readForm(res.text, '/curation/investments/c03-duo-for-a-job-france')
    expect(retry.get('_version')).toBe('2')
    const saved = await submit(retry.action, retry.encode())
    expect(saved.status).toBe(303)
    expect((await t.services.investments.get('c03-duo-for-a-job-france'))!.summary).toBe(
      'My own improved summary of the Duo for a Job mentoring programme.',
    )
  })

  it('invalid input: 400 with a summary linking to each field, the typed values kept, nothing saved', async () => {
    const form = readForm(
      (await page('/curation/investments/c05-veldhoven-refugee-integration-sib')).text,
      '/curation/investments/c05-veldhoven-refugee-integration-sib',
    )
    form
      .set('title', '')
      .set('amountValue', '2500000')
      .set('amountCurrency', 'EUR')
      .set('amountSource', '')
      .set('yearStart', 'twenty')
      .set('summary', 'Kept summary text, at least ten characters.')
    const res = await submit(form.action, form.encode())
    expect(res.status).toBe(400)
    expect(res.text).toContain('<title>Error: Edit:')
    expect(res.text).toContain('href="#title"')
    expect(res.text).toContain('href="#amountSource"')
    expect(res.text).toContain('href="#yearStart"')
    expect(res.text).toContain('Give the web address that publishes the amount: every figure needs a source')
    expect(res.text).toContain('Kept summary text, at least ten characters.</textarea>')
    expect(valueOf(res.text, 'yearStart')).toBe('twenty')
    expect((await t.services.investments.get('c05-veldhoven-refugee-integration-sib'))!.version).toBe(1)
  })

  it('creates a case from the empty form (checkboxes, lines, amount with its source)', async () => {
    const form = readForm((await page('/curation/investments/new')).text, '/curation/investments/new')
    form
      .set('title', 'Harbour town microloans for refugee entrepreneurs')
      .set('summary', 'Microloans with mentoring for refugees starting a business in the harbour town.')
      .set('geography', 'Harbour town')
      .set('countries', 'nl, BE')
      .set('policyFields', ['entrepreneurship'])
      .set('targetGroups', ['refugees', 'migrant_entrepreneurs'])
      .set('instruments', ['microfinance'])
      .set('amountValue', '1,200,000')
      .set('amountCurrency', 'eur')
      .set('amountSource', 'https://www.example.org/harbour/budget')
      .set('financiers', 'Harbour Microfinance\nCity of Harbour town')
      .set('stage', 'implementation')
      .set('yearStart', '2022')
      .set('sources', 'https://www.example.org/harbour Harbour town press release')
      .set('confidence', 'S')
    const res = await submit(form.action, form.encode())
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(
      '/curation/investments/harbour-town-microloans-for-refugee-entrepreneurs?done=created',
    )
    const created = await t.services.investments.get('harbour-town-microloans-for-refugee-entrepreneurs')
    expect(created).toMatchObject({
      origin: 'curated',
      countries: ['NL', 'BE'],
      targetGroups: ['refugees', 'migrant_entrepreneurs'],
      amount: { value: 1_200_000, currency: 'EUR' },
      financiers: ['Harbour Microfinance', 'City of Harbour town'],
      sources: [
        { url: 'https://www.example.org/harbour', label: 'Harbour town press release' },
        { url: 'https://www.example.org/harbour/budget', label: null },
      ],
      lastVerified: null,
    })
    const search = await request(t.app).get('/investments?q=harbour%20microloans')
    expect(search.text).toContain('Harbour town microloans for refugee entrepreneurs')
  })
})

describe('instruments, funds and glossary terms through the forms', () => {
  it('creates an instrument for a codelist value without a record; a fact without a source is refused', async () => {
    await new CatalogueRepository(t.services.store).remove('instruments', 'crowdfunding')
    await t.services.catalogue.reload()
    const html = (await page('/curation/instruments/new')).text
    expect(html).toMatch(/<option value="crowdfunding">Crowdfunding<\/option>/)
    const form = readForm(html, '/curation/instruments/new')
    form
      .set('slug', 'crowdfunding')
      .set('name', 'Crowdfunding')
      .set('summary', 'Many small investors or lenders finance a project through an online platform.')
      .set('revolving', 'no')
    for (const section of ['definition', 'revolvingFacts', 'providers', 'cityRequirements'])
      form.set(`${section}.0.text`, `A sourced statement about ${section}.`).set(`${section}.0.confidence`, 'S')
    for (const section of ['revolvingFacts', 'providers', 'cityRequirements'])
      form.set(`${section}.0.sources`, 'https://www.example.org/crowdfunding')
    const missing = await submit(form.action, form.encode())
    expect(missing.status).toBe(400)
    expect(missing.text).toContain('href="#definition-0-sources"')
    expect(missing.text).toContain('Every fact needs at least one source')

    const retry = readForm(missing.text, '/curation/instruments/new').set(
      'definition.0.sources',
      'https://www.example.org/crowdfunding/definition',
    )
    const res = await submit(retry.action, retry.encode())
    expect(res.status).toBe(303)
    const pub = await request(t.app).get('/api/v1/instruments/crowdfunding')
    expect(pub.status).toBe(200)
    expect(pub.body.definition).toEqual([
      {
        text: 'A sourced statement about definition.',
        confidence: 'S',
        sources: ['https://www.example.org/crowdfunding/definition'],
      },
    ])
  })

  it('edits the facts of a fund: adds one in the empty block, removes one by emptying it', async () => {
    const before = t.services.catalogue.fund('esf-plus')!
    const form = readForm((await page('/curation/funds/esf-plus')).text, '/curation/funds/esf-plus')
    const n = before.budget.length
    form
      .set(`budget.${n}.text`, 'A new budget figure from the regulation.')
      .set(`budget.${n}.confidence`, 'V')
      .set(`budget.${n}.sources`, 'https://eur-lex.europa.eu/example')
    form.set('finances.0.text', '').set('finances.0.sources', '')
    const res = await submit(form.action, form.encode())
    expect(res.status).toBe(303)
    const after = t.services.catalogue.fund('esf-plus')!
    expect(after.budget).toHaveLength(n + 1)
    expect(after.budget[n]).toEqual({
      text: 'A new budget figure from the regulation.',
      confidence: 'V',
      sources: ['https://eur-lex.europa.eu/example'],
    })
    expect(after.finances).toEqual(before.finances.slice(1))
    const history = await page('/curation/funds/esf-plus/history')
    expect(history.text).toMatch(/<th[^>]* scope="row">Budget<\/th>/)
    expect(history.text).toMatch(/<th[^>]* scope="row">What it finances<\/th>/)
    expect(history.text).toContain('Added:')
    expect(history.text).toContain('Removed:')
  })

  it('creates a glossary term, retires it (a reason is required) and reinstates it', async () => {
    const form = readForm((await page('/curation/glossary/new')).text, '/curation/glossary/new')
    form
      .set('slug', 'outcome-fund')
      .set('term', 'Outcome fund')
      .set('definition', 'A pot of money that pays for outcomes achieved by several projects.')
      .set('confidence', 'S')
      .set('sources', 'https://www.example.org/outcome-funds')
    const created = await submit(form.action, form.encode())
    expect(created.status).toBe(303)
    expect((await request(t.app).get('/glossary')).text).toContain('id="outcome-fund"')

    const edit = (await page('/curation/glossary/outcome-fund')).text
    const retire = readForm(edit, '/curation/glossary/outcome-fund/retire')
    const noReason = await submit(retire.action, retire.encode())
    expect(noReason.status).toBe(400)
    expect(noReason.text).toContain('href="#reason"')
    const done = await submit(retire.action, retire.set('reason', 'Merged into another term').encode())
    expect(done.status).toBe(303)
    expect(done.headers.location).toBe('/curation/glossary/outcome-fund?done=retired')
    expect((await request(t.app).get('/glossary')).text).not.toContain('id="outcome-fund"')
    const history = await page('/curation/glossary/outcome-fund/history')
    expect(history.text).toContain('Version 2: retired')
    expect(history.text).toContain('Merged into another term')

    const reinstate = readForm(
      (await page('/curation/glossary/outcome-fund')).text,
      '/curation/glossary/outcome-fund/reinstate',
    )
    expect((await submit(reinstate.action, reinstate.encode())).status).toBe(303)
    expect((await request(t.app).get('/glossary')).text).toContain('id="outcome-fund"')
  })

  it('lists records with their status, version and quality; filters by text and status', async () => {
    const list = await page('/curation/investments?q=c02-duo')
    expect(list.status).toBe(200)
    expect(list.text).toContain('href="/curation/investments/c02-duo-for-a-job-brussels"')
    expect(list.text).toContain('1 record</p>')
    const retired = await page('/curation/glossary?show=retired')
    expect(retired.text).toContain('0 records')
    expect((await page('/curation/widgets')).status).toBe(404)
    expect((await page('/curation/investments?page=0')).status).toBe(400)
  })
})

describe('who may curate', () => {
  it('respondents and reviewers get 403 on every curation page; anonymous visitors are sent to sign in', async () => {
    for (const role of ['respondent', 'reviewer'] as const) {
      const s = await sessionFor(t.services, await createUser(t.services, role))
      for (const path of [
        '/curation',
        '/curation/investments',
        '/curation/investments/c01-koto-sib',
        '/curation/investments/c01-koto-sib/history',
        '/curation/proposals',
      ]) {
        expect((await page(path, s)).status, `${role} ${path}`).toBe(403)
      }
      expect((await submit('/curation/investments/c01-koto-sib', `_csrf=${s.csrf}&_version=1&title=x`, s)).status).toBe(
        403,
      )
    }
    const anonymous = await anonymousSession(t.app)
    const res = await page('/curation/investments/c01-koto-sib', anonymous)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/login?returnTo=%2Fcuration%2Finvestments%2Fc01-koto-sib')
  })

  it('a form post without the CSRF token is refused', async () => {
    const res = await request(t.app)
      .post('/curation/glossary/new')
      .set('Cookie', session.cookie)
      .type('form')
      .send('term=x')
    expect(res.status).toBe(403)
  })
})

describe('completeness and last-verified badges; the data-quality page', () => {
  it('shows the badges on the list cards and the detail page, and the edit link to curators only', async () => {
    const list = await request(t.app).get('/investments')
    expect(list.text).toMatch(
      /<li class="quality__badge"><span class="ecl-label ecl-label--(high|medium|low)">Completeness \d+%<\/span><\/li>/,
    )
    expect(list.text).toContain('Last reviewed by the editors: never')
    const detail = await request(t.app).get('/investments/c01-koto-sib')
    expect(detail.text).toContain('<h2 class="heading-m" id="quality">Completeness</h2>')
    expect(detail.text).not.toContain('Edit this record')
    const asCurator = await page('/investments/c01-koto-sib')
    expect(asCurator.text).toContain('<a href="/curation/investments/c01-koto-sib">Edit this record</a>')
  })

  it('names the source of the amount on the detail page when a curator recorded it', async () => {
    const detail = await request(t.app).get('/investments/c02-duo-for-a-job-brussels')
    expect(detail.text).toMatch(/<a href="#source-1">\(source 1\)<\/a>/)
    expect(detail.text).toContain(`Last reviewed by the editors: ${formatDate(todayIso())}`)
  })

  it('the data-quality page is public: what is missing most, and the least complete records', async () => {
    const res = await request(t.app).get('/data-quality')
    expect(res.status).toBe(200)
    expect(res.text).toContain('Which fields are missing most')
    expect(res.text).toContain(
      '<th class="ecl-table__cell" scope="row">Amount</th><td class="ecl-table__cell table__number">1</td>',
    )
    expect(res.text).toContain('Least complete records')
    expect(res.text).toContain('href="/investments/')
    expect((await page('/data-quality')).text).toContain('href="/curation/investments/')
  })
})
