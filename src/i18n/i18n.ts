import { en } from './messages-en.js'

type Messages = { [key: string]: string | Messages }
export type Locale = 'en'
const catalogues: Record<Locale, Messages> = { en }

export class MissingMessageError extends Error {}

/** Looks up a message by dotted key and fills `{name}` placeholders. Missing keys throw: tests catch them. */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const found = key.split('.').reduce<string | Messages | undefined>(
    (node, part) => (node !== undefined && typeof node === 'object' ? node[part] : undefined),
    catalogues[locale],
  )
  if (typeof found !== 'string') throw new MissingMessageError(`No message "${key}" in locale ${locale}`)
  return found.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** True when the key exists (for optional labels such as codelist values). */
export function hasMessage(locale: Locale, key: string): boolean {
  try {
    translate(locale, key)
    return true
  } catch {
    return false
  }
}

export const t = (key: string, params?: Record<string, unknown>) => translate('en', key, params)

/** The label of a codelist value, e.g. label('policyField', 'housing') → "Housing". */
export function label(list: string, value: string): string {
  return hasMessage('en', `codelist.${list}.${value}`) ? t(`codelist.${list}.${value}`) : value
}
