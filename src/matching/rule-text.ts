import { currentLocale, sourceMessages, tDynamic, translate } from '../i18n/i18n.js'
import { countryName, formatMoney } from '../i18n/format.js'
import type { NeedsProfile } from './needs-profile.js'
import { EU_MEMBER_STATES } from './rules/eu-member-states.js'

const EU: ReadonlySet<string> = new Set(EU_MEMBER_STATES)

/** Where the rules page shows a rule: every reason links here. */
export const ruleUrl = (id: string) => `/match/rules#${id}`

/** The values rule texts may use: {investmentSize}, {ticketSize}, {country} and {inEu} (yes/no, for ICU select). */
export function textParams(profile: NeedsProfile): Record<string, string> {
  const amount = (value: number | null) =>
    value === null ? tDynamic('matcher.amountNotGiven') : formatMoney(value, 'EUR')
  return {
    investmentSize: amount(profile.investmentSizeEur),
    ticketSize: amount(profile.ticketSizeEur),
    country: countryName(profile.country),
    inEu: EU.has(profile.country) ? 'yes' : 'no',
  }
}

/** The values each message uses, read once from its English text (placeholders are the same in every locale). */
const usedValues = new Map<string, readonly string[]>()
function valuesUsedBy(key: string): readonly string[] {
  let names = usedValues.get(key)
  if (names === undefined) {
    const english = sourceMessages().get(key) ?? ''
    names = [...new Set([...english.matchAll(/\{\s*(\w+)/g)].map((match) => match[1]!))]
    usedValues.set(key, names)
  }
  return names
}

/** Rendered texts by locale, key and the values the text uses; bounded (the catalogues do not change while running). */
const rendered = new Map<string, string>()
const MAX_RENDERED = 20_000

/**
 * A message of the matcher's data files, in the request's language, filled with the profile's
 * values. A match renders about a hundred of them, most without any value or the same for every
 * profile of a country, so each is kept by locale, key and the values it uses.
 */
const plain = new Map<string, Map<string, string>>()

export function matcherText(key: string, params: Record<string, string>): string {
  const locale = currentLocale()
  const names = valuesUsedBy(key)
  if (names.length === 0) {
    let texts = plain.get(locale)
    if (texts === undefined) plain.set(locale, (texts = new Map()))
    let text = texts.get(key)
    if (text === undefined) texts.set(key, (text = translate(locale, key)))
    return text
  }
  let id = `${locale}\u0000${key}`
  for (const name of names) id += `\u0000${params[name] ?? ''}`
  let text = rendered.get(id)
  if (text === undefined) {
    if (rendered.size >= MAX_RENDERED) rendered.clear()
    text = translate(locale, key, params)
    rendered.set(id, text)
  }
  return text
}
