import type Handlebars from 'handlebars'
import { label, t } from '../i18n/i18n.js'

type HelperOptions = Handlebars.HelperOptions

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })
const numberFormat = new Intl.NumberFormat('en-GB')
/** Intl.DisplayNames is slow per call; a page lists dozens of countries. */
const countryNames = new Map<string, string>()

/** Country name from an ISO alpha-2 code (Intl's CLDR data, not a hand list). */
export function countryName(code: string): string {
  let name = countryNames.get(code)
  if (name === undefined) {
    try {
      name = regionNames.of(code) ?? code
    } catch {
      name = code
    }
    countryNames.set(code, name)
  }
  return name
}

/** "EUR 14,300,000" — amounts are shown in their published currency, never converted. */
export function formatMoney(value: number, currency: string): string {
  return `${currency} ${numberFormat.format(value)}`
}

export function formatNumber(value: number): string {
  return numberFormat.format(value)
}

export function registerViewHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('t', (key: string, options: HelperOptions) => t(key, options.hash))
  hbs.registerHelper('codeLabel', (list: string, value: string) => label(list, value))
  hbs.registerHelper('country', (code: string) => countryName(code))
  hbs.registerHelper('number', (value: number) => formatNumber(value))
  hbs.registerHelper('money', (value: number, currency: string) => formatMoney(value, currency))
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b)
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value))
}
