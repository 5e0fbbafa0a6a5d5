import type { Guidance } from '../guidance/guidance.js'
import { guidanceCard } from '../guidance/guidance-presenters.js'
import { guidanceThatFits } from '../guidance/guidance-search.js'
import { label, t, tDynamic } from '../i18n/i18n.js'
import { countryName, formatMoney } from '../i18n/format.js'
import { PARTNERS, POLICY_FIELDS, RESPONDENT_TYPES, TARGET_GROUPS } from '../shared/codelists.js'
import {
  MATCH_FIELDS,
  MATCH_STEPS,
  answerPairs,
  answersToRaw,
  stepOf,
  stepUrl,
  type AnswerErrors,
  type MatchField,
  type RawAnswers,
} from './match-form.js'
import type { MatchResult, RankedFund, RankedInstrument } from './match-result.js'
import {
  BORROWING_CAPACITIES,
  FINANCIAL_EXPERTISE,
  REVENUE_MODELS,
  SPENDING_TYPES,
  type NeedsProfile,
} from './needs-profile.js'
import { EU_MEMBER_STATES } from './rules/eu-member-states.js'

/** Glossary look-up for "terms explained" links; null when the term is not in the glossary. */
export type TermLink = (slug: string) => { url: string; term: string } | null

interface Option {
  value: string
  label: string
}

interface FieldSpec {
  kind: 'radios' | 'checkboxes' | 'select' | 'amount'
  options?: () => Option[]
  glossary?: readonly string[]
}

const codelist = (list: string, values: readonly string[]) => () =>
  values.map((value) => ({ value, label: label(list, value) }))
const ours = (list: string, values: readonly string[]) => () =>
  values.map((value) => ({ value, label: tDynamic(`match.options.${list}.${value}`) }))
const yesNo = () => [
  { value: 'yes', label: t('match.options.yes') },
  { value: 'no', label: t('match.options.no') },
]
const yesNoUnknown = () => [...yesNo(), { value: 'unknown', label: t('match.options.notSure') }]

/** Countries outside the EU that the CEB or EU programmes reach; any other ISO code still works by URL or API. */
const OTHER_COUNTRIES = [
  'AL',
  'AD',
  'BA',
  'CH',
  'GB',
  'GE',
  'IS',
  'LI',
  'MD',
  'ME',
  'MK',
  'NO',
  'RS',
  'SM',
  'TR',
  'UA',
] as const

const FIELD_SPECS: Record<MatchField, FieldSpec> = {
  respondentType: {
    kind: 'radios',
    options: codelist('respondentType', RESPONDENT_TYPES),
    glossary: ['final-recipient'],
  },
  country: { kind: 'select' },
  policyFields: { kind: 'checkboxes', options: codelist('policyField', POLICY_FIELDS) },
  targetGroups: {
    kind: 'checkboxes',
    options: codelist('targetGroup', TARGET_GROUPS),
    glossary: ['temporary-protection', 'third-country-national'],
  },
  spendingType: { kind: 'radios', options: ours('spendingType', SPENDING_TYPES) },
  investmentSizeEur: { kind: 'amount' },
  ticketSizeEur: { kind: 'amount', glossary: ['final-recipient', 'microcredit'] },
  revenueModel: { kind: 'radios', options: ours('revenueModel', REVENUE_MODELS), glossary: ['loan', 'revolving'] },
  outcomesMeasurable: { kind: 'radios', options: yesNo, glossary: ['social-outcomes-contract', 'outcome-payer'] },
  borrowingCapacity: {
    kind: 'radios',
    options: ours('borrowingCapacity', BORROWING_CAPACITIES),
    glossary: ['national-promotional-bank', 'framework-loan'],
  },
  financialExpertise: {
    kind: 'radios',
    options: ours('financialExpertise', FINANCIAL_EXPERTISE),
    glossary: ['financial-instrument'],
  },
  cofinancingAvailable: { kind: 'radios', options: yesNoUnknown, glossary: ['co-financing-rate'] },
  partners: {
    kind: 'checkboxes',
    options: codelist('partner', PARTNERS),
    glossary: ['national-promotional-bank', 'microfinance-institution', 'crowdfunding'],
  },
}

function countryGroups(chosen: string | undefined) {
  const byName = (codes: readonly string[]) =>
    codes
      .map((code) => ({ value: code, label: countryName(code), selected: code === chosen }))
      .sort((a, b) => a.label.localeCompare(b.label, 'en'))
  const known = [...EU_MEMBER_STATES, ...OTHER_COUNTRIES] as readonly string[]
  const other = chosen !== undefined && chosen !== '' && !known.includes(chosen) ? [chosen] : []
  return [
    { label: t('match.q.country.groupEu'), options: byName(EU_MEMBER_STATES) },
    { label: t('match.q.country.groupOther'), options: byName([...OTHER_COUNTRIES, ...other]) },
  ]
}

/** A question for the field partial: label, hint, glossary links, error, options or value. */
export function fieldView(field: MatchField, raw: RawAnswers, errors: AnswerErrors, termLink: TermLink) {
  const spec = FIELD_SPECS[field]
  const values = raw[field] ?? []
  const error = errors[field]
  const options = (spec.options?.() ?? []).map((option) => ({
    ...option,
    id: `${field}-${option.value}`,
    checked: values.includes(option.value),
  }))
  const describedBy = [`${field}-hint`, ...(error ? [`${field}-error`] : [])].join(' ')
  return {
    name: field,
    id: field,
    isRadios: spec.kind === 'radios',
    isCheckboxes: spec.kind === 'checkboxes',
    isChoice: spec.kind === 'radios' || spec.kind === 'checkboxes',
    isSelect: spec.kind === 'select',
    isAmount: spec.kind === 'amount',
    inputType: spec.kind === 'radios' ? 'radio' : 'checkbox',
    label: t(`match.q.${field}.label`),
    hint: t(`match.q.${field}.hint`),
    glossary: (spec.glossary ?? []).map(termLink).filter((link) => link !== null),
    error,
    describedBy,
    options,
    groups: spec.kind === 'select' ? countryGroups(values[0]?.trim().toUpperCase()) : [],
    choosePrompt: spec.kind === 'select' ? t('match.q.country.choose') : '',
    value: values[0] ?? '',
    /** Where the error summary links to: the input, or the first option of a group. */
    anchor: options[0]?.id ?? field,
  }
}

export function errorListFor(
  errors: AnswerErrors,
  anchorOf: (field: MatchField) => string = (field) => fieldAnchor(field),
) {
  return MATCH_FIELDS.filter((field) => errors[field] !== undefined).map((field) => ({
    text: errors[field]!,
    href: `#${anchorOf(field)}`,
  }))
}

function fieldAnchor(field: MatchField): string {
  const spec = FIELD_SPECS[field]
  const first = spec.options?.()[0]
  return first === undefined ? field : `${field}-${first.value}`
}

/** One step of the wizard. */
export function stepView(step: number, raw: RawAnswers, errors: AnswerErrors, termLink: TermLink) {
  const current = MATCH_STEPS[step - 1]!
  const total = MATCH_STEPS.length
  const heading = t(`match.steps.${current.slug}.title`)
  const hasErrors = Object.keys(errors).length > 0
  const stepTitle = t('match.stepTitle', { step, total, title: heading })
  return {
    title: hasErrors ? `${t('match.errorPrefix')} ${stepTitle}` : stepTitle,
    heading,
    progress: t('match.progress', { step, total }),
    intro: t(`match.steps.${current.slug}.intro`),
    isFirst: step === 1,
    lead: step === 1 ? t('match.lead') : null,
    privacy: t('match.privacy'),
    steps: MATCH_STEPS.map((item, index) => ({
      number: index + 1,
      title: t(`match.steps.${item.slug}.title`),
      current: index + 1 === step,
      url: index + 1 < step ? stepUrl(index + 1, raw) : null,
      done: index + 1 < step,
    })),
    fields: current.fields.map((field) => fieldView(field, raw, errors, termLink)),
    hidden: answerPairs(raw, current.fields).map(([name, value]) => ({ name, value })),
    from: step,
    backUrl: step > 1 ? stepUrl(step - 1, raw) : null,
    submitLabel: step === total ? t('match.seeResult') : t('match.continue'),
    errorList: errorListFor(errors),
  }
}

function listOr(values: readonly string[], list: string): string {
  return values.length === 0 ? t('match.answers.none') : values.map((value) => label(list, value)).join(', ')
}

/** "Your answers" with a change link to the step that asks each question. */
export function answersSummary(profile: NeedsProfile) {
  const raw = answersToRaw(profile)
  const amount = (value: number | null) => (value === null ? t('match.answers.notGiven') : formatMoney(value, 'EUR'))
  const yes = (value: boolean | 'unknown') =>
    value === 'unknown' ? t('match.options.notSure') : t(value ? 'match.options.yes' : 'match.options.no')
  const text: Record<MatchField, string> = {
    respondentType: label('respondentType', profile.respondentType),
    country: countryName(profile.country),
    policyFields: listOr(profile.policyFields, 'policyField'),
    targetGroups: listOr(profile.targetGroups, 'targetGroup'),
    spendingType:
      profile.spendingType === undefined
        ? t('match.answers.notAnsweredBoth')
        : tDynamic(`match.options.spendingType.${profile.spendingType}`),
    investmentSizeEur: amount(profile.investmentSizeEur),
    ticketSizeEur: amount(profile.ticketSizeEur),
    revenueModel: t(`match.options.revenueModel.${profile.revenueModel}`),
    outcomesMeasurable: yes(profile.outcomesMeasurable),
    borrowingCapacity: t(`match.options.borrowingCapacity.${profile.borrowingCapacity}`),
    financialExpertise: t(`match.options.financialExpertise.${profile.financialExpertise}`),
    cofinancingAvailable: yes(profile.cofinancingAvailable),
    partners: listOr(profile.partners, 'partner'),
  }
  return MATCH_FIELDS.map((field) => ({
    field,
    label: t(`match.answers.${field}`),
    value: text[field],
    changeUrl: `${stepUrl(stepOf(field), raw)}#${fieldAnchor(field)}`,
    changeText: t('match.answers.change'),
  }))
}

const EFFECT_KEYS = { '+': 'plus', '-': 'minus', block: 'block' } as const

function optionView(kind: 'instrument' | 'fund', option: RankedInstrument | RankedFund, index: number) {
  return {
    rank: index + 1,
    id: `${kind}-${option.slug}`,
    slug: option.slug,
    name: option.name,
    url: `/${kind === 'instrument' ? 'instruments' : 'funds'}/${option.slug}`,
    about: t(kind === 'instrument' ? 'match.result.aboutInstrument' : 'match.result.aboutFund', { name: option.name }),
    score: option.score,
    scoreText: t('match.result.outOf100', { score: option.score }),
    fit: option.fit,
    fitText: t(`match.result.fit.${option.fit}`),
    reasons: option.reasons.map((reason) => ({
      effect: EFFECT_KEYS[reason.effect],
      prefix: t(`match.result.effect.${EFFECT_KEYS[reason.effect]}`),
      text: reason.text,
      ruleUrl: reason.ruleUrl,
      ruleLinkText: t('match.result.ruleLink'),
    })),
    gaps: option.gaps,
  }
}

function readinessView(readiness: MatchResult['readiness']) {
  const overall = readiness.overall
  const verdict = overall >= 70 ? 'readinessHigh' : overall >= 40 ? 'readinessMedium' : 'readinessLow'
  return {
    overallText: t('match.result.readinessOverall', { score: overall }),
    verdict: t(`match.result.${verdict}`),
    dimensions: (Object.keys(readiness.dimensions) as (keyof MatchResult['readiness']['dimensions'])[]).map((key) => ({
      name: t(`match.result.dimensions.${key}.name`),
      text: t(`match.result.dimensions.${key}.text`),
      score: readiness.dimensions[key],
    })),
  }
}

/**
 * The result page's view of any match result: from the wizard now, from a submitted questionnaire
 * response later (the `/responses/:id/match` page can render `pages/match/result` with this).
 */
export function matchResultView(result: MatchResult, library: readonly Guidance[] = []) {
  const names = new Map<string, { name: string; url: string }>()
  for (const option of result.instruments)
    names.set(`instrument:${option.slug}`, { name: option.name, url: `/instruments/${option.slug}` })
  for (const option of result.funds)
    names.set(`fund:${option.slug}`, { name: option.name, url: `/funds/${option.slug}` })
  return {
    notices: result.notices,
    rulesUrl: result.rulesUrl,
    answers: answersSummary(result.profile),
    readiness: readinessView(result.readiness),
    instruments: result.instruments.map((option, index) => optionView('instrument', option, index)),
    funds: result.funds.map((option, index) => optionView('fund', option, index)),
    combinations: result.combinations.map((combination) => ({
      title: combination.title,
      rationale: combination.rationale,
      ruleUrl: combination.ruleUrl,
      parts: combination.parts.map(
        (part) =>
          names.get(`${part.kind}:${part.slug}`) ?? {
            name: label(part.kind, part.slug),
            url: `/${part.kind}s/${part.slug}`,
          },
      ),
    })),
    examples: result.examples.map((example) => ({ ...example, url: `/investments/${encodeURIComponent(example.id)}` })),
    guidance: guidanceForResult(result, library),
    advisory: result.advisory,
  }
}

/** Guidance covering the top instruments and funds of a result (strong or possible fits, three of each), with what it covers. */
export function guidanceForResult(result: MatchResult, library: readonly Guidance[]) {
  const top = <T extends { fit: string }>(options: readonly T[]) =>
    options.filter((o) => o.fit === 'strong' || o.fit === 'possible').slice(0, 3)
  const instruments = top(result.instruments)
  const funds = top(result.funds)
  const names = new Map<string, string>([
    ...instruments.map((o) => [`i:${o.slug}`, o.name] as const),
    ...funds.map((o) => [`f:${o.slug}`, o.name] as const),
  ])
  return guidanceThatFits(
    library,
    { instruments: instruments.map((o) => o.slug), funds: funds.map((o) => o.slug) },
    5,
  ).map((entry) => ({
    ...guidanceCard(entry),
    covers: [...entry.instruments.map((v) => names.get(`i:${v}`)), ...entry.funds.map((v) => names.get(`f:${v}`))]
      .filter((n): n is string => n !== undefined)
      .join(', '),
  }))
}

/** Every question on one page: the what-if form on the result page and the "check your answers" page. */
export function allFieldsView(raw: RawAnswers, errors: AnswerErrors, termLink: TermLink) {
  return MATCH_STEPS.map((step) => ({
    heading: t(`match.steps.${step.slug}.title`),
    fields: step.fields.map((field) => fieldView(field, raw, errors, termLink)),
  }))
}
