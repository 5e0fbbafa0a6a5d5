import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ASSETS_DIR } from '../../../src/http/assets.js'

/** The text of every `@media print { … }` block of site.css (braces balanced). */
function printRules(css: string): string {
  let out = ''
  for (let at = css.indexOf('@media print'); at >= 0; at = css.indexOf('@media print', at + 1)) {
    let depth = 0
    for (let i = css.indexOf('{', at); i < css.length; i++) {
      if (css[i] === '{') depth++
      if (css[i] === '}' && --depth === 0) {
        out += css.slice(at, i + 1)
        break
      }
    }
  }
  return out
}

describe('print styles (answers, match results, case pages)', () => {
  const print = printRules(readFileSync(`${ASSETS_DIR}/site.css`, 'utf8'))

  it('leave out navigation, tools, forms and buttons of every page', () => {
    for (const selector of [
      '.site-nav',
      '.ecl-site-header__action',
      '.skip-link',
      '.site-footer__links',
      '.ecl-button',
      '.ecl-pagination',
    ])
      expect(print).toContain(selector)
  })

  it('print the answers without the questionnaire controls, and the match result without the what-if form', () => {
    for (const selector of ['.q-no-print', '.q-submit', '.autosave-status', '.what-if', '.match-contents'])
      expect(print).toContain(selector)
  })

  it('print the address of every external source and keep cards, rows and options whole', () => {
    expect(print).toMatch(/a\[href\^="http"\]::after \{ content: " \(" attr\(href\) "\)"/)
    for (const selector of ['.sources li', '.match-option', '.summary-list > div', 'table'])
      expect(print).toContain(selector)
    expect(print).toMatch(/break-inside: avoid/)
  })
})
