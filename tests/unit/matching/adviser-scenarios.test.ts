import { describe, expect, it } from 'vitest'
import { matchProfile } from '../../../src/matching/match.js'
import type { MatchResult } from '../../../src/matching/match-result.js'
import { NeedsProfile } from '../../../src/matching/needs-profile.js'
import { ADVISER_PROFILES } from './adviser-profiles.js'
import { loadCatalogue } from './catalogue.js'

/**
 * Written as an EIB/CEB/fi-compass adviser would check a screening tool (issue #11): per profile
 * the top three instruments, the best fund, what must be excluded, and the advice that must (and
 * must not) be given, each with a one-line rationale from research/facts.md or the sourced
 * eligibility data (seed/eligibility.json).
 */
interface Scenario {
  profile: keyof typeof ADVISER_PROFILES
  rationale: string
  top3: string[]
  topFund: string
  excluded?: string[]
  notExcluded?: string[]
  notStrong?: string[]
  advisory: string[]
  noAdvisory?: string[]
  notice?: 'outside_every_list' | 'outside_eu'
}

const SCENARIOS: Scenario[] = [
  {
    profile: 'deCityHousing',
    rationale: 'C21/C22: EIB and CEB loans via NRW.BANK for municipal refugee housing with rents',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'erdf',
    advisory: ['managing-authority', 'promotional-bank-de', 'ceb', 'investeu-advisory-hub'],
  },
  {
    profile: 'dkCityJobs',
    rationale: 'Denmark does not take part in AMIF (Protocol 22); ESF+ pays for jobs and training',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'esf-plus',
    excluded: ['amif'],
    advisory: ['managing-authority-dk'],
    noAdvisory: ['managing-authority', 'soc-platform'],
  },
  {
    profile: 'dkCityReception',
    rationale: 'Denmark is a CEB member but outside AMIF: CEB and ERDF for reception buildings',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'ceb',
    excluded: ['amif'],
    notExcluded: ['ceb', 'erdf'],
    advisory: ['managing-authority-dk', 'ceb'],
  },
  {
    profile: 'atCityHousing',
    rationale: 'Austria is the one EU Member State outside the CEB: ERDF and the EIB instead',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'erdf',
    excluded: ['ceb'],
    advisory: ['managing-authority', 'investeu-advisory-hub'],
    noAdvisory: ['ceb'],
  },
  {
    profile: 'gbCityHousing',
    rationale: 'The UK left the EU (2020) and is not a CEB member: a loan from national lenders only',
    top3: ['loan', 'guarantee', 'microfinance'],
    topFund: 'eib',
    excluded: [
      'amif',
      'esf-plus',
      'erdf',
      'emfaf',
      'investeu',
      'cerv',
      'ceb',
      'eif',
      'blending',
      'fi-grant-combination',
    ],
    notStrong: ['eib'],
    advisory: ['fi-compass'],
    noAdvisory: ['managing-authority', 'investeu-advisory-hub', 'ceb'],
    notice: 'outside_every_list',
  },
  {
    profile: 'usCityJobs',
    rationale: 'Outside the EU and the CEB; outcomes contracts exist there (Massachusetts Pathways, INDIGO)',
    top3: ['social-outcomes-contract', 'loan', 'microfinance'],
    topFund: 'eib',
    excluded: ['amif', 'esf-plus', 'erdf', 'emfaf', 'investeu', 'cerv', 'ceb', 'eif'],
    advisory: ['fi-compass'],
    noAdvisory: ['soc-platform', 'managing-authority'],
    notice: 'outside_every_list',
  },
  {
    profile: 'plMinistryReception',
    rationale: 'C25: the CEB lent EUR 450 million to Poland for displaced people; a ministry repays from the budget',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'ceb',
    advisory: ['promotional-bank-pl', 'ceb'],
    noAdvisory: ['managing-authority'],
  },
  {
    profile: 'frSchoolBuild',
    rationale: 'ERDF Art. 3(1)(d)(ii) and CEB loans pay for school buildings; AMIF and ESF+ pay for people',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'ceb',
    notStrong: ['amif', 'esf-plus'],
    advisory: ['managing-authority', 'promotional-bank-fr', 'ceb'],
  },
  {
    profile: 'czNgoSmall',
    rationale: 'EUR 50,000 of civic and job work: CERV grants (town twinning EUR 8,455-50,745) and ESF+, no loan',
    top3: ['microfinance', 'equity', 'crowdfunding'],
    topFund: 'cerv',
    excluded: ['loan'],
    notStrong: ['ceb', 'eib', 'investeu'],
    advisory: ['managing-authority'],
    noAdvisory: ['investeu-advisory-hub', 'ceb', 'soc-platform', 'fi-compass'],
  },
  {
    profile: 'ieCityHousing',
    rationale: 'Ireland takes part in AMIF and joined the CEB in 2004; ERDF for housing, limited borrowing',
    top3: ['loan', 'fi-grant-combination', 'blending'],
    topFund: 'erdf',
    notExcluded: ['amif', 'ceb'],
    advisory: ['managing-authority', 'ceb'],
  },
  {
    profile: 'ieNgoLanguage',
    rationale: 'An NGO without revenue or borrowing room: ESF+ and AMIF grants, no financial instrument',
    top3: ['fi-grant-combination', 'microfinance', 'equity'],
    topFund: 'esf-plus',
    excluded: ['loan'],
    notStrong: ['fi-grant-combination', 'blending'],
    advisory: ['managing-authority'],
  },
  {
    profile: 'nlCityOutcomes',
    rationale: 'C05: Veldhoven paid a social impact bond for refugee jobs from its budget',
    top3: ['social-outcomes-contract', 'loan', 'blending'],
    topFund: 'amif',
    advisory: ['managing-authority', 'soc-platform'],
  },
  {
    profile: 'fiMinistryOutcomes',
    rationale: "C01: Finland's employment ministry paid Koto-SIB outcomes; ESF+ can pay on results (CPR Art. 95)",
    top3: ['social-outcomes-contract', 'fi-grant-combination', 'loan'],
    topFund: 'amif',
    advisory: ['soc-platform', 'fi-compass'],
    noAdvisory: ['managing-authority'],
  },
  {
    profile: 'beProviderMicrocredit',
    rationale: 'C39: microStart coached and lent to migrant entrepreneurs in PAFMI',
    top3: ['microfinance', 'guarantee', 'equity'],
    topFund: 'investeu',
    excluded: ['loan'],
    advisory: ['managing-authority'],
  },
  {
    profile: 'deBankSocialEnterprises',
    rationale: 'EIF InvestEU guarantee for social-enterprise loans up to EUR 2 million',
    top3: ['guarantee', 'equity', 'loan'],
    topFund: 'investeu',
    advisory: ['ceb'],
    noAdvisory: ['promotional-bank-de', 'promotional-bank'],
  },
  {
    profile: 'frImpactFundHousing',
    rationale: 'C15: the Hémisphère fund combined EUR 100 million of equity with a CEB loan',
    top3: ['equity', 'loan', 'guarantee'],
    topFund: 'ceb',
    advisory: ['ceb'],
    noAdvisory: ['promotional-bank-fr'],
  },
  {
    profile: 'nlSocialEnterpriseCrowd',
    rationale: 'B.6: crowd-lending for business under Regulation 2020/1503, below EUR 5 million',
    top3: ['crowdfunding', 'equity', 'microfinance'],
    topFund: 'investeu',
    advisory: ['managing-authority'],
  },
  {
    profile: 'itCityEntrepreneurs',
    rationale: 'C38/C41: PAFMI paired AMIF grants with microcredit from Microlab',
    top3: ['microfinance', 'loan', 'blending'],
    topFund: 'amif',
    advisory: ['managing-authority', 'promotional-bank-it'],
  },
  {
    profile: 'plManagingAuthority',
    rationale: 'CPR Art. 58(5): a managing authority combines an ERDF instrument and a grant in one operation',
    top3: ['fi-grant-combination', 'guarantee', 'loan'],
    topFund: 'erdf',
    advisory: ['promotional-bank-pl', 'fi-compass'],
    noAdvisory: ['managing-authority'],
  },
  {
    profile: 'czMinistryReception',
    rationale: 'C23: the CEB lent EUR 200 million to Czechia for temporary-protection holders',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'ceb',
    advisory: ['ceb', 'fi-compass'],
    noAdvisory: ['managing-authority'],
  },
  {
    profile: 'grTownCommunity',
    rationale: 'A small town without borrowing room: CERV grants for community work, no instrument',
    top3: ['microfinance', 'fi-grant-combination', 'blending'],
    topFund: 'cerv',
    excluded: ['loan'],
    notStrong: ['blending', 'fi-grant-combination', 'ceb', 'eib'],
    advisory: ['managing-authority'],
  },
  {
    profile: 'esCityEntrepreneursNoPartners',
    rationale: 'B.3: a city does not lend; without a microfinance institution, microcredit is at most possible',
    top3: ['social-outcomes-contract', 'microfinance', 'loan'],
    topFund: 'esf-plus',
    notStrong: ['microfinance', 'crowdfunding', 'guarantee'],
    advisory: ['managing-authority', 'promotional-bank-es'],
  },
  {
    profile: 'atNgoMinors',
    rationale: 'Austria is outside the CEB; care services for minors are ESF+ and AMIF territory',
    top3: ['fi-grant-combination', 'guarantee', 'microfinance'],
    topFund: 'esf-plus',
    excluded: ['ceb', 'loan', 'social-outcomes-contract'],
    advisory: ['managing-authority'],
  },
  {
    profile: 'chCantonOutcomes',
    rationale: 'C08: the Canton of Bern paid Caritas Perspektive; Switzerland is a CEB member outside the EU',
    top3: ['social-outcomes-contract', 'loan', 'microfinance'],
    topFund: 'ceb',
    excluded: ['amif', 'esf-plus', 'erdf', 'investeu', 'cerv', 'eif'],
    notExcluded: ['ceb'],
    advisory: ['ceb'],
    noAdvisory: ['soc-platform', 'managing-authority'],
    notice: 'outside_eu',
  },
  {
    profile: 'ltCityReception',
    rationale: 'C28: the CEB lent EUR 25 million to Kaunas for Ukrainian refugees',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'ceb',
    advisory: ['managing-authority', 'ceb'],
  },
  {
    profile: 'ptCityHousingLimited',
    rationale: 'No borrowing room: no loan and no blend for the city itself; ERDF grants',
    top3: ['blending', 'fi-grant-combination', 'microfinance'],
    topFund: 'erdf',
    excluded: ['loan'],
    notStrong: ['blending', 'fi-grant-combination'],
    advisory: ['managing-authority'],
  },
  {
    profile: 'seOperatorHousing',
    rationale: 'C17/C18: the housing operator Adoma borrowed from the CEB and the EIB against rents',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'ceb',
    advisory: ['ceb', 'managing-authority'],
  },
  {
    profile: 'uaCityReception',
    rationale: 'Ukraine joined the CEB in 2023 and is outside the EU funds',
    top3: ['loan', 'blending', 'microfinance'],
    topFund: 'ceb',
    excluded: ['amif', 'esf-plus', 'erdf', 'emfaf', 'fi-grant-combination'],
    notStrong: ['investeu', 'blending'],
    advisory: ['ceb'],
    noAdvisory: ['managing-authority', 'investeu-advisory-hub'],
    notice: 'outside_eu',
  },
  {
    profile: 'noCityJobs',
    rationale: 'Norway: EEA and CEB member, outside the EU funds; InvestEU only by agreement',
    top3: ['loan', 'blending', 'microfinance'],
    topFund: 'ceb',
    excluded: ['amif', 'esf-plus', 'erdf', 'emfaf', 'cerv'],
    notStrong: ['investeu', 'eif'],
    advisory: ['fi-compass'],
    noAdvisory: ['managing-authority'],
    notice: 'outside_eu',
  },
  {
    profile: 'usNgoMicrofinance',
    rationale: 'Microcredit through a microlender works anywhere; no EU fund or CEB in the US',
    top3: ['microfinance', 'guarantee', 'equity'],
    topFund: 'eib',
    excluded: ['amif', 'esf-plus', 'erdf', 'emfaf', 'investeu', 'cerv', 'ceb', 'eif'],
    advisory: ['fi-compass'],
    notice: 'outside_every_list',
  },
  {
    profile: 'huMfiMicrocredit',
    rationale: 'EIF InvestEU micro guarantee (loans up to EUR 50,000) for a lender',
    top3: ['microfinance', 'guarantee', 'equity'],
    topFund: 'eif',
    advisory: ['ceb'],
  },
  {
    profile: 'roCitySchool',
    rationale: 'ERDF education infrastructure and CEB school loans (C20) for a school build',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'ceb',
    notStrong: ['amif', 'esf-plus'],
    advisory: ['managing-authority', 'ceb'],
  },
  {
    profile: 'gbProviderOutcomes',
    rationale: 'C10-C13: UK refugee outcomes fund contracts with social investors',
    top3: ['social-outcomes-contract', 'equity', 'microfinance'],
    topFund: 'eib',
    excluded: ['loan', 'amif', 'esf-plus', 'erdf', 'ceb', 'investeu', 'eif'],
    advisory: ['fi-compass'],
    noAdvisory: ['soc-platform'],
    notice: 'outside_every_list',
  },
  {
    profile: 'itMinistryCivilProtection',
    rationale: 'C24: the CEB lent EUR 330 million to Italy for people arriving from Ukraine',
    top3: ['loan', 'blending', 'fi-grant-combination'],
    topFund: 'ceb',
    advisory: ['promotional-bank-it', 'ceb'],
    noAdvisory: ['managing-authority'],
  },
]

const catalogue = loadCatalogue()
const option = (result: MatchResult, slug: string) =>
  [...result.instruments, ...result.funds].find((item) => item.slug === slug)!

describe('adviser scenarios (issue #11)', () => {
  it('covers every respondent type, at least 12 countries (DK, AT, IE, PL and outside the EU), EUR 50,000 to 100 million, buildings and services', () => {
    const profiles = SCENARIOS.map((s) => ADVISER_PROFILES[s.profile])
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(30)
    expect(new Set(profiles.map((p) => p.respondentType))).toEqual(
      new Set(['city', 'member_state', 'financial_intermediary', 'service_provider']),
    )
    const countries = new Set(profiles.map((p) => p.country))
    expect(countries.size).toBeGreaterThanOrEqual(12)
    for (const country of ['DK', 'AT', 'IE', 'PL', 'GB', 'US']) expect(countries).toContain(country)
    const sizes = profiles.map((p) => p.investmentSizeEur ?? 0)
    expect(Math.min(...sizes)).toBe(50_000)
    expect(Math.max(...sizes)).toBe(100_000_000)
    const spending = new Set(profiles.map((p) => ('spendingType' in p ? p.spendingType : undefined)))
    for (const kind of ['buildings_equipment', 'services_programmes', 'both', undefined])
      expect(spending).toContain(kind)
  })

  describe.each(SCENARIOS)('$profile: $rationale', (scenario) => {
    const result = matchProfile(NeedsProfile.parse(ADVISER_PROFILES[scenario.profile]), catalogue)
    const advice = result.advisory.map((route) => route.ruleId.replace(/^advisory\./, ''))

    it(`ranks ${scenario.top3.join(', ')} first and ${scenario.topFund} first among funds`, () => {
      expect(result.instruments.slice(0, 3).map((item) => item.slug)).toEqual(scenario.top3)
      expect(result.funds[0]?.slug).toBe(scenario.topFund)
    })

    it('excludes what the respondent cannot use, with the rule and its source, and keeps it out of every mix', () => {
      for (const slug of scenario.excluded ?? []) {
        const item = option(result, slug)
        expect(item.fit, slug).toBe('not_suitable')
        const block = item.reasons.find((reason) => reason.effect === 'block')
        expect(block?.ruleUrl).toMatch(/^\/match\/rules#/)
        expect(block?.sources.length).toBeGreaterThan(0)
      }
      for (const slug of scenario.notExcluded ?? []) expect(option(result, slug).fit, slug).not.toBe('not_suitable')
      for (const slug of scenario.notStrong ?? []) expect(option(result, slug).fit, slug).not.toBe('strong')
      const excluded = new Set(
        [...result.instruments, ...result.funds].filter((item) => item.fit === 'not_suitable').map((item) => item.slug),
      )
      for (const mix of result.combinations) for (const part of mix.parts) expect(excluded.has(part.slug)).toBe(false)
    })

    it(`advises ${scenario.advisory.join(', ')}`, () => {
      for (const route of scenario.advisory) expect(advice).toContain(route)
      for (const route of scenario.noAdvisory ?? []) expect(advice).not.toContain(route)
    })

    it(scenario.notice ? `says at the top: ${scenario.notice}` : 'has no country notice', () => {
      const codes = result.notices.map((notice) => notice.code).filter((code) => code.startsWith('outside'))
      expect(codes).toEqual(scenario.notice ? [scenario.notice] : [])
    })
  })

  it('never sends a body to its own kind: no promotional bank for lenders, no managing authority for Member States', () => {
    for (const scenario of SCENARIOS) {
      const profile = ADVISER_PROFILES[scenario.profile]
      const advice = matchProfile(NeedsProfile.parse(profile), catalogue).advisory.map((route) => route.ruleId)
      if (profile.respondentType === 'financial_intermediary')
        expect(advice.some((id) => id.startsWith('advisory.promotional-bank'))).toBe(false)
      if (profile.respondentType === 'member_state')
        expect(advice.some((id) => id.startsWith('advisory.managing-authority'))).toBe(false)
    }
  })

  it('puts blending or the grant combination in the top 3 as a possible or strong fit only for borrowers with room to borrow or managing authorities (16 of 34; 28 before)', () => {
    let count = 0
    for (const scenario of SCENARIOS) {
      const profile = ADVISER_PROFILES[scenario.profile]
      const top = matchProfile(NeedsProfile.parse(profile), catalogue).instruments.slice(0, 3)
      const mix = top.filter(
        (item) =>
          (item.slug === 'blending' || item.slug === 'fi-grant-combination') &&
          (item.fit === 'strong' || item.fit === 'possible'),
      )
      if (mix.length === 0) continue
      count++
      expect(
        (profile.borrowingCapacity as string) !== 'none' || (profile.respondentType as string) === 'member_state',
        scenario.profile,
      ).toBe(true)
    }
    expect(count).toBe(16)
  })
})
