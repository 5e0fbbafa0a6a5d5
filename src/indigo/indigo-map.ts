import type { InvestmentContent } from '../investments/investment.js'
import type { FundSlug, PolicyField, Stage, TargetGroup } from '../shared/codelists.js'
import { defaultRelevanceRule, type RelevanceRule } from '../investments/relevance.js'
import type { InvestmentRow, LocationRow, OrganisationRow, OutcomePaymentRow, ProjectRow } from './indigo-files.js'

/**
 * Maps one INDIGO project (with its investments, outcome payers and delivery locations) onto our
 * investment content. Pure: no I/O, no clock. The rules are documented in ADR 011; every value the
 * codelists cannot hold is kept verbatim in the matching text field.
 */

/** The dataset page GO Lab publishes (the seed cites the same page for INDIGO-linked cases). */
export const INDIGO_DATASET_URL = 'https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/impact-bond-dataset-v2/'
/** A project's public page in the INDIGO data store (the same app serves /app/api1/project/{id}). */
export const indigoRecordUrl = (indigoId: string) =>
  `https://golab-indigo-data-store.herokuapp.com/app/project/${indigoId}`

/**
 * INDIGO `purpose_and_classifications.policy_sector` → our policy field. `null`: no equivalent, so
 * the project is not imported (a curator can still add it by hand with a field of their choosing).
 */
export const POLICY_SECTORS: Record<string, PolicyField | null> = {
  'employment and training': 'employment',
  education: 'education',
  health: 'health_social_care',
  'child and family welfare': 'health_social_care',
  homelessness: 'housing',
  'criminal justice': null,
  'agriculture and environment': null,
  'poverty reduction': null,
}

/** INDIGO `stage_development` (4.1.0, plus the design stages of earlier releases) → our stage. */
export const STAGES: Record<string, Stage> = {
  'early-stage design': 'design',
  'late-stage design': 'design',
  contracted: 'contracted',
  implementation: 'implementation',
  'service delivery complete': 'completed',
  complete: 'completed',
}

/** Currency names found in the export instead of ISO 4217 codes. */
export const CURRENCY_NAMES: Record<string, string> = {
  'russian ruble': 'RUB',
  'russian rubles': 'RUB',
  'swiss francs': 'CHF',
  'japanese yen': 'JPY',
  'israeli new shekels': 'ILS',
  'south african rand': 'ZAR',
  'south korean won': 'KRW',
  'nz dollar': 'NZD',
  swedish: 'SEK',
}

/** Our fund codelist values recognised by an investor's or outcome payer's name. */
const FUNDS_BY_NAME: [RegExp, FundSlug][] = [
  [/\bEuropean Investment Fund\b/i, 'eif'],
  [/\bEuropean Investment Bank\b/i, 'eib'],
  [/\bCouncil of Europe Development Bank\b/i, 'ceb'],
]

/** Target groups named in so many words in INDIGO's target population (nothing is inferred beyond that). */
const TARGET_GROUP_WORDS: [RegExp, TargetGroup][] = [
  [/\brefugees?\b/i, 'refugees'],
  [/\basylum[- ]seek/i, 'asylum_seekers'],
]

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'))
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })
const numbers = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 })
/** Codes Intl names that are not ISO 3166-1 countries. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'UK', 'QO', 'ZZ'])

export function isIsoCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false
  try {
    return regionNames.of(code) !== code
  } catch {
    return false
  }
}

/** ISO 4217 code for what INDIGO wrote ("GBP", "AUD ", "Swiss Francs"), or null. */
export function currencyCode(raw: string): string | null {
  const text = raw.trim()
  if (text === '') return null
  const upper = text.toUpperCase()
  if (/^[A-Z]{3}$/.test(upper) && KNOWN_CURRENCIES.has(upper)) return upper
  return CURRENCY_NAMES[text.toLowerCase()] ?? null
}

export interface ProjectBundle {
  project: ProjectRow
  investors: InvestmentRow[]
  payers: OutcomePaymentRow[]
  locations: LocationRow[]
}

export interface MappedProject {
  content: InvestmentContent
  /** Why the project cannot become a record of its own (it may still complete an existing one). */
  skipReason: string | null
  warnings: string[]
}

export function mapIndigoProject(
  bundle: ProjectBundle,
  organisations: ReadonlyMap<string, OrganisationRow>,
  rule: RelevanceRule = defaultRelevanceRule(),
): MappedProject {
  const { project: p } = bundle
  const warnings: string[] = []
  const number = (raw: string, what: string): number | null => {
    if (raw === '') return null
    if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw)
    warnings.push(`${what} "${raw}" is not a plain number; left out`)
    return null
  }
  const currency = (raw: string, what: string): string | null => {
    const code = currencyCode(raw)
    if (raw !== '' && code === null)
      warnings.push(`${what} currency "${raw}" is not an ISO 4217 code; amounts in it kept as text only`)
    return code
  }
  const money = (amount: number, code: string | null, raw: string) => `${code ?? raw} ${numbers.format(amount)}`.trim()
  const orgName = (id: string): string => {
    const org = organisations.get(id)
    if (org) return org.name
    warnings.push(`organisation ${id} is not in the organisations file`)
    return id
  }

  // Policy sector → policy field.
  const sectorKey = p.policySector.toLowerCase()
  const field = POLICY_SECTORS[sectorKey]
  let skipReason: string | null = null
  if (p.policySector === '') skipReason = 'no policy sector in INDIGO'
  else if (field === undefined) skipReason = `policy sector "${p.policySector}" is not in INDIGO's codelist`
  else if (field === null) skipReason = `policy sector "${p.policySector}" has no equivalent among our policy fields`

  // Stage.
  const stage = p.stage === '' ? null : (STAGES[p.stage.toLowerCase()] ?? null)
  if (p.stage !== '' && stage === null) warnings.push(`stage "${p.stage}" is not in INDIGO's codelist; kept as text`)

  // Dates → years.
  const dates = {
    outcomesContractSigned: date(p.outcomesContractSigned),
    allContractsSigned: date(p.allContractsSigned),
    serviceStart: date(p.serviceStart),
    serviceAnticipatedEnd: date(p.serviceAnticipatedEnd),
    serviceActualEnd: date(p.serviceActualEnd),
    anticipatedCompletion: date(p.anticipatedCompletion),
    actualCompletion: date(p.actualCompletion),
  }
  for (const [key, value] of Object.entries(dates))
    if (value === undefined)
      warnings.push(`date ${key} "${p[key as keyof typeof dates]}" is not YYYY, YYYY-MM or YYYY-MM-DD; left out`)
  const yearOf = (d: string | null | undefined) => (d ? Number(d.slice(0, 4)) : null)
  const inRange = (y: number | null) => (y !== null && y >= 1990 && y <= 2100 ? y : null)
  const yearStart = inRange(
    yearOf(dates.serviceStart) ?? yearOf(dates.outcomesContractSigned) ?? yearOf(dates.allContractsSigned),
  )
  let yearEnd = inRange(
    yearOf(dates.serviceActualEnd) ??
      yearOf(dates.actualCompletion) ??
      yearOf(dates.serviceAnticipatedEnd) ??
      yearOf(dates.anticipatedCompletion),
  )
  if (yearStart !== null && yearEnd !== null && yearEnd < yearStart) {
    warnings.push(`end year ${yearEnd} is before start year ${yearStart}; end year left out`)
    yearEnd = null
  }
  const dateParts = [
    dates.outcomesContractSigned && `outcomes contract signed ${dates.outcomesContractSigned}`,
    dates.allContractsSigned &&
      dates.allContractsSigned !== dates.outcomesContractSigned &&
      `all contracts signed ${dates.allContractsSigned}`,
    dates.serviceStart && `service started ${dates.serviceStart}`,
    dates.serviceActualEnd && `service ended ${dates.serviceActualEnd}`,
    !dates.serviceActualEnd && dates.serviceAnticipatedEnd && `service end anticipated ${dates.serviceAnticipatedEnd}`,
    dates.actualCompletion && `completed ${dates.actualCompletion}`,
    !dates.actualCompletion && dates.anticipatedCompletion && `completion anticipated ${dates.anticipatedCompletion}`,
  ].filter((part): part is string => typeof part === 'string')

  // Countries: the project's list and the delivery locations'.
  const countries: string[] = []
  const rawCountries = [...p.countries.split(/[,;]/), ...bundle.locations.map((l) => l.country)]
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean)
  for (const code of rawCountries) {
    if (!isIsoCountry(code)) warnings.push(`country "${code}" is not an ISO 3166-1 alpha-2 code; left out`)
    else if (!countries.includes(code)) countries.push(code)
  }
  const places = unique(bundle.locations.map((l) => l.name.replace(/\s+/g, ' ')))
  const geography = clip(
    places.length > 0
      ? places.join('; ')
      : countries.length > 0
        ? countries.map((c) => regionNames.of(c) ?? c).join('; ')
        : 'Not published in INDIGO',
    300,
  )

  // Money, as published (never converted).
  const investmentCurrency = currency(p.investmentCurrency, 'total investment')
  const exact = number(p.investmentExact, 'total investment (exact)')
  const min = number(p.investmentMin, 'total investment (min)')
  const max = number(p.investmentMax, 'total investment (max)')
  const amount = exact !== null && investmentCurrency !== null ? { value: exact, currency: investmentCurrency } : null
  if (exact !== null && investmentCurrency === null && p.investmentCurrency === '')
    warnings.push('total investment has no currency; kept as text only')
  const cur = p.investmentCurrency
  const amountParts = [
    exact !== null && `Total investment commitment (capital raised): ${money(exact, investmentCurrency, cur)}`,
    exact === null &&
      min !== null &&
      max !== null &&
      `Total investment commitment between ${money(min, investmentCurrency, cur)} and ${money(max, investmentCurrency, cur)}`,
    exact === null &&
      min !== null &&
      max === null &&
      `Total investment commitment at least ${money(min, investmentCurrency, cur)}`,
    exact === null &&
      min === null &&
      max !== null &&
      `Total investment commitment up to ${money(max, investmentCurrency, cur)}`,
  ]
  const outcomeCap = number(p.outcomePaymentAmount, 'maximum potential outcome payment')
  if (outcomeCap !== null) {
    const code = currency(p.outcomePaymentCurrency, 'maximum potential outcome payment')
    amountParts.push(`Maximum potential outcome payment: ${money(outcomeCap, code, p.outcomePaymentCurrency)}`)
  }
  const amountText = sentences(amountParts, 500)

  // Results INDIGO records.
  const actualUsers = number(p.actualUsers, 'actual number of service users')
  const paymentsMade = number(p.paymentsMadeAmount, 'total outcome payments made')
  const results = sentences(
    [
      actualUsers !== null &&
        `INDIGO records ${numbers.format(actualUsers)} unique service users or beneficiaries engaged`,
      paymentsMade !== null &&
        `Outcome payments made: ${money(paymentsMade, currency(p.paymentsMadeCurrency, 'outcome payments made'), p.paymentsMadeCurrency)}`,
    ],
    4000,
  )

  // Who: investors and outcome payers.
  const financiers = unique(
    bundle.investors.map((inv) => {
      const invCurrency = currency(inv.currency, `investment by ${inv.organisationId}`)
      const invExact = number(inv.amountExact, `investment by ${inv.organisationId}`)
      const details = [inv.investmentType, invExact !== null ? money(invExact, invCurrency, inv.currency) : '']
        .filter(Boolean)
        .join(', ')
      return clip(`${orgName(inv.organisationId)}${details ? ` (${details})` : ''}`, 300)
    }),
  )
  const payerNames = unique(bundle.payers.map((payer) => orgName(payer.organisationId)))
  const outcomePayer = payerNames.length > 0 ? clip(payerNames.join('; '), 500) : null
  const funds = unique(
    [...bundle.investors, ...bundle.payers].flatMap((row) => {
      const name = organisations.get(row.organisationId)?.name ?? ''
      return FUNDS_BY_NAME.filter(([pattern]) => pattern.test(name)).map(([, slug]) => slug)
    }),
  ) as FundSlug[]

  const targetedUsers = number(p.targetedUsers, 'targeted number of service users')
  const targetGroupText = sentences(
    [
      p.targetPopulation,
      targetedUsers !== null && `Target: ${numbers.format(targetedUsers)} service users or beneficiaries`,
    ],
    1000,
  )
  const targetGroups = TARGET_GROUP_WORDS.filter(([pattern]) => pattern.test(p.targetPopulation)).map(
    ([, group]) => group,
  )

  const describing = p.intervention || p.socialChallenge
  const summaryText =
    describing ||
    `Impact bond recorded by INDIGO${countries.length > 0 ? ` in ${countries.map((c) => regionNames.of(c) ?? c).join(', ')}` : ''}`
  const summary = clip(summaryText.length < 10 ? `Impact bond: ${summaryText}` : summaryText, 4000)

  const notes = sentences(
    [
      p.alternativeNames && `Also known as: ${p.alternativeNames}`,
      p.policySector && `INDIGO policy sector: ${p.policySector}`,
      p.intervention && p.socialChallenge && `Social challenge: ${p.socialChallenge}`,
      p.prototype.toUpperCase() === 'YES' && 'INDIGO marks this project as a social investment prototype',
      p.notes && `INDIGO notes: ${p.notes}`,
    ],
    4000,
  )

  const content: InvestmentContent = {
    title: clip(p.name.replace(/\s+/g, ' '), 300),
    summary,
    results,
    countries,
    geography,
    policyFields: field ? [field] : [],
    targetGroups,
    targetGroupText,
    instruments: ['social-outcomes-contract'],
    instrumentText: 'Impact bond',
    funds,
    stage,
    statusText: p.stage || null,
    yearStart,
    yearEnd,
    yearsText: dateParts.length > 0 ? clip(dateParts.join('; '), 300) : null,
    amount,
    amountText,
    financiers,
    outcomePayer,
    sources: [
      { url: INDIGO_DATASET_URL, label: `GO Lab INDIGO Impact Bond Dataset (record ${p.id})` },
      { url: indigoRecordUrl(p.id), label: `INDIGO data store: ${p.id}` },
    ],
    relevance: rule.classify({ title: p.name, targetGroupText: p.targetPopulation }).relevance,
    indigoId: p.id,
    confidence: 'S',
    confidenceText:
      'Imported from the INDIGO impact bond dataset (GO Lab, University of Oxford) as published there; not checked against primary sources.',
    notes,
    lastVerified: null,
  }
  return { content, skipReason, warnings }
}

/** YYYY, YYYY-MM or YYYY-MM-DD as INDIGO allows; null when empty, undefined when not a date. */
function date(raw: string): string | null | undefined {
  if (raw === '') return null
  return /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/.test(raw) ? raw : undefined
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values.filter((v) => v !== '' && v !== null && v !== undefined))]
}

/** Cuts text to `max` characters, at a word where possible, with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`
}

/** Joins the present parts as sentences; null when none. */
function sentences(parts: (string | false | null | undefined)[], max: number): string | null {
  const present = parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '')
  if (present.length === 0) return null
  return clip(present.map((part) => (/[.!?…]$/.test(part.trim()) ? part.trim() : `${part.trim()}.`)).join(' '), max)
}

/** Lower case, accents and punctuation removed, spaces collapsed: "Duo for a Job!" → "duo for a job". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}
