import { label, t } from '../i18n/i18n.js'
import { countryName, formatMoney } from '../http/view-helpers.js'
import type { Investment } from './investment.js'

/** The API shape of an investment: the stored record plus its page address. */
export function toInvestmentJson(investment: Investment) {
  return { ...investment, url: `/investments/${investment.id}` }
}

export function yearsLabel(investment: Investment): string {
  const { yearStart, yearEnd } = investment
  if (yearStart === null) return t('investments.yearUnknown')
  if (yearEnd === null) return `${yearStart}–`
  return yearStart === yearEnd ? String(yearStart) : `${yearStart}–${yearEnd}`
}

export function amountLabel(investment: Investment): string {
  return investment.amount ? formatMoney(investment.amount.value, investment.amount.currency) : t('investments.amountUnknown')
}

const coded = (list: string, values: readonly string[]) => values.map((value) => ({ value, label: label(list, value) }))

/** A result card on the list pages. */
export function toInvestmentCard(investment: Investment) {
  return {
    id: investment.id,
    url: `/investments/${investment.id}`,
    title: investment.title,
    summary: excerpt(investment.summary, 260),
    place: [investment.geography, ...investment.countries.map(countryName)].filter(unique).join(' · '),
    years: yearsLabel(investment),
    amount: amountLabel(investment),
    hasAmount: investment.amount !== null,
    instruments: coded('instrument', investment.instruments),
    policyFields: coded('policyField', investment.policyFields),
    stage: investment.stage ? label('stage', investment.stage) : null,
    confidence: investment.confidence,
    confidenceLabel: label('confidence', investment.confidence),
  }
}

/** The detail page. */
export function toInvestmentDetail(investment: Investment, related: Investment[]) {
  return {
    ...toInvestmentCard(investment),
    summary: investment.summary,
    results: investment.results,
    countries: investment.countries.map((code) => ({ code, name: countryName(code) })),
    geography: investment.geography,
    targetGroups: coded('targetGroup', investment.targetGroups),
    targetGroupText: investment.targetGroupText,
    instrumentText: investment.instrumentText,
    funds: coded('fund', investment.funds),
    statusText: investment.statusText,
    yearsText: investment.yearsText,
    amountText: investment.amountText,
    financiers: investment.financiers,
    outcomePayer: investment.outcomePayer,
    notes: investment.notes,
    sources: investment.sources.map((source, i) => ({ url: source.url, label: source.label ?? hostOf(source.url), n: i + 1 })),
    indigoId: investment.indigoId,
    confidenceExplained: t(`confidence.${investment.confidence}`),
    confidenceText: investment.confidenceText,
    lastVerified: investment.lastVerified,
    origin: t(`origin.${investment.origin}`),
    related: related.map(toInvestmentCard),
  }
}

function excerpt(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : max)}…`
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '')
  } catch {
    return url
  }
}

function unique(value: string, index: number, all: string[]): boolean {
  return value !== '' && all.indexOf(value) === index
}
