import { readFileSync } from 'node:fs'

/** The crawler's checks (tests/browser/crawler.test.ts), kept apart so that a unit test shows each one can fail. */

/** Path segments that name a thing (an id, a slug, a type): the crawler visits one of each kind. */
const COLLECTIONS = new Set([
  'glossary',
  'investments',
  'instruments',
  'funds',
  'responses',
  'proposals',
  'organisations',
  'guidance',
  'questionnaires',
  'sections',
  'invitations',
  'translation-problems',
  'users',
])
const FIXED_WORDS = new Set([
  'new',
  'history',
  'match',
  'print',
  'confirmation',
  'download',
  'indigo',
  'thanks',
  'responses',
  'proposals',
  'translation-problems',
  'investments',
  'instruments',
  'funds',
  'guidance',
  'sections',
])

/** `/investments/abc-123?country=IT&page=2` → `/investments/:id?country&page`. */
export function urlPattern(url: URL): string {
  const segments = url.pathname.split('/').map((segment, i, all) => {
    if (i === 0 || FIXED_WORDS.has(segment)) return segment
    return /\d/.test(segment) || COLLECTIONS.has(all[i - 1] ?? '') ? ':id' : segment
  })
  const keys = [...new Set([...url.searchParams.keys()])].sort()
  return segments.join('/') + (keys.length ? `?${keys.join('&')}` : '')
}

/** Links a crawler must not follow: they sign out, download a file, leave the pages, or switch the language. */
export function skipped(url: URL): boolean {
  return (
    /^\/(logout|api\/v1|openapi\.json|health|assets)(\/|$)/.test(url.pathname) ||
    /\/(download|export|indigo)$/.test(url.pathname) ||
    /\.(csv|json|js|css|svg|png)$/.test(url.pathname) ||
    url.searchParams.has('format') ||
    url.searchParams.has('lang')
  )
}

const catalogue = JSON.parse(
  readFileSync(new URL('../../src/i18n/locales/en.json', import.meta.url), 'utf8'),
) as Record<string, unknown>
const SECTIONS = new Set(Object.keys(catalogue).filter((key) => !key.startsWith('$')))
function flatKeys(node: unknown, prefix: string, out: Set<string>): Set<string> {
  if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) flatKeys(value, prefix ? `${prefix}.${key}` : key, out)
  else out.add(prefix)
  return out
}
const KEYS = flatKeys(catalogue, '', new Set())

/** What a person reads or hears that must never show a programming value or a message key. */
export function textProblems(text: string): string[] {
  const problems: string[] = []
  for (const token of ['[object Object]', 'Invalid Date']) if (text.includes(token)) problems.push(`"${token}"`)
  for (const word of ['undefined', 'NaN'])
    if (new RegExp(`(^|[^\\w-])${word}([^\\w-]|$)`).test(text)) problems.push(`"${word}"`)
  for (const token of text.match(/\b[a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+\b/g) ?? []) {
    const dots = token.split('.').length - 1
    if (KEYS.has(token) || (SECTIONS.has(token.split('.')[0]!) && dots >= 2))
      problems.push(`raw message key "${token}"`)
  }
  return problems
}

/** A clock time that does not say it is Brussels time, or an ISO or UTC stamp (issue 12 defect 10); code samples aside. */
export function unlabelledTimes(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/\b\d{1,2}:\d{2}\b(?!:)/g))
    if (!text.slice(match.index, match.index + match[0].length + 16).includes(' Brussels time'))
      found.push(text.slice(Math.max(0, match.index - 25), match.index + 10))
  for (const match of text.matchAll(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\bUTC\b/g))
    found.push(text.slice(Math.max(0, match.index - 25), match.index + 25))
  return found.map((context) => `unlabelled time "…${context.replace(/\s+/g, ' ')}…"`)
}
