/**
 * The 24 official languages of the EU (ISO 639-1), the European Commission's order (by the
 * language's own name). A locale file for any of them (`locales/<code>.json`) makes it appear on
 * /languages; once it has every key of English it is offered by the switcher.
 */
export const EU_LANGUAGES = [
  'bg',
  'es',
  'cs',
  'da',
  'de',
  'et',
  'el',
  'en',
  'fr',
  'ga',
  'hr',
  'it',
  'lv',
  'lt',
  'hu',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'fi',
  'sv',
] as const
export type Locale = (typeof EU_LANGUAGES)[number]
export const SOURCE_LOCALE: Locale = 'en'

export function isEuLanguage(value: string): value is Locale {
  return (EU_LANGUAGES as readonly string[]).includes(value)
}

/**
 * The locale Intl formats numbers, dates and names with: the European variant where CLDR's default
 * is another continent's (pt → pt-PT, not Brazil; en → en-IE's day-month order with the euro).
 */
const INTL_LOCALES: Partial<Record<Locale, string>> = {
  en: 'en-GB',
  pt: 'pt-PT',
  es: 'es-ES',
  nl: 'nl-NL',
  de: 'de-DE',
  fr: 'fr-FR',
  it: 'it-IT',
  el: 'el-GR',
  sv: 'sv-SE',
}

export function intlLocale(locale: Locale): string {
  return INTL_LOCALES[locale] ?? locale
}

const nativeNames = new Map<Locale, string>()

/** The language's name in itself ("Deutsch", "Ελληνικά"), from CLDR, with a capital as the switcher shows it. */
export function nativeName(locale: Locale): string {
  let name = nativeNames.get(locale)
  if (!name) {
    const raw = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale
    name = raw.charAt(0).toLocaleUpperCase(locale) + raw.slice(1)
    nativeNames.set(locale, name)
  }
  return name
}
