import request from 'supertest'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiDocument, queryParameters } from '../../src/api-docs/openapi.js'
import { bearerFor, createUser } from '../helpers/accounts.js'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

let t: TestApp
let token: string
beforeAll(async () => {
  t = await createTestApp()
  token = await bearerFor(t.services, await createUser(t.services, 'admin'))
})
afterAll(async () => {
  await t?.close()
})

interface Parameter {
  name: string
  in: string
  required: boolean
}
interface Operation {
  operationId: string
  parameters: Parameter[]
}

/** Every GET operation of the document that takes query parameters, with a real address to call. */
function queryOperations(): { path: string; operation: Operation }[] {
  const doc = openApiDocument() as { paths: Record<string, Record<string, Operation>> }
  const found: { path: string; operation: Operation }[] = []
  for (const [template, item] of Object.entries(doc.paths)) {
    const operation = item.get
    if (!operation?.parameters.some((p) => p.in === 'query')) continue
    const path = template
      .replace('{respondentType}', 'city')
      .replace('{kind}', 'investments')
      .replace('{id}', 'c01-koto-sib')
    found.push({ path: `/api/v1${path}`, operation })
  }
  return found
}

const EXAMPLE_VALUES: Record<string, string> = {
  q: 'housing',
  since: '0',
  limit: '10',
  version: '1',
  format: 'json',
  page: '1',
  pageSize: '10',
}

describe('the OpenAPI document says truly which query parameters are required', () => {
  it('documents the search, export and review filters as optional (the issue’s "Required: yes")', () => {
    const ops = queryOperations()
    const byId = new Map(ops.map(({ operation }) => [operation.operationId, operation]))
    for (const id of ['listInvestments', 'exportInvestments']) {
      for (const name of ['policyField', 'country', 'instrument', 'fund', 'targetGroup', 'stage', 'confidence'])
        expect(byId.get(id)!.parameters.find((p) => p.name === name)?.required, `${id} ${name}`).toBe(false)
    }
    const review = ops.filter(({ path }) => path.startsWith('/api/v1/review') && !path.endsWith('/targets'))
    expect(review).toHaveLength(3)
    // The target list (issue #18) takes type, country and includeDemo, all optional.
    for (const name of ['respondentType', 'country', 'includeDemo'])
      expect(byId.get('reviewTargets')!.parameters.find((p) => p.name === name)?.required, name).toBe(false)
    for (const { operation } of review)
      for (const name of [
        'respondentType',
        'country',
        'status',
        'definitionVersion',
        'policyField',
        'targetGroup',
        'instrument',
        'answer',
        'readinessMin',
        'readinessMax',
        'amountMin',
        'amountMax',
      ])
        expect(operation.parameters.find((p) => p.name === name)?.required, `${operation.operationId} ${name}`).toBe(
          false,
        )
  })

  it('every parameter documented as optional can be left out; every required one cannot', async () => {
    const checked: string[] = []
    for (const { path, operation } of queryOperations()) {
      const query = operation.parameters.filter((p) => p.in === 'query')
      const required = query.filter((p) => p.required)
      const withRequired = new URLSearchParams(required.map((p) => [p.name, EXAMPLE_VALUES[p.name] ?? 'x']))
      // All optional ones left out at once.
      const bare = await request(t.app).get(`${path}?${withRequired}`).set('Authorization', `Bearer ${token}`)
      expect(bare.status, `${operation.operationId} without its optional parameters`).not.toBe(400)
      for (const parameter of required) {
        const without = new URLSearchParams(withRequired)
        without.delete(parameter.name)
        const res = await request(t.app).get(`${path}?${without}`).set('Authorization', `Bearer ${token}`)
        expect(res.status, `${operation.operationId} without ${parameter.name}`).toBe(400)
      }
      checked.push(operation.operationId)
    }
    expect(checked.length).toBeGreaterThanOrEqual(10)
  })

  it('a parameter a request cannot leave out is documented as required', () => {
    const schema = z.strictObject({
      since: z.coerce.number(),
      limit: z.coerce.number().default(50),
      country: z.array(z.string()).optional(),
    })
    expect(queryParameters(schema).map((p) => [p.name, p.required])).toEqual([
      ['since', true],
      ['limit', false],
      ['country', false],
    ])
  })

  it('the /api page says "no" under Required for the filters', async () => {
    const res = await request(t.app).get('/api')
    const row = res.text.split('<tr').find((r) => r.includes('<code>policyField</code>'))
    expect(row, 'a row for policyField').toBeDefined()
    expect(row).toMatch(/<td[^>]*>query<\/td>\s*<td[^>]*>no<\/td>/)
  })
})
