import { AsyncLocalStorage } from 'node:async_hooks'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { IntlMessageFormat } from 'intl-messageformat'
import { type LocaleCatalogue, loadCatalogues } from './catalogue.js'
import { EU_LANGUAGES, intlLocale, type Locale, SOURCE_LOCALE } from './locales.js'
import type en from './locales/en.json'

export type { Locale } from './locales.js'

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]
/** Every key of the English catalogue; a literal key that is not in it fails the type check. */
export type MessageKey = Leaves<Omit<typeof en, '$meta'>>
export type MessageParams = Record<string, unknown>

/**
 * The locale of the request being handled. Pages, API answers and input checks all read it from
 * here, so a message is written in the visitor's language wherever it is produced (zod messages are
 * functions, evaluated while parsing). Outside a request (command line, start-up) it is English.
 */
const requestLocale = new AsyncLocalStorage<Locale>()

export function currentLocale(): Locale {
  return requestLocale.getStore() ?? SOURCE_LOCALE
}

export function withLocale<R>(locale: Locale, fn: () => R): R {
  return requestLocale.run(locale, fn)
}

let loaded: Map<Locale, LocaleCatalogue> | null = null
function catalogues(): Map<Locale, LocaleCatalogue> {
  loaded ??= loadCatalogues()
  return loaded
}

export function catalogue(locale: Locale): LocaleCatalogue | undefined {
  return catalogues().get(locale)
}

export function sourceMessages(): ReadonlyMap<string, string> {
  return catalogues().get(SOURCE_LOCALE)!.messages
}

type MissingReporter = (event: { locale: Locale; key: string }) => void
let reportMissing: MissingReporter = () => undefined
const reported = new Set<string>()

/** Where a missing message is reported (the app's logger); each locale and key once per process. */
export function onMissingMessage(reporter: MissingReporter): void {
  reportMissing = reporter
}

function missing(locale: Locale, key: string): void {
  const id = `${locale}\u0000${key}`
  if (reported.has(id)) return
  reported.add(id)
  reportMissing({ locale, key })
}

interface Compiled {
  format: IntlMessageFormat
  /** Arguments that take a number (plural, selectordinal, number); every other argument is shown as text. */
  numeric: ReadonlySet<string>
}
const compiled = new Map<Locale, Map<string, Compiled | string>>()

function compile(locale: Locale, key: string, message: string): Compiled | string {
  let perLocale = compiled.get(locale)
  if (!perLocale) compiled.set(locale, (perLocale = new Map()))
  let entry = perLocale.get(key)
  if (entry === undefined) {
    if (!message.includes('{')) entry = message
    else {
      const ast = parse(message, { ignoreTag: true })
      entry = {
        format: new IntlMessageFormat(ast, intlLocale(locale), undefined, { ignoreTag: true }),
        numeric: numericArguments(ast),
      }
    }
    perLocale.set(key, entry)
  }
  return entry
}

function numericArguments(ast: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of ast) {
    if (element.type === TYPE.plural || element.type === TYPE.number) into.add(element.value)
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) numericArguments(option.value, into)
    }
  }
  return into
}

/** The message in the locale, or in English (reported once) when the locale lacks it; the key itself (reported) when English lacks it too. */
export function translate(locale: Locale, key: string, params?: MessageParams): string {
  let message = catalogues().get(locale)?.messages.get(key)
  let from = locale
  if (message === undefined) {
    if (locale !== SOURCE_LOCALE) missing(locale, key)
    message = sourceMessages().get(key)
    from = SOURCE_LOCALE
    if (message === undefined) {
      missing(SOURCE_LOCALE, key)
      return key
    }
  }
  const entry = compile(from, key, message)
  if (typeof entry === 'string') return entry
  const values: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(params ?? {})) {
    values[name] = entry.numeric.has(name) ? Number(value) : String(value ?? '')
  }
  try {
    return String(entry.format.format(values))
  } catch {
    // A placeholder without a value: show the message with the placeholder's name rather than fail the page.
    missing(from, `${key} (placeholder)`)
    return message
  }
}

/** A message of the current request's locale. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(currentLocale(), key, params)
}

/** For keys built at run time (`review.status.${status}`); prefer `t` with a literal key where possible. */
export function tDynamic(key: string, params?: MessageParams): string {
  return translate(currentLocale(), key, params)
}

/** True when English has the key (for optional texts such as parameter descriptions). */
export function hasMessage(key: string): boolean {
  return sourceMessages().has(key)
}

/** The label of a codelist value in the current locale, e.g. label('policyField', 'housing') → "Housing". */
export function label(list: string, value: string): string {
  const key = `codelist.${list}.${value}`
  return hasMessage(key) ? translate(currentLocale(), key) : value
}

/** Content written in English in a data file (questionnaires, glossary): its translation when the locale has one. */
export function translateContent(key: string, english: string): string {
  const locale = currentLocale()
  if (locale === SOURCE_LOCALE) return english
  const found = catalogues().get(locale)?.messages.get(key)
  if (found === undefined) {
    missing(locale, key)
    return english
  }
  return found
}

type ContentSource = () => ReadonlyMap<string, string>
const contentSources = new Map<string, ContentSource>()

/** Registers English content that locales translate under `content.<name>.…` (counted for completeness). */
export function registerContent(name: string, source: ContentSource): void {
  contentSources.set(name, source)
  offered = null
}

export function contentKeys(): Map<string, string> {
  const keys = new Map<string, string>()
  for (const source of contentSources.values()) for (const [key, english] of source()) keys.set(key, english)
  return keys
}

export interface Coverage {
  locale: Locale
  translated: number
  total: number
  missing: string[]
  /** Keys the locale has that English does not (left over after a rename). */
  extra: string[]
  complete: boolean
  catalogue: LocaleCatalogue | undefined
}

/** How much of English (interface and registered content) a locale translates. */
export function coverageOf(locale: Locale): Coverage {
  const source = sourceMessages()
  const content = contentKeys()
  const own = catalogues().get(locale)
  if (locale === SOURCE_LOCALE) {
    const total = source.size + content.size
    return { locale, translated: total, total, missing: [], extra: [], complete: true, catalogue: own }
  }
  const messages = own?.messages ?? new Map<string, string>()
  const missingKeys = [...source.keys(), ...content.keys()].filter((key) => !messages.has(key))
  const extra = [...messages.keys()].filter((key) => !source.has(key) && !content.has(key))
  const total = source.size + content.size
  return {
    locale,
    translated: total - missingKeys.length,
    total,
    missing: missingKeys,
    extra,
    complete: own !== undefined && missingKeys.length === 0,
    catalogue: own,
  }
}

let offered: Locale[] | null = null

/** The locales the switcher offers: English and every locale with all of its keys, in the EU's order. */
export function offeredLocales(): readonly Locale[] {
  offered ??= EU_LANGUAGES.filter(
    (locale) => locale === SOURCE_LOCALE || (catalogues().has(locale) && coverageOf(locale).complete),
  )
  return offered
}

/** Test seam: reload the locale files (after a test wrote one). */
export function reloadCatalogues(dir?: string): void {
  loaded = loadCatalogues(dir)
  compiled.clear()
  offered = null
  reported.clear()
}
