import { describe, expect, it } from 'vitest'
import { stripIgnoredParams } from '../../../src/i18n/locale-middleware.js'
import { negotiateLocale } from '../../../src/i18n/negotiate.js'

describe('negotiateLocale (Accept-Language)', () => {
  const offered = ['en', 'de', 'fr', 'el'] as const
  it('takes the first acceptable language by weight, matching regional tags to their language', () => {
    expect(negotiateLocale('de-AT,de;q=0.9,en;q=0.8', offered)).toBe('de')
    expect(negotiateLocale('pl, fr;q=0.5, en;q=0.7', offered)).toBe('en')
    expect(negotiateLocale('el-GR', offered)).toBe('el')
    expect(negotiateLocale('*', offered)).toBe('en')
  })
  it('gives nothing for a header without an offered language, an empty or a malformed one', () => {
    expect(negotiateLocale('pl-PL, cs;q=0.8', offered)).toBeUndefined()
    expect(negotiateLocale('', offered)).toBeUndefined()
    expect(negotiateLocale(undefined, offered)).toBeUndefined()
    expect(negotiateLocale('de;q=0, ;;;,=', offered)).toBeUndefined()
  })
})

describe('stripIgnoredParams', () => {
  it('takes out lang and tracking parameters, keeping every other parameter in order', () => {
    expect(stripIgnoredParams('/investments?utm_source=newsletter&q=housing&fbclid=abc&lang=DE&page=2')).toEqual({
      url: '/investments?q=housing&page=2',
      lang: 'de',
    })
    expect(stripIgnoredParams('/match?utm_source=x')).toEqual({ url: '/match', lang: undefined })
    expect(stripIgnoredParams('/?gclid=1&mc_cid=2&mc_eid=3')).toEqual({ url: '/', lang: undefined })
  })
  it('leaves a URL without them untouched', () => {
    expect(stripIgnoredParams('/investments?q=language')).toEqual({ url: '/investments?q=language', lang: undefined })
    expect(stripIgnoredParams('/glossary')).toEqual({ url: '/glossary', lang: undefined })
  })
})
