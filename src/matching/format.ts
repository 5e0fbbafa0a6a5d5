import type { NeedsProfile } from './needs-profile.js'

function groupThousands(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function trimDecimals(value: number): string {
  return value.toFixed(2).replace(/\.?0+$/, '')
}

/** "EUR 20,000", "EUR 2.5 million", "EUR 4 billion": written out by hand so no locale data can change it. */
export function formatEur(value: number): string {
  if (value >= 1_000_000_000) return `EUR ${trimDecimals(value / 1_000_000_000)} billion`
  if (value >= 1_000_000) return `EUR ${trimDecimals(value / 1_000_000)} million`
  return `EUR ${groupThousands(value)}`
}

const PLACEHOLDER = /\{(investmentSize|ticketSize)\}/g

/** Fills {investmentSize} and {ticketSize} in a rule text with the profile's amounts. */
export function renderText(template: string, profile: NeedsProfile): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = name === 'investmentSize' ? profile.investmentSizeEur : profile.ticketSizeEur
    return value === null ? 'an amount not given' : formatEur(value)
  })
}

/** Every {placeholder} a template uses, for checking rule texts. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] ?? '')
}
