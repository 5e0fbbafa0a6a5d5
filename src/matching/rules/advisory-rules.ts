import { z } from 'zod'
import { Condition, when } from './conditions.js'
import { FundSlug, InstrumentSlug } from '../../shared/codelists.js'
import { Basis } from './rule-schema.js'
import { ADVISORY_SRC, SRC } from './sources.js'

const MinFit = z.enum(['strong', 'possible'])
const OptionAtLeast = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('instrument'), slug: InstrumentSlug, minFit: MinFit }),
  z.strictObject({ kind: z.literal('fund'), slug: FundSlug, minFit: MinFit }),
])

/** Fires when its condition (if given) holds and its option (if given) reaches `minFit`. */
export const AdvisoryTrigger = z
  .strictObject({
    when: Condition.optional(),
    option: OptionAtLeast.optional(),
    why: z.string().min(10),
  })
  .refine((trigger) => trigger.when !== undefined || trigger.option !== undefined, 'A trigger needs a condition or an option')
export type AdvisoryTrigger = z.infer<typeof AdvisoryTrigger>

export const AdvisoryRoute = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(3),
  url: z.url({ protocol: /^https?$/ }),
  triggers: z.array(AdvisoryTrigger).min(1),
  /** Offered with this text when no other route is chosen. */
  fallbackWhy: z.string().min(10).optional(),
  basis: Basis,
})
export type AdvisoryRoute = z.infer<typeof AdvisoryRoute>

/** Where to ask for help, in display order. URLs come from facts.md and anchors.md only. */
export const ADVISORY_ROUTES: AdvisoryRoute[] = z.array(AdvisoryRoute).parse([
  {
    id: 'fi-compass',
    name: 'fi-compass',
    url: ADVISORY_SRC.fiCompass,
    triggers: [
      {
        when: when.expertise('none', 'basic'),
        why: 'Your team is new to financial instruments; fi-compass, run by the Commission and the EIB, explains them with how-to guides and case studies.',
      },
      {
        option: { kind: 'instrument', slug: 'fi-grant-combination', minFit: 'possible' },
        why: 'fi-compass explains how to combine grants and financial instruments in one operation under the 2021-27 rules.',
      },
      {
        option: { kind: 'instrument', slug: 'microfinance', minFit: 'possible' },
        why: 'fi-compass has guidance on setting up microfinance instruments with EU funds.',
      },
    ],
    fallbackWhy: 'fi-compass is the EU knowledge and advisory platform on financial instruments: a good first stop.',
    basis: { sources: [ADVISORY_SRC.fiCompass, SRC.fiGrantsSingleOperation], editorial: true },
  },
  {
    id: 'investeu-advisory-hub',
    name: 'InvestEU Advisory Hub (URBIS for cities)',
    url: ADVISORY_SRC.eibAdvisoryProcess,
    triggers: [
      {
        when: when.all(when.respondent('city'), when.not(when.expertise('experienced'))),
        why: 'URBIS gives cities technical and financial advice on planning investments, including projects too small or risky for the market and borrowing limits.',
      },
      {
        option: { kind: 'instrument', slug: 'loan', minFit: 'possible' },
        why: 'The Advisory Hub helps prepare projects for EIB and InvestEU financing; you can send a request through its portal or a promotional bank.',
      },
      {
        option: { kind: 'instrument', slug: 'blending', minFit: 'possible' },
        why: 'The Advisory Hub helps structure projects that combine grants and loans; you can send a request through its portal or a promotional bank.',
      },
      {
        option: { kind: 'fund', slug: 'investeu', minFit: 'possible' },
        why: 'The Advisory Hub is part of InvestEU and helps projects get ready for its financing.',
      },
    ],
    basis: { sources: [ADVISORY_SRC.eibAdvisoryProcess, SRC.urbis, SRC.investEuRegulation], editorial: true },
  },
  {
    id: 'ceb',
    name: 'Council of Europe Development Bank (CEB)',
    url: SRC.cebAccess,
    triggers: [
      {
        option: { kind: 'fund', slug: 'ceb', minFit: 'strong' },
        why: 'The CEB lends directly to local and regional authorities; its access page explains who can borrow and what it checks.',
      },
      {
        when: when.field('entrepreneurship'),
        option: { kind: 'instrument', slug: 'microfinance', minFit: 'possible' },
        why: 'The CEB lends to microfinance institutions and ran PAFMI with DG HOME, combining AMIF grants with microcredit.',
      },
    ],
    basis: { sources: [SRC.cebAccess, SRC.pafmi], editorial: true },
  },
  {
    id: 'soc-platform',
    name: 'EIB Advisory Platform for Social Outcomes Contracting',
    url: ADVISORY_SRC.socPlatform,
    triggers: [
      {
        option: { kind: 'instrument', slug: 'social-outcomes-contract', minFit: 'possible' },
        why: "The platform gives early advice and project support on social outcomes contracts, and cites Finland's contract for migrant integration.",
      },
    ],
    basis: { sources: [ADVISORY_SRC.socPlatform, SRC.kotoSib], editorial: true },
  },
  {
    id: 'promotional-bank',
    name: 'Your national or regional promotional bank',
    url: SRC.eibNrwBank,
    triggers: [
      {
        when: when.partner('national_promotional_bank'),
        why: 'You already work with a promotional bank; promotional banks pass EIB and CEB loans on to municipalities on favourable terms, as NRW.BANK did for refugee housing.',
      },
      {
        when: when.respondent('city'),
        option: { kind: 'instrument', slug: 'loan', minFit: 'strong' },
        why: 'Promotional banks pass EIB and CEB loans on to municipalities on favourable terms, as NRW.BANK did for refugee housing.',
      },
      {
        option: { kind: 'fund', slug: 'eib', minFit: 'strong' },
        why: 'Below the size of a direct EIB loan, EIB money reaches projects through promotional banks (NRW.BANK, ILB).',
      },
    ],
    basis: { sources: [SRC.eibNrwBank, SRC.cebNrwBank, SRC.quickResponse], editorial: true },
  },
])
