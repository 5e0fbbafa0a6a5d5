import { label, t, tDynamic, currentLocale, type Locale } from '../i18n/i18n.js'
import { countryName, formatMoney } from '../http/view-helpers.js'
import { formatDate } from '../i18n/format.js'
import { Lru } from '../shared/lru.js'
import { type Completeness, completenessOf } from './completeness.js'
import type { Investment } from './investment.js'
import { isImpactBond } from '../indigo/indigo-project-json.js'

/** The API shape of an investment: the stored record, its page address and its completeness (ADR 016). */
export function toInvestmentJson(investment: Investment) {
  return { ...investment, url: `/investments/${investment.id}`, completeness: completenessOf(investment) }
}

/** Completeness and freshness as the badges on cards and the detail page show them. */
export function qualityView(investment: Investment, completeness: Completeness = completenessOf(investment)) {
  const fieldName = (field: string) => tDynamic(`curation.fields.investments.${field}`)
  return {
    score: completeness.score,
    completenessLabel: t('curation.quality.completeness', { score: completeness.score }),
    level: completeness.score >= 85 ? 'high' : completeness.score >= 60 ? 'medium' : 'low',
    priority1Complete: completeness.priority1Complete,
    keyFacts: completeness.priority1Complete
      ? t('curation.quality.keyComplete')
      : t('curation.quality.keyMissing', {
          fields: completeness.missing
            .filter((m) => m.priority === 1)
            .map((m) => fieldName(m.field))
            .join(', '),
        }),
    missing: ([1, 2, 3] as const)
      .map((priority) => ({
        priority,
        heading: t(`curation.quality.priority${priority}`),
        fields: completeness.missing.filter((m) => m.priority === priority).map((m) => fieldName(m.field)),
      }))
      .filter((group) => group.fields.length > 0),
    lastVerified: investment.lastVerified,
    // Says who checked what (issue 12): the confidence tag is about the source, this about the editors.
    verifiedLabel: investment.lastVerified
      ? t('trust.reviewedOn', { date: formatDate(investment.lastVerified) })
      : t('trust.reviewedNever'),
  }
}

export function yearsLabel(investment: Investment): string {
  const { yearStart, yearEnd } = investment
  if (yearStart === null) return t('investments.yearUnknown')
  if (yearEnd === null) return `${yearStart}–`
  return yearStart === yearEnd ? String(yearStart) : `${yearStart}–${yearEnd}`
}

export function amountLabel(investment: Investment): string {
  return investment.amount
    ? formatMoney(investment.amount.value, investment.amount.currency)
    : t('investments.amountUnknown')
}

const coded = (list: string, values: readonly string[]) => values.map((value) => ({ value, label: label(list, value) }))

export type InvestmentCard = ReturnType<typeof buildCard>

/**
 * Cards by record: a card depends only on the record (stored records are immutable: an edit stores a
 * new object) and the message catalogue, and the same cards come back page after page. Bounded, so a
 * crawl through every page does not keep a card per record.
 */
const cardsByLocale = new Map<Locale, Lru<Investment, InvestmentCard>>()

/** A result card on the list pages, in the request's language (shared between requests: read-only). */
export function toInvestmentCard(investment: Investment): InvestmentCard {
  const locale = currentLocale()
  let cards = cardsByLocale.get(locale)
  if (!cards) cardsByLocale.set(locale, (cards = new Lru<Investment, InvestmentCard>(2000)))
  let card = cards.get(investment)
  if (!card) {
    card = buildCard(investment)
    cards.set(investment, card)
  }
  return card
}

function buildCard(investment: Investment) {
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
    confidenceLabel: t(`trust.source.${investment.confidence}`),
    quality: qualityView(investment),
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
    sources: investment.sources.map((source, i) => ({
      url: source.url,
      label: source.label ?? hostOf(source.url),
      n: i + 1,
    })),
    amountSource: amountSourceOf(investment),
    indigoId: investment.indigoId,
    // An outcomes contract (impact bond) can be exported as an INDIGO project (ADR 011).
    indigoExport: isImpactBond(investment)
      ? {
          url: `/api/v1/investments/${encodeURIComponent(investment.id)}/indigo`,
          filename: `${investment.id}-indigo.json`,
        }
      : null,
    confidenceExplained: t(`confidence.${investment.confidence}`),
    confidenceText: investment.confidenceText,
    lastVerified: investment.lastVerified ? formatDate(investment.lastVerified) : null,
    origin: t(`origin.${investment.origin}`),
    related: related.map(toInvestmentCard),
  }
}

/** Which numbered source publishes the amount (curated records name it). */
function amountSourceOf(investment: Investment): { n: number; url: string } | null {
  if (!investment.amount || !investment.amountSource) return null
  const n = investment.sources.findIndex((s) => s.url === investment.amountSource)
  return n === -1 ? null : { n: n + 1, url: investment.amountSource }
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
