import { describe, expect, it } from 'vitest'
import { skipped, textProblems, unlabelledTimes, urlPattern } from '../browser/crawl-checks.js'

/** The crawler's checks catch what issue 12 found by hand, and let plain text through. */
describe('crawler checks', () => {
  it('finds leaked values and raw message keys, and passes plain text', () => {
    expect(textProblems('Country: [object Object]')).toEqual(['"[object Object]"'])
    expect(textProblems('Total undefined · NaN% · Invalid Date')).toEqual(['"Invalid Date"', '"undefined"', '"NaN"'])
    expect(textProblems('Status: review.status.in_review')).toEqual(['raw message key "review.status.in_review"'])
    expect(textProblems('See fi-compass.eu and www.eib.org; the NaNa project; undefinedness')).toEqual([])
  })

  it('finds times that do not say they are Brussels time, ISO stamps and UTC', () => {
    expect(unlabelledTimes('Saved on 3 May 2026 at 14:05 Brussels time.')).toEqual([])
    expect(unlabelledTimes('Submitted 2026-05-03 12:05')).toHaveLength(2)
    expect(unlabelledTimes('Created (UTC) 14:05')).toHaveLength(2)
  })

  it('collapses ids and slugs, keeps query keys, and skips sign-out, downloads and language switches', () => {
    const url = (path: string) => new URL(path, 'http://127.0.0.1')
    expect(urlPattern(url('/investments/c01-koto-sib'))).toBe('/investments/:id')
    expect(urlPattern(url('/curation/glossary/microcredit/history'))).toBe('/curation/glossary/:id/history')
    expect(urlPattern(url('/responses/4f9c0d1e/sections/2?added=1'))).toBe('/responses/:id/sections/:id?added')
    expect(urlPattern(url('/investments?country=IT&country=DE&page=2'))).toBe('/investments?country&page')
    expect(urlPattern(url('/review'))).toBe('/review')
    for (const path of [
      '/logout',
      '/responses/x/download?format=csv',
      '/api/v1/investments',
      '/?lang=fr',
      '/review/export',
    ])
      expect(skipped(url(path)), path).toBe(true)
    expect(skipped(url('/investments/c01-koto-sib'))).toBe(false)
  })
})
