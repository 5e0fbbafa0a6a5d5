import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { LOCALES_DIR, LocaleMeta } from './catalogue.js'
import { contentKeys, sourceMessages } from './i18n.js'
import { intlLocale, type Locale } from './locales.js'

/**
 * Tools for translators (npm run cli -- i18n:missing | i18n:check | i18n:merge): what a locale
 * still lacks, whether its messages keep English's placeholders and valid plural forms, and merging
 * a file of translated messages into the locale file.
 */

/** English, interface and content, by key. */
export function englishSource(): Map<string, string> {
  return new Map([...sourceMessages(), ...contentKeys()])
}

interface Shape {
  args: string[]
  plurals: Record<string, string[]>
}

export function shapeOf(message: string): Shape {
  const args = new Set<string>()
  const plurals: Record<string, string[]> = {}
  const walk = (ast: MessageFormatElement[]) => {
    for (const el of ast) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time)
        args.add(el.value)
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        args.add(el.value)
        if (el.type === TYPE.plural) plurals[el.value] = Object.keys(el.options)
        for (const option of Object.values(el.options)) walk(option.value)
      }
    }
  }
  walk(parse(message, { ignoreTag: true }))
  return { args: [...args].sort(), plurals }
}

/** Problems of one translated message against its English source (empty when it is fine). */
export function checkMessage(locale: Locale, key: string, message: string, english: string | undefined): string[] {
  if (english === undefined) return [`${key}: not a key of English`]
  if (message.trim() === '') return [`${key}: empty`]
  let mine: Shape
  try {
    mine = shapeOf(message)
  } catch (error) {
    return [`${key}: not valid ICU (${(error as Error).message})`]
  }
  const theirs = shapeOf(english)
  const problems: string[] = []
  if (mine.args.join() !== theirs.args.join())
    problems.push(`${key}: placeholders {${mine.args.join(', ')}} instead of {${theirs.args.join(', ')}}`)
  const categories = new Set<string>(new Intl.PluralRules(intlLocale(locale)).resolvedOptions().pluralCategories)
  for (const [name, forms] of Object.entries(mine.plurals)) {
    if (!forms.includes('other')) problems.push(`${key}: plural {${name}} has no "other" form`)
    for (const form of forms)
      if (!form.startsWith('=') && !categories.has(form))
        problems.push(`${key}: "${form}" is not a plural form of ${locale}`)
  }
  return problems
}

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    if (key === '$meta') continue
    if (typeof value === 'string') into.set(`${prefix}${key}`, value)
    else flatten(value, `${prefix}${key}.`, into)
  }
  return into
}

/** Nests flat keys in the order of English's keys (so locale files diff like en.json). */
function nest(messages: Map<string, string>, order: string[]): Tree {
  const root: Tree = {}
  const ordered = [
    ...order.filter((key) => messages.has(key)),
    ...[...messages.keys()].filter((key) => !order.includes(key)).sort(),
  ]
  for (const key of ordered) {
    const parts = key.split('.')
    let node = root
    for (const part of parts.slice(0, -1)) {
      const next = node[part]
      node = typeof next === 'object' ? next : (node[part] = {})
    }
    node[parts.at(-1)!] = messages.get(key)!
  }
  return root
}

export function localeFile(locale: Locale, dir = LOCALES_DIR): string {
  return join(dir, `${locale}.json`)
}

export function readLocale(
  locale: Locale,
  dir = LOCALES_DIR,
): { meta: LocaleMeta | null; messages: Map<string, string> } {
  const path = localeFile(locale, dir)
  if (!existsSync(path)) return { meta: null, messages: new Map() }
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Tree & { $meta?: unknown }
  return { meta: raw.$meta ? LocaleMeta.parse(raw.$meta) : null, messages: flatten(raw) }
}

/** Keys English has and the locale lacks, with the English text to translate. */
export function missingMessages(locale: Locale, dir = LOCALES_DIR): Record<string, string> {
  const { messages } = readLocale(locale, dir)
  return Object.fromEntries([...englishSource()].filter(([key]) => !messages.has(key)))
}

export function checkLocale(locale: Locale, dir = LOCALES_DIR): string[] {
  const source = englishSource()
  const { messages } = readLocale(locale, dir)
  return [...messages].flatMap(([key, message]) => checkMessage(locale, key, message, source.get(key)))
}

/**
 * Merges translated messages (flat `{ "key": "text" }`) into the locale file; a message with a
 * problem is refused (listed), the others are written. Creates the file with `meta` if needed.
 */
export function mergeMessages(
  locale: Locale,
  incoming: Record<string, unknown>,
  meta: LocaleMeta | null,
  dir = LOCALES_DIR,
): { merged: number; refused: string[] } {
  const source = englishSource()
  const current = readLocale(locale, dir)
  const refused: string[] = []
  let merged = 0
  for (const [key, value] of Object.entries(incoming)) {
    if (typeof value !== 'string') {
      refused.push(`${key}: not a text`)
      continue
    }
    const problems = checkMessage(locale, key, value, source.get(key))
    if (problems.length > 0) refused.push(...problems)
    else {
      current.messages.set(key, value)
      merged++
    }
  }
  const finalMeta = meta ?? current.meta
  if (!finalMeta) throw new Error(`${localeFile(locale, dir)} does not exist yet: give --translated-by to create it`)
  writeFileSync(
    localeFile(locale, dir),
    `${JSON.stringify({ $meta: finalMeta, ...nest(current.messages, [...source.keys()]) }, null, 2)}\n`,
  )
  return { merged, refused }
}
