import { tDynamic } from '../i18n/i18n.js'
import { countryName, formatMoney } from '../i18n/format.js'
import type { NeedsProfile } from './needs-profile.js'
import { EU_MEMBER_STATES } from './rules/eu-member-states.js'

const EU: ReadonlySet<string> = new Set(EU_MEMBER_STATES)

/** Where the rules page shows a rule: every reason links here. */
export const ruleUrl = (id: string) => `/match/rules#${id}`

/** The values rule texts may use: {investmentSize}, {ticketSize}, {country} and {inEu} (yes/no, for ICU select). */
export function textParams(profile: NeedsProfile): Record<string, string> {
  const amount = (value: number | null) => (value === null ? tDynamic('matcher.amountNotGiven') : formatMoney(value, 'EUR'))
  return {
    investmentSize: amount(profile.investmentSizeEur),
    ticketSize: amount(profile.ticketSizeEur),
    country: countryName(profile.country),
    inEu: EU.has(profile.country) ? 'yes' : 'no',
  }
}

/** A message of the matcher's data files, in the request's language, filled with the profile's values. */
export function matcherText(key: string, params: Record<string, string>): string {
  return tDynamic(key, params)
}
