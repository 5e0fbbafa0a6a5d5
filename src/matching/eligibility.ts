import type { NeedsProfile } from './needs-profile.js'
import { matcherText, ruleUrl } from './rule-text.js'
import type { EligibilityFile, EligibilityRule } from './rules/eligibility-schema.js'
import { eligibilityTextKey } from './rules/matcher-rules.js'
import type { Reason } from './score.js'

export type EligibilityStatus = 'open' | 'check' | 'excluded'

/** How eligibility shapes one option: excluded → not suitable; check → capped, with a reason to check. */
export interface EligibilityVerdict {
  rule: EligibilityRule
  status: EligibilityStatus
}

export interface Notice {
  code:
    | 'outside_every_list'
    | 'outside_eu'
    | 'spending_type_assumed'
    | 'size_missing'
    | 'ticket_missing'
    | 'target_groups_missing'
  text: string
}

const optionKey = (kind: string, slug: string) => `${kind}:${slug}`

/** The ids of the country lists the country is on. */
export function listsOf(file: EligibilityFile, country: string): Set<string> {
  return new Set(file.countryLists.filter((list) => list.countries.includes(country)).map((list) => list.id))
}

const statusCache = new WeakMap<EligibilityFile, Map<string, Map<string, EligibilityVerdict>>>()

/** The verdict for every option with an eligibility rule, for the profile's country (memoised per country). */
export function eligibilityFor(country: string, file: EligibilityFile): Map<string, EligibilityVerdict> {
  let perCountry = statusCache.get(file)
  if (perCountry === undefined) statusCache.set(file, (perCountry = new Map()))
  let verdicts = perCountry.get(country)
  if (verdicts === undefined) {
    const member = listsOf(file, country)
    verdicts = new Map()
    for (const rule of file.rules) {
      const status: EligibilityStatus = rule.openIn.some((id) => member.has(id))
        ? 'open'
        : rule.checkElsewhere || rule.checkIn.some((id) => member.has(id))
          ? 'check'
          : 'excluded'
      verdicts.set(optionKey(rule.option.kind, rule.option.slug), { rule, status })
    }
    perCountry.set(country, verdicts)
  }
  return verdicts
}

export function verdictFor(
  verdicts: Map<string, EligibilityVerdict>,
  kind: 'instrument' | 'fund',
  slug: string,
): EligibilityVerdict | undefined {
  return verdicts.get(optionKey(kind, slug))
}

/** The reason an eligibility verdict adds (none when open), and its gap. */
export function eligibilityReason(
  verdict: EligibilityVerdict,
  profile: NeedsProfile,
  params: Record<string, string>,
): { reason?: Reason; gap?: string } {
  const { rule, status } = verdict
  const base = { criterion: 'eligibility' as const, ruleId: rule.id, ruleUrl: ruleUrl(rule.id), sources: rule.sources }
  if (status === 'excluded') {
    return {
      reason: { ...base, effect: 'block', text: matcherText(eligibilityTextKey(rule.id, 'excluded'), params) },
      gap: matcherText(eligibilityTextKey(rule.id, 'excludedGap'), params),
    }
  }
  if (status === 'check') {
    return {
      reason: { ...base, effect: '-', text: matcherText(eligibilityTextKey(rule.id, 'check'), params) },
      gap: matcherText(eligibilityTextKey(rule.id, 'checkGap'), params),
    }
  }
  if (rule.openGapFor.includes(profile.respondentType))
    return { gap: matcherText(eligibilityTextKey(rule.id, 'openGap'), params) }
  return {}
}

/** Notices shown at the top of a result: where the country stands, and how missing answers were treated. */
export function noticesFor(profile: NeedsProfile, file: EligibilityFile, params: Record<string, string>): Notice[] {
  const notices: Notice[] = []
  const member = listsOf(file, profile.country)
  if (!member.has('eu27')) {
    const outside = !file.noticeUnless.some((id) => member.has(id))
    notices.push(
      outside
        ? { code: 'outside_every_list', text: matcherText('matcher.notices.outsideEveryList', params) }
        : { code: 'outside_eu', text: matcherText('matcher.notices.outsideEu', params) },
    )
  }
  if (profile.spendingType === undefined)
    notices.push({ code: 'spending_type_assumed', text: matcherText('matcher.notices.spendingAssumed', params) })
  if (profile.investmentSizeEur === null)
    notices.push({ code: 'size_missing', text: matcherText('matcher.notices.sizeMissing', params) })
  if (profile.ticketSizeEur === null)
    notices.push({ code: 'ticket_missing', text: matcherText('matcher.notices.ticketMissing', params) })
  if (profile.targetGroups.length === 0)
    notices.push({ code: 'target_groups_missing', text: matcherText('matcher.notices.targetGroupsMissing', params) })
  return notices
}
