import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LOCALES_DIR } from '../../../src/i18n/catalogue.js'
import { checkMessage, mergeMessages, missingMessages } from '../../../src/i18n/i18n-tools.js'

const dir = mkdtempSync(join(tmpdir(), 'fi-i18n-tools-'))
writeFileSync(join(dir, 'en.json'), readFileSync(join(LOCALES_DIR, 'en.json')))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('translator tools', () => {
  it('checks placeholders and plural forms against English and the language', () => {
    expect(checkMessage('de', 'x', 'Angemeldet als {name}', 'Signed in as {name}')).toEqual([])
    expect(checkMessage('de', 'x', 'Angemeldet als {nom}', 'Signed in as {name}')).toEqual([
      'x: placeholders {nom} instead of {name}',
    ])
    expect(
      checkMessage(
        'pl',
        'x',
        '{count, plural, one {# sprawa} few {# sprawy} many {# spraw} other {# sprawy}}',
        '{count, plural, one {# case} other {# cases}}',
      ),
    ).toEqual([])
    expect(
      checkMessage(
        'de',
        'x',
        '{count, plural, one {# Fall} few {# Fälle} other {# Fälle}}',
        '{count, plural, one {# case} other {# cases}}',
      ),
    ).toEqual(['x: "few" is not a plural form of de'])
    expect(
      checkMessage('de', 'x', '{count, plural, one {# Fall}}', '{count, plural, one {# case} other {# cases}}')[0],
    ).toMatch(/no "other" form|not valid ICU/)
    expect(checkMessage('de', 'nope', 'Text', undefined)).toEqual(['nope: not a key of English'])
  })

  it('merges good translations into a new locale file and refuses the broken ones', () => {
    const meta = { translatedBy: 'test', nativeSpeakerReviewed: false, reviewedBy: null, reviewedOn: null, note: null }
    const result = mergeMessages(
      'de',
      { 'nav.investments': 'Investitionen', 'auth.signedInAs': 'Angemeldet als {nom}', 'no.such.key': 'x' },
      meta,
      dir,
    )
    expect(result.merged).toBe(1)
    expect(result.refused).toHaveLength(2)
    const written = JSON.parse(readFileSync(join(dir, 'de.json'), 'utf8'))
    expect(written).toEqual({ $meta: meta, nav: { investments: 'Investitionen' } })
    const missing = missingMessages('de', dir)
    expect(missing['nav.investments']).toBeUndefined()
    expect(missing['nav.glossary']).toBe('Glossary')
  })
})
