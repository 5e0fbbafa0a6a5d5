import { label, t } from '../i18n/i18n.js'
import { countryName, formatDate } from '../i18n/format.js'
import { conditionInWords } from './condition-words.js'
import { matcherText } from './rule-text.js'
import type { Basis, RuleSet } from './rules/rule-schema.js'
import {
  advisoryTextKey,
  combinationTextKey,
  eligibilityTextKey,
  ruleTextKey,
  type MatcherRules,
} from './rules/matcher-rules.js'

/** How a rule's text reads on the page, where no profile fills it in. */
function genericParams(): Record<string, string> {
  return {
    investmentSize: t('match.rulesPage.placeholder.investmentSize'),
    ticketSize: t('match.rulesPage.placeholder.ticketSize'),
    country: t('match.rulesPage.placeholder.country'),
    inEu: 'no',
    name: t('match.rulesPage.placeholder.loan'),
    score: 'N',
  }
}

function sourcesView(sources: readonly string[]) {
  return sources.map((url) => ({ url, text: sourceText(url) }))
}

/** "coebank.org/en/…": enough to tell sources apart without a long address. */
function sourceText(url: string): string {
  try {
    const parsed = new URL(url)
    const path = parsed.pathname.length > 40 ? `${parsed.pathname.slice(0, 38)}…` : parsed.pathname
    return `${parsed.hostname.replace(/^www\./, '')}${path === '/' ? '' : path}`
  } catch {
    return url
  }
}

function basisView(basis: Basis) {
  return {
    kind: t(basis.editorial ? 'match.rulesPage.editorial' : 'match.rulesPage.stated'),
    editorial: basis.editorial,
    note: basis.note,
    sources: sourcesView(basis.sources),
  }
}

function effectText(effect: '+' | '-' | 'block', weight?: number, maxScore?: number): string {
  if (effect === 'block') return t('match.rulesPage.effectBlock')
  const base = t(effect === '+' ? 'match.rulesPage.effectPlus' : 'match.rulesPage.effectMinus', { weight: weight ?? 0 })
  return maxScore === undefined ? base : `${base} ${t('match.rulesPage.effectCap', { max: maxScore })}`
}

function ruleSetView(kind: 'instrument' | 'fund', set: RuleSet, params: Record<string, string>) {
  const rules = [
    ...set.exclusions.map((rule) => ({ rule, effect: 'block' as const, weight: undefined, maxScore: undefined })),
    ...set.criteria.map((rule) => ({ rule, effect: rule.effect, weight: rule.weight, maxScore: rule.maxScore })),
  ]
  return {
    id: `${kind}-${set.slug}`,
    name: label(kind, set.slug),
    rules: [
      ...rules.map(({ rule, effect, weight, maxScore }) => ({
        id: rule.id,
        effect: effectText(effect, weight, maxScore),
        criterion: label('matcherCriterion', rule.criterion),
        when: conditionInWords(rule.when),
        text: matcherText(ruleTextKey(rule.id, 'reason'), params),
        gap: effect === '+' ? undefined : matcherText(ruleTextKey(rule.id, 'gap'), params),
        ...basisView(rule.basis),
      })),
      ...(set.boundBy === undefined
        ? []
        : [
            {
              id: `${set.slug}.bound`,
              effect: t('match.rulesPage.effectBound', { name: label('instrument', set.boundBy.slug) }),
              criterion: label('matcherCriterion', 'loan_part'),
              when:
                set.boundBy.unlessRespondent.length === 0
                  ? t('matcher.condition.always')
                  : conditionInWords({ kind: 'not', of: { kind: 'respondentType', in: set.boundBy.unlessRespondent } }),
              text: matcherText(ruleTextKey(`${set.slug}.bound`, 'reason'), params),
              gap: undefined,
              ...basisView(set.boundBy.basis),
            },
          ]),
    ],
  }
}

/** The public page "How the matcher decides": every rule, its weight, its condition in words, its kind and sources. */
export function rulesPageView(rules: MatcherRules) {
  const params = genericParams()
  const lists = new Map(rules.eligibility.countryLists.map((list) => [list.id, list]))
  const listNames = (ids: readonly string[]) =>
    ids.map((id) => t('match.rulesPage.listName', { list: label('matcherCountryList', id) })).join(', ')
  return {
    title: t('match.rulesPage.title'),
    versions: t('match.rulesPage.versions', rules.versions),
    countryLists: rules.eligibility.countryLists.map((list) => ({
      id: `list-${list.id}`,
      name: label('matcherCountryList', list.id),
      countries: list.countries
        .map(countryName)
        .sort((a, b) => a.localeCompare(b, 'en'))
        .join(', '),
      count: list.countries.length,
      checked: t('match.rulesPage.checked', { date: formatDate(list.checked), confidence: list.confidence }),
      note: list.note,
      sources: sourcesView(list.sources),
    })),
    eligibility: rules.eligibility.rules.map((rule) => ({
      id: rule.id,
      name: label(rule.option.kind, rule.option.slug),
      openIn: listNames(rule.openIn),
      checkIn: rule.checkElsewhere
        ? t('match.rulesPage.checkElsewhere')
        : rule.checkIn.length > 0
          ? listNames(rule.checkIn)
          : undefined,
      excluded: matcherText(eligibilityTextKey(rule.id, 'excluded'), params),
      checkText:
        rule.checkIn.length > 0 || rule.checkElsewhere
          ? matcherText(eligibilityTextKey(rule.id, 'check'), params)
          : undefined,
      checked: t('match.rulesPage.checked', { date: formatDate(rule.checked), confidence: rule.confidence }),
      note: rule.note,
      sources: sourcesView(rule.sources),
      lists: [...rule.openIn, ...rule.checkIn]
        .filter((id) => lists.has(id))
        .map((id) => ({ url: `#list-${id}`, name: label('matcherCountryList', id) })),
    })),
    checkMaxScore: t('match.rulesPage.checkMaxScore', { max: rules.eligibility.checkMaxScore }),
    instruments: rules.instruments.map((set) => ruleSetView('instrument', set, params)),
    funds: rules.funds.map((set) => ruleSetView('fund', set, params)),
    combinations: rules.combinations.map((mix) => ({
      id: `combination.${mix.id}`,
      title: matcherText(combinationTextKey(mix.id, 'title'), params),
      rationale: matcherText(combinationTextKey(mix.id, 'rationale'), params),
      parts: mix.parts.map((part) => label(part.kind, part.slug)).join(' + '),
      when: conditionInWords(mix.when),
      ...basisView(mix.basis),
    })),
    advisory: rules.advisory.map((route) => ({
      id: `advisory.${route.id}`,
      name: matcherText(advisoryTextKey(route.id, 'name'), params),
      url: route.url,
      notFor:
        route.notFor.length === 0 ? undefined : route.notFor.map((type) => label('respondentType', type)).join(', '),
      triggers: route.triggers.map((trigger) => ({
        when: [
          ...(trigger.when === undefined ? [] : [conditionInWords(trigger.when)]),
          ...(trigger.options ?? []).map((option) =>
            t('match.rulesPage.optionAtLeast', {
              name: label(option.kind, option.slug),
              fit: t(`match.result.fit.${option.minFit}`),
            }),
          ),
          ...(trigger.anyOption === undefined
            ? []
            : [
                t('match.rulesPage.anyOptionAtLeast', {
                  names: trigger.anyOption
                    .map((option) => `${label(option.kind, option.slug)} (${t(`match.result.fit.${option.minFit}`)})`)
                    .join(', '),
                }),
              ]),
        ].join(t('matcher.condition.and')),
        why: matcherText(advisoryTextKey(route.id, trigger.id), params),
      })),
      fallback: route.fallback ? matcherText(advisoryTextKey(route.id, 'fallback'), params) : undefined,
      ...basisView(route.basis),
    })),
  }
}
