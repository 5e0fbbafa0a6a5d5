import { currentLocale, label, t, tDynamic } from '../i18n/i18n.js'
import { intlLocale } from '../i18n/locales.js'
import type { Guidance } from './guidance.js'

const languageNames = new Map<string, Intl.DisplayNames>()

/** A language code in the reader's language ("de" → "German"), the code itself when Intl has no name. */
export function languageName(code: string): string {
  const locale = intlLocale(currentLocale())
  let names = languageNames.get(locale)
  if (!names) languageNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'language' })))
  try {
    return names.of(code) ?? code
  } catch {
    return code
  }
}

export const guidanceKindLabel = (kind: string) => tDynamic(`guidance.kind.${kind}`)

/** The API shape: the entry, its page and the labels of its codes in the request's language. */
export function toGuidanceJson(entry: Guidance) {
  return {
    ...entry,
    url: `/guidance/${entry.id}`,
    labels: {
      kind: guidanceKindLabel(entry.kind),
      languages: entry.languages.map(languageName),
      instruments: entry.instruments.map((v) => label('instrument', v)),
      funds: entry.funds.map((v) => label('fund', v)),
      policyFields: entry.policyFields.map((v) => label('policyField', v)),
    },
  }
}

/** A card in lists (the library, instrument, fund and match pages). */
export function guidanceCard(entry: Guidance) {
  return {
    id: entry.id,
    url: `/guidance/${entry.id}`,
    title: entry.title,
    meta: [
      entry.publisher,
      entry.year === null ? t('guidance.yearUnknown') : String(entry.year),
      guidanceKindLabel(entry.kind),
    ].join(' · '),
    summary: entry.summary,
  }
}

export function guidanceDetail(entry: Guidance) {
  const codes = (list: string, values: readonly string[], base: string, param: string) =>
    values.map((value) => ({
      label: label(list, value),
      url: `${base}/${value}`,
      filterUrl: `/guidance?${param}=${value}`,
    }))
  return {
    ...guidanceCard(entry),
    publisher: entry.publisher,
    year: entry.year === null ? t('guidance.yearUnknown') : String(entry.year),
    kind: guidanceKindLabel(entry.kind),
    kindUrl: `/guidance?kind=${entry.kind}`,
    languages: entry.languages.map(languageName).join(', '),
    instruments: codes('instrument', entry.instruments, '/instruments', 'instrument'),
    funds: codes('fund', entry.funds, '/funds', 'fund'),
    policyFields: entry.policyFields.map((value) => ({
      label: label('policyField', value),
      filterUrl: `/guidance?policyField=${value}`,
    })),
    link: entry.url,
    source: {
      url: entry.source.url,
      confidence: entry.source.confidence,
      confidenceLabel: tDynamic(`confidence.${entry.source.confidence}`),
      readOn: entry.source.readOn,
      sameAsLink: entry.source.url === entry.url,
    },
  }
}
