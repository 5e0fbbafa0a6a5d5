import fc from 'fast-check'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MatchResult } from '../../src/matching/match-result.js'
import { FUNDS, INSTRUMENTS } from '../../src/shared/codelists.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { profileInput } from '../unit/matching/arbitraries.js'
import { EXAMPLE_NEEDS_PROFILE } from '../../src/matching/needs-profile.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

/** The example of DESIGN §5. */
const PROFILE = EXAMPLE_NEEDS_PROFILE

const post = (body: unknown) =>
  request(t.app)
    .post('/api/v1/match')
    .send(body as object)

function expectValidationError(res: request.Response): Record<string, string[]> {
  expect(res.status).toBe(400)
  expect(res.type).toBe('application/json')
  expect(res.body.error.code).toBe('validation_failed')
  expect(typeof res.body.error.message).toBe('string')
  const fields = res.body.error.fields as Record<string, string[]>
  for (const messages of Object.values(fields)) {
    expect(messages.length).toBeGreaterThan(0)
    for (const message of messages) expect(message.length).toBeGreaterThan(3)
  }
  return fields
}

describe('POST /api/v1/match', () => {
  it('answers the DESIGN §5 example with the match result contract, no account needed', async () => {
    const res = await post(PROFILE)
    expect(res.status).toBe(200)
    const result = MatchResult.parse(res.body)
    // DESIGN §5's keys in order, plus `notices` and `rulesUrl` (issue #11 adds, never renames).
    expect(Object.keys(res.body)).toEqual([
      'profile',
      'notices',
      'readiness',
      'instruments',
      'funds',
      'combinations',
      'examples',
      'advisory',
      'rulesUrl',
    ])
    for (const option of [...result.instruments, ...result.funds]) {
      for (const reason of option.reasons) {
        expect(Object.keys(reason)).toEqual(
          expect.arrayContaining(['criterion', 'effect', 'text', 'ruleId', 'ruleUrl', 'sources']),
        )
        expect(reason.ruleUrl).toBe(`/match/rules#${reason.ruleId}`)
      }
    }
    const rules = await request(t.app).get(result.rulesUrl)
    expect(rules.status).toBe(200)
    expect(rules.text).toContain(`id="${result.instruments[0]!.reasons[0]!.ruleId}"`)
    expect(result.profile).toEqual(PROFILE)
    expect(result.readiness.overall).toBeGreaterThanOrEqual(0)
    for (const example of result.examples) {
      const found = await request(t.app).get(`/api/v1/investments/${example.id}`)
      expect(found.status, `example ${example.id} is a published investment`).toBe(200)
      expect(found.body.title).toBe(example.title)
    }
    for (const route of result.advisory) expect(route.url).toMatch(/^https:\/\//)
    expect(result.instruments[0]).toMatchObject({ slug: 'loan', fit: 'strong' })
  })

  // Changed (issue #11): sorted by fit first (not suitable last), then score, then the codelist order.
  it('lists every instrument and fund once, sorted by fit then score, with names from the catalogue', async () => {
    const { body } = await post(PROFILE)
    const result = MatchResult.parse(body)
    expect(result.instruments.map((i) => i.slug).sort()).toEqual([...INSTRUMENTS].sort())
    expect(result.funds.map((f) => f.slug).sort()).toEqual([...FUNDS].sort())
    for (const list of [result.instruments, result.funds]) {
      for (let i = 1; i < list.length; i++) {
        const [a, b] = [list[i - 1]!, list[i]!]
        const rank = { strong: 3, possible: 2, weak: 1, not_suitable: 0 }
        expect(rank[a.fit] > rank[b.fit] || (a.fit === b.fit && a.score >= b.score), `${a.slug} before ${b.slug}`).toBe(
          true,
        )
      }
    }
    const catalogue = (await request(t.app).get('/api/v1/instruments')).body.items as { slug: string; name: string }[]
    for (const item of result.instruments) expect(item.name).toBe(catalogue.find((c) => c.slug === item.slug)?.name)
  })

  it('is deterministic: two calls give the same bytes, whatever the order of list answers', async () => {
    const first = await post(PROFILE)
    const second = await post(PROFILE)
    expect(second.text).toBe(first.text)
    const shuffled = await post({
      ...PROFILE,
      policyFields: ['housing', 'education', 'housing'],
      partners: ['ngos', 'national_promotional_bank'],
    })
    const ordered = await post({
      ...PROFILE,
      policyFields: ['education', 'housing'],
      partners: ['national_promotional_bank', 'ngos'],
    })
    expect(shuffled.text).toBe(ordered.text)
  })

  // Changed (issue #11): a city with room to borrow repays from its budget, so "no revenue" no longer
  // moves its loan down; the what-if is shown with a service provider, whose loan needs revenue.
  it('changes the ranking when one answer changes (what-if)', async () => {
    const provider = { ...PROFILE, respondentType: 'service_provider' }
    const fees = MatchResult.parse((await post(provider)).body)
    const none = MatchResult.parse((await post({ ...provider, revenueModel: 'none' })).body)
    const rank = (result: MatchResult) => result.instruments.findIndex((i) => i.slug === 'loan')
    expect(rank(none)).toBeGreaterThan(rank(fees))
    expect(none.instruments.find((i) => i.slug === 'loan')!.fit).not.toBe('strong')
  })

  it.each([
    ['country', 'XX', 'Choose the country of the project: a two-letter ISO 3166-1 code such as DE'],
    ['investmentSizeEur', 0, 'Enter an amount above zero, or leave it empty if you do not know it'],
    ['investmentSizeEur', 100_000_000_000, 'Enter an amount of EUR 50 billion or less: check for extra zeros'],
    ['ticketSizeEur', 50_000_000, 'The size of each loan or investment cannot be larger than the whole project'],
  ])('rejects %s = %j with a clear 400 naming the field', async (field, value, message) => {
    const fields = expectValidationError(await post({ ...PROFILE, [field]: value }))
    expect(fields).toEqual({ [field]: [message] })
  })

  it('accepts the optional spendingType and says when it assumed "both"', async () => {
    const without = MatchResult.parse((await post(PROFILE)).body)
    expect(without.notices.map((notice) => notice.code)).toContain('spending_type_assumed')
    const withIt = MatchResult.parse((await post({ ...PROFILE, spendingType: 'buildings_equipment' })).body)
    expect(withIt.profile.spendingType).toBe('buildings_equipment')
    expect(withIt.notices.map((notice) => notice.code)).not.toContain('spending_type_assumed')
  })

  it('tells a US city at the top that EU funds and the CEB are not open, and marks them not suitable with the rule', async () => {
    const result = MatchResult.parse((await post({ ...PROFILE, country: 'US' })).body)
    expect(result.notices[0]).toMatchObject({ code: 'outside_every_list' })
    expect(result.notices[0]!.text).toMatch(/^United States is not an EU Member State/)
    for (const slug of ['amif', 'esf-plus', 'erdf', 'emfaf', 'investeu', 'ceb']) {
      const fund = result.funds.find((item) => item.slug === slug)!
      expect(fund.fit).toBe('not_suitable')
      expect(fund.reasons[0]).toMatchObject({
        criterion: 'eligibility',
        effect: 'block',
        ruleUrl: `/match/rules#eligibility.${slug}`,
      })
    }
  })

  it('rejects a profile with missing answers, naming every field', async () => {
    const fields = expectValidationError(await post({ respondentType: 'city' }))
    for (const key of Object.keys(PROFILE).filter((k) => k !== 'respondentType'))
      expect(fields, key).toHaveProperty([key])
  })

  it.each([
    ['respondentType', 'mayor'],
    ['country', 'Germany'],
    ['policyFields', []],
    ['policyFields', 'housing'],
    ['investmentSizeEur', -1],
    ['investmentSizeEur', '40000000'],
    ['revenueModel', 'taxes'],
    ['outcomesMeasurable', 'yes'],
    ['borrowingCapacity', null],
    ['financialExpertise', 3],
    ['cofinancingAvailable', 1],
  ])('rejects %s = %j with a message for that field', async (field, value) => {
    const fields = expectValidationError(await post({ ...PROFILE, [field]: value }))
    expect(Object.keys(fields)).toEqual([field])
  })

  it('gives the path of a bad list item', async () => {
    const fields = expectValidationError(
      await post({ ...PROFILE, policyFields: ['housing', 'spaceport'], partners: ['banks'] }),
    )
    expect(fields).toHaveProperty(['policyFields.1'])
    expect(fields).toHaveProperty(['partners.0'])
  })

  it('rejects unknown keys', async () => {
    const fields = expectValidationError(await post({ ...PROFILE, city: 'Berlin' }))
    expect(fields.city?.[0]).toMatch(/city/)
  })

  it.each([
    ['an operator as a value', { ...PROFILE, country: { $gt: '' } }, 'body.country.$gt'],
    ['an operator inside a list', { ...PROFILE, partners: [{ $ne: null }] }, 'body.partners.0.$ne'],
    ['an operator as a key', { ...PROFILE, $where: 'sleep(1000)' }, 'body.$where'],
    ['a bracketed key', { ...PROFILE, 'country[$ne]': 'x' }, 'body.country[$ne]'],
  ])('rejects %s (operator injection) with 400', async (_name, body, path) => {
    const fields = expectValidationError(await post(body))
    expect(fields).toHaveProperty([path])
  })

  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty'])(
    'rejects an unknown key named %s with 400, not 500',
    async (key) => {
      const body = `{${JSON.stringify(key)}:[],${JSON.stringify(PROFILE).slice(1)}`
      const res = await request(t.app).post('/api/v1/match').set('Content-Type', 'application/json').send(body)
      const fields = expectValidationError(res)
      expect(Object.keys(fields)).toEqual([key])
      expect(fields[key]?.[0]).toContain(key)
    },
  )

  it('rejects an operator object without a $ key too, by type', async () => {
    const fields = expectValidationError(await post({ ...PROFILE, country: { gt: '' } }))
    expect(Object.keys(fields)).toEqual(['country'])
  })

  it('rejects bodies that are not a JSON object', async () => {
    expectValidationError(
      await request(t.app).post('/api/v1/match').set('Content-Type', 'application/json').send('{"respondentType":'),
    )
    expectValidationError(
      await request(t.app).post('/api/v1/match').set('Content-Type', 'application/json').send('[1,2]'),
    )
    expectValidationError(
      await request(t.app).post('/api/v1/match').set('Content-Type', 'text/plain').send(JSON.stringify(PROFILE)),
    )
    expectValidationError(await request(t.app).post('/api/v1/match'))
  })

  it('answers 413 for a body over the limit', async () => {
    const res = await post({ ...PROFILE, policyFields: Array.from({ length: 20_000 }, () => 'housing') })
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('payload_too_large')
  })

  it('only knows POST', async () => {
    const res = await request(t.app).get('/api/v1/match')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
  })
})

describe('POST /api/v1/match, property: bad input never yields a 5xx', () => {
  const expectNo5xx = (res: request.Response) => {
    expect(res.status, res.text.slice(0, 300)).toBeLessThan(500)
    expect([200, 400, 413]).toContain(res.status)
    if (res.status === 200) MatchResult.parse(res.body)
    else expect(typeof res.body.error.code).toBe('string')
  }

  it('random JSON documents of any shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const res = await request(t.app)
          .post('/api/v1/match')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(value))
        expectNo5xx(res)
      }),
      { numRuns: 150 },
    )
  })

  it('valid profiles with one answer replaced by random JSON, or an extra key', async () => {
    const keys = Object.keys(PROFILE)
    await fc.assert(
      fc.asyncProperty(
        profileInput,
        fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 })),
        fc.jsonValue({ maxDepth: 3 }),
        async (profile, key, value) => {
          const res = await post({ ...profile, [key]: value })
          expectNo5xx(res)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('random valid profiles always match, with complete and sorted lists', async () => {
    await fc.assert(
      fc.asyncProperty(profileInput, async (profile) => {
        const res = await post(profile)
        expect(res.status).toBe(200)
        const result = MatchResult.parse(res.body)
        expect(result.instruments).toHaveLength(INSTRUMENTS.length)
        expect(result.funds).toHaveLength(FUNDS.length)
        const rank = { strong: 3, possible: 2, weak: 1, not_suitable: 0 }
        const keys = result.instruments.map((i) => rank[i.fit] * 1000 + i.score)
        expect(keys).toEqual([...keys].sort((a, b) => b - a))
      }),
      { numRuns: 60 },
    )
  })
})
