import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * Every word a visitor reads or hears comes from the message catalogue: a template holds no text
 * of its own, neither between tags nor in aria-label, title, alt or placeholder attributes.
 */
const VIEWS = fileURLToPath(new URL('../../../views', import.meta.url))
/** Code samples shown as such (JSON on the API page) are not prose. */
const ALLOWED = [/^\{"error":\{"code":"validation_failed"/]

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return templates(path)
    return entry.name.endsWith('.hbs') ? [path] : []
  })
}

export function hardCodedText(source: string): string[] {
  const code = source
    .replace(/\{\{!--[\s\S]*?--\}\}/g, '')
    .replace(/\{\{![\s\S]*?\}\}/g, '')
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/\{\{\{?[\s\S]*?\}?\}\}/g, ' ')
  const found: string[] = []
  for (const match of code.matchAll(/\b(aria-label|title|alt|placeholder)="([^"]*)"/g)) {
    if (/[A-Za-z]{2,}/.test(match[2]!)) found.push(match[0])
  }
  for (const text of code.replace(/<[^>]+>/g, '\n').split('\n')) {
    const trimmed = text.trim()
    if (
      /[A-Za-z]{2,}/.test(trimmed) &&
      !/^(&[a-z]+;|&#\d+;|\s)+$/.test(trimmed) &&
      !ALLOWED.some((re) => re.test(trimmed))
    )
      found.push(trimmed)
  }
  return found
}

describe('templates', () => {
  it('finds text written into a template (the check itself)', () => {
    expect(hardCodedText('<p>{{t "a.b"}}</p><nav aria-label="Contents"></nav><span>Error:</span>')).toEqual([
      'aria-label="Contents"',
      'Error:',
    ])
    expect(
      hardCodedText(
        '<p class="x">{{t "a.b"}} {{count}}</p>{{!-- a comment --}}<a href="{{url}}" aria-label="{{t "c"}}">&rarr;</a>',
      ),
    ).toEqual([])
  })

  it('hold no text of their own: every string is in the message catalogue', () => {
    const found = templates(VIEWS).flatMap((file) =>
      hardCodedText(readFileSync(file, 'utf8')).map((text) => `${relative(VIEWS, file)}: ${text}`),
    )
    expect(found).toEqual([])
  })
})
