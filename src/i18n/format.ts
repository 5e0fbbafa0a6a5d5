import { currentLocale, t, type Locale } from './i18n.js'
import { intlLocale } from './locales.js'

/**
 * Numbers, money, dates and country names in the current request's locale, through Intl (CLDR):
 * "EUR 14,300,000" in English, "14.300.000 EUR" in German. Formatters are slow to build and are
 * kept per locale.
 */
function perLocale<T>(build: (locale: string) => T): () => T {
  const made = new Map<Locale, T>()
  return () => {
    const locale = currentLocale()
    let value = made.get(locale)
    if (value === undefined) made.set(locale, (value = build(intlLocale(locale))))
    return value
  }
}

const numbers = perLocale((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }))
const regionNames = perLocale((locale) => ({
  names: new Intl.DisplayNames([locale], { type: 'region' }),
  cache: new Map<string, string>(),
}))
const moneyFormats = perLocale(() => new Map<string, Intl.NumberFormat>())
const compactMoneyFormats = perLocale(() => new Map<string, Intl.NumberFormat>())
const BRUSSELS = 'Europe/Brussels'
const dates = perLocale(
  (locale) => new Intl.DateTimeFormat(locale, { timeZone: BRUSSELS, day: 'numeric', month: 'long', year: 'numeric' }),
)
const dateTimes = perLocale(
  (locale) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: BRUSSELS,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }),
)

export function formatNumber(value: number): string {
  return numbers().format(value)
}

function moneyFormat(cache: Map<string, Intl.NumberFormat>, currency: string, compact: boolean): Intl.NumberFormat {
  let format = cache.get(currency)
  if (!format) {
    const locale = intlLocale(currentLocale())
    try {
      format = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        currencyDisplay: 'code',
        maximumFractionDigits: compact ? 1 : 2,
        minimumFractionDigits: 0,
        ...(compact ? { notation: 'compact' } : {}),
      })
    } catch {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
    }
    cache.set(currency, format)
  }
  return format
}

/** An amount in its published currency, never converted: "EUR 14,300,000", "14.300.000 EUR". */
export function formatMoney(value: number, currency: string): string {
  return moneyFormat(moneyFormats(), currency, false).format(value)
}

/** A large amount for tables and charts: "EUR 40M", "40 Mio. EUR". */
export function formatMoneyCompact(value: number, currency: string): string {
  return moneyFormat(compactMoneyFormats(), currency, true).format(value)
}

/** A country's name in the current locale, from its ISO 3166-1 alpha-2 code (Intl's CLDR data, not a hand list). */
export function countryName(code: string): string {
  const { names, cache } = regionNames()
  let name = cache.get(code)
  if (name === undefined) {
    try {
      name = names.of(code) ?? code
    } catch {
      name = code
    }
    cache.set(code, name)
  }
  return name
}

/** A calendar date ("1 December 2026", "1 décembre 2026") from an ISO date or date-time, as in Brussels. */
export function formatDate(value: string | Date): string {
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value)
  return Number.isNaN(date.getTime()) ? String(value) : dates().format(date)
}

/** A moment, always in Brussels time and labelled so ("1 December 2026, 14:05 Brussels time"): the one time convention of the site. */
export function formatDateTime(value: string | Date): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  return t('format.brusselsTime', { time: dateTimes().format(date) })
}

const brusselsParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: BRUSSELS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
})

/**
 * A moment for exports, as ISO 8601 in Brussels time with its offset ("2026-05-03T14:05:00+02:00"):
 * a spreadsheet reads the same wall-clock time as the pages, and a program the exact instant.
 */
export function brusselsIso(value: string | Date): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  const part = Object.fromEntries(brusselsParts.formatToParts(date).map((p) => [p.type, p.value]))
  const offset = part.timeZoneName === 'GMT' ? '+00:00' : (part.timeZoneName ?? '').replace('GMT', '')
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}${offset}`
}

/** The zone of each time field of a JSON export: ISO stamps ending in Z are UTC; `…Brussels` fields carry their offset. */
export function exportTimeZones<K extends string>(
  utc: readonly K[],
  brussels: readonly K[] = [],
): Record<K, 'UTC' | 'Europe/Brussels'> {
  return Object.fromEntries([
    ...utc.map((field) => [field, 'UTC']),
    ...brussels.map((field) => [field, BRUSSELS]),
  ]) as Record<K, 'UTC' | 'Europe/Brussels'>
}
