import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

/** A small RFC 4180 reader (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
      continue
    }
    if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell])
  return rows
}

describe('the investments CSV (issue #12)', () => {
  it('has a label column beside each coded column and a record URL column', async () => {
    const res = await request(t.app)
      .get('/api/v1/investments/export?format=csv&instrument=social-outcomes-contract')
      .set('Host', 'fi.example')
    expect(res.status).toBe(200)
    const [header, ...rows] = parseCsv(res.text.replace(/^\uFEFF/, ''))
    for (const code of ['countries', 'policy_fields', 'target_groups', 'instruments', 'funds', 'stage', 'confidence']) {
      expect(header!.indexOf(`${code}_label`), code).toBe(header!.indexOf(code) + 1)
    }
    expect(header!.at(-1)).toBe('record_url')
    const col = (name: string) => header!.indexOf(name)
    const api = (await request(t.app).get('/api/v1/investments?instrument=social-outcomes-contract&pageSize=100')).body
      .items as { id: string }[]
    expect(rows).toHaveLength(api.length)
    for (const row of rows) {
      expect(row).toHaveLength(header!.length)
      expect(row[col('record_url')]).toBe(`http://fi.example/investments/${row[0]}`)
      expect(row[col('instruments')]).toContain('social-outcomes-contract')
      expect(row[col('instruments_label')]).toContain('Social outcomes contract')
      expect(row[col('confidence_label')]).not.toBe('')
    }
    const de = rows.find((r) => r[col('countries')]!.split(';').includes('DE'))
    if (de) expect(de[col('countries_label')]).toContain('Germany')
  })
})
