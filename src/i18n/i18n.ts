import { en } from './messages-en.js'

type Messages = { [key: string]: string | Messages }
export type Locale = 'en'
const catalogues: Record<Locale, Messages> = { en }

export class MissingMessageError extends Error {}

/** Every message flattened to its dotted key, once per locale (pages look up hundreds of keys each). */
const flattened = new Map<Locale, Map<string, string>>()

function messagesOf(locale: Locale): Map<string, string> {
  let messages = flattened.get(locale)
  if (!messages) {
    messages = new Map()
    const walk = (node: Messages, prefix: string) => {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string') messages!.set(`${prefix}${key}`, value)
        else walk(value, `${prefix}${key}.`)
      }
    }
    walk(catalogues[locale], '')
    flattened.set(locale, messages)
  }
  return messages
}

/** Looks up a message by dotted key and fills `{name}` placeholders. Missing keys throw: tests catch them. */
export function translate(locale: Locale, key: string, params?: Record<string, unknown>): string {
  const found = messagesOf(locale).get(key)
  if (found === undefined) throw new MissingMessageError(`No message "${key}" in locale ${locale}`)
  if (params === undefined || !found.includes('{')) return found
  return found.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** True when the key exists (for optional labels such as codelist values). */
export function hasMessage(locale: Locale, key: string): boolean {
  return messagesOf(locale).has(key)
}

export const t = (key: string, params?: Record<string, unknown>) => translate('en', key, params)

/** The label of a codelist value, e.g. label('policyField', 'housing') → "Housing". */
export function label(list: string, value: string): string {
  return messagesOf('en').get(`codelist.${list}.${value}`) ?? value
}
