import { z } from 'zod'
import { Condition, when } from './conditions.js'
import { OptionRef } from './option-ref.js'
import { Basis } from './rule-schema.js'
import { SRC } from './sources.js'

/**
 * A financing mix. It is offered when its condition holds, no part is blocked, and every part
 * is at least a "possible" fit (see select-combinations.ts).
 */
export const CombinationRule = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(5),
  parts: z.array(OptionRef).min(2),
  when: Condition,
  rationale: z.string().min(20),
  basis: Basis,
})
export type CombinationRule = z.infer<typeof CombinationRule>

export const COMBINATION_RULES: CombinationRule[] = z.array(CombinationRule).parse([
  {
    id: 'erdf-grant-ceb-loan',
    title: 'ERDF grant + CEB loan through a promotional bank',
    parts: [
      { kind: 'fund', slug: 'erdf' },
      { kind: 'fund', slug: 'ceb' },
      { kind: 'instrument', slug: 'blending' },
    ],
    when: when.field('housing', 'reception', 'education', 'health_social_care'),
    rationale:
      'An ERDF grant pays for the part that earns nothing; a CEB loan finances the rest, directly or passed on by a promotional bank as NRW.BANK did for municipalities. The CEB has a facility for co-financing EU-funded investments.',
    basis: { sources: [SRC.erdfInclusion, SRC.cebLocalAuthorities, SRC.cebNrwBank], editorial: true },
  },
  {
    id: 'amif-coaching-microcredit-guarantee',
    title: 'AMIF-funded coaching + microcredit from an MFI with an InvestEU/EIF guarantee',
    parts: [
      { kind: 'fund', slug: 'amif' },
      { kind: 'instrument', slug: 'microfinance' },
      { kind: 'instrument', slug: 'guarantee' },
      { kind: 'fund', slug: 'eif' },
    ],
    when: when.field('entrepreneurship'),
    rationale:
      "AMIF pays for training and coaching, a microfinance institution lends, and an EIF guarantee under InvestEU covers part of the lender's losses. The PAFMI pilots combined AMIF grants with microcredit; PerMicro's CEB loan was backed by an InvestEU guarantee.",
    basis: { sources: [SRC.pafmi, SRC.cebPerMicro, SRC.eifInvestEuGuarantee], editorial: true },
  },
  {
    id: 'esf-plus-outcomes-contract',
    title: 'ESF+ outcome payments in a social outcomes contract',
    parts: [
      { kind: 'fund', slug: 'esf-plus' },
      { kind: 'instrument', slug: 'social-outcomes-contract' },
    ],
    when: when.field('employment', 'education', 'health_social_care', 'community'),
    rationale:
      "Investors pre-finance a service and you pay for measured results, with ESF+ money where your programme allows it. Finland's Koto contract paid for refugees' jobs and training, with the EIF among the investors.",
    basis: {
      sources: [SRC.esfObjectives, SRC.kotoSib, SRC.indigoDefinition],
      editorial: true,
      note: 'Whether an ESF+ programme may fund outcome payments was not checked in facts.md; confirm with the managing authority.',
    },
  },
  {
    id: 'eib-framework-loan-promotional-bank',
    title: 'EIB framework loan through a promotional bank',
    parts: [
      { kind: 'fund', slug: 'eib' },
      { kind: 'instrument', slug: 'loan' },
    ],
    when: when.any(when.partner('national_promotional_bank'), when.respondent('financial_intermediary')),
    rationale:
      'The EIB lends to a promotional bank, which passes the money on to municipalities on favourable terms, as NRW.BANK and ILB did for refugee housing.',
    basis: { sources: [SRC.eibNrwBank, SRC.eibIlb], editorial: false },
  },
  {
    id: 'erdf-instrument-with-grant',
    title: 'ERDF loan or guarantee with a grant in one operation',
    parts: [
      { kind: 'fund', slug: 'erdf' },
      { kind: 'instrument', slug: 'fi-grant-combination' },
    ],
    when: when.revenue('user_fees', 'market_revenue', 'public_savings'),
    rationale:
      'Under the 2021-27 rules a managing authority can add a capital grant, interest subsidy or guarantee-fee subsidy to a financial instrument in the same operation, so the part that repays is a loan and the rest a grant.',
    basis: { sources: [SRC.fiGrantsSingleOperation, SRC.fiGrantsFactsheet], editorial: false },
  },
  {
    id: 'impact-equity-ceb-debt',
    title: 'Impact-fund equity + CEB loan',
    parts: [
      { kind: 'instrument', slug: 'equity' },
      { kind: 'fund', slug: 'ceb' },
    ],
    when: when.field('housing', 'reception'),
    rationale:
      'Investors take equity and the CEB lends alongside: the Hémisphère fund combined EUR 100 million of equity with a EUR 100 million CEB loan to provide emergency accommodation for asylum seekers.',
    basis: { sources: [SRC.cebHemisphere, SRC.hemisphereFeature], editorial: false },
  },
])
