import { currentLocale, translateContent } from './i18n.js'
import { SOURCE_LOCALE } from './locales.js'

/**
 * Content written in English in data files (questionnaire definitions, glossary terms) and
 * translated in the locale files under `content.<prefix>.<path>`, where the path follows ids, not
 * positions: `content.questionnaire.city.v1.sections.profile.questions.population.label`. Codes and
 * numbers are never translated; only the named text fields are.
 */
const TEXT_FIELDS = new Set([
  'title',
  'intro',
  'label',
  'hint',
  'help',
  'minLabel',
  'maxLabel',
  'unit',
  'raise',
  'benefits',
  'term',
  'definition',
  'summary',
  'changeNote',
  'reason',
])

type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json }

function segment(item: Json, index: number): string {
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const id = item.id ?? item.value ?? item.slug
    if (typeof id === 'string' || typeof id === 'number') return String(id)
  }
  return String(index)
}

/** Every translatable text of `value` by its content key. */
export function contentTexts(prefix: string, value: unknown, into = new Map<string, string>()): Map<string, string> {
  walk(value as Json, prefix, false, (key, text) => into.set(key, text))
  return into
}

function walk(value: Json, path: string, isText: boolean, visit: (key: string, text: string) => void): void {
  if (typeof value === 'string') {
    if (isText && value.trim() !== '') visit(path, value)
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) =>
      walk(item, `${path}.${typeof item === 'string' ? index : segment(item, index)}`, isText, visit),
    )
    return
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`, TEXT_FIELDS.has(key), visit)
  }
}

function localiseValue(value: Json, path: string, isText: boolean): Json {
  if (typeof value === 'string') return isText && value.trim() !== '' ? translateContent(path, value) : value
  if (Array.isArray(value))
    return value.map((item, index) =>
      localiseValue(item, `${path}.${typeof item === 'string' ? index : segment(item, index)}`, isText),
    )
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {}
    for (const [key, child] of Object.entries(value))
      out[key] = localiseValue(child, `${path}.${key}`, TEXT_FIELDS.has(key))
    return out
  }
  return value
}

/**
 * A copy of `value` with its texts in the current locale (English where a translation is missing),
 * kept per locale and object: definitions are immutable once parsed.
 */
export function localise<T>(prefix: string, value: T): T {
  const locale = currentLocale()
  if (locale === SOURCE_LOCALE) return value
  let perValue = localised.get(value as object)
  if (!perValue) localised.set(value as object, (perValue = new Map()))
  let copy = perValue.get(locale)
  if (copy === undefined) {
    copy = localiseValue(value as Json, prefix, false)
    perValue.set(locale, copy)
  }
  return copy as T
}

const localised = new WeakMap<object, Map<string, Json>>()
