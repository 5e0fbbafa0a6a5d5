import { label, t, tDynamic } from '../i18n/i18n.js'
import { countryName, formatMoney } from '../i18n/format.js'
import { listInWords } from './labels.js'
import type { Condition } from './rules/conditions.js'

type Range = { gte?: number | undefined; gt?: number | undefined; lte?: number | undefined; lt?: number | undefined }

function rangeInWords(range: Range): string {
  const money = (value: number) => formatMoney(value, 'EUR')
  const parts: string[] = []
  if (range.gte !== undefined) parts.push(t('matcher.condition.atLeast', { amount: money(range.gte) }))
  if (range.gt !== undefined) parts.push(t('matcher.condition.moreThan', { amount: money(range.gt) }))
  if (range.lte !== undefined) parts.push(t('matcher.condition.atMost', { amount: money(range.lte) }))
  if (range.lt !== undefined) parts.push(t('matcher.condition.lessThan', { amount: money(range.lt) }))
  return listInWords(parts)
}

const lower = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`
const labels = (list: string, values: readonly string[]) =>
  listInWords(values.map((value) => lower(label(list, value))))
const options = (list: string, values: readonly string[]) =>
  listInWords(values.map((value) => `“${tDynamic(`match.options.${list}.${value}`)}”`))

/** A rule's condition in plain words, for the public page "How the matcher decides". */
export function conditionInWords(condition: Condition): string {
  switch (condition.kind) {
    case 'always':
      return t('matcher.condition.always')
    case 'respondentType':
      return t('matcher.condition.respondentType', { values: labels('respondentType', condition.in) })
    case 'policyField':
      return t('matcher.condition.policyField', { values: labels('policyField', condition.any) })
    case 'targetGroup':
      return t('matcher.condition.targetGroup', { values: labels('targetGroup', condition.any) })
    case 'partner':
      return t('matcher.condition.partner', { values: labels('partner', condition.any) })
    case 'noPartners':
      return t('matcher.condition.noPartners')
    case 'revenueModel':
      return t('matcher.condition.revenueModel', { values: options('revenueModel', condition.in) })
    case 'spendingType':
      return t('matcher.condition.spendingType', { values: options('spendingType', condition.in) })
    case 'borrowingCapacity':
      return t('matcher.condition.borrowingCapacity', { values: options('borrowingCapacity', condition.in) })
    case 'financialExpertise':
      return t('matcher.condition.financialExpertise', { values: options('financialExpertise', condition.in) })
    case 'outcomesMeasurable':
      return t(condition.is ? 'matcher.condition.outcomesMeasurable' : 'matcher.condition.outcomesNotMeasurable')
    case 'cofinancingAvailable':
      return condition.is === 'unknown'
        ? t('matcher.condition.cofinancingUnknown')
        : t(condition.is ? 'matcher.condition.cofinancing' : 'matcher.condition.noCofinancing')
    case 'investmentSize':
      return t('matcher.condition.investmentSize', { range: rangeInWords(condition.range) })
    case 'ticketSize':
      return t('matcher.condition.ticketSize', { range: rangeInWords(condition.range) })
    case 'country':
      return t('matcher.condition.country', { values: listInWords(condition.in.map(countryName)) })
    case 'all':
      return condition.of.map(conditionInWords).join(t('matcher.condition.and'))
    case 'any':
      return t('matcher.condition.any', { parts: condition.of.map(conditionInWords).join(t('matcher.condition.or')) })
    case 'not':
      return t('matcher.condition.not', { part: conditionInWords(condition.of) })
  }
}
