import { z } from 'zod'
import { FundSlug, InstrumentSlug } from '../shared/codelists.js'
import type { Investment } from '../investments/investment.js'
import { NeedsProfile } from './needs-profile.js'
import { Criterion } from './rules/rule-schema.js'
import { OptionRef } from './rules/option-ref.js'

/** What the matcher needs from a published investment (a stored Investment fits). */
export type MatchInvestment = Pick<
  Investment,
  'id' | 'title' | 'countries' | 'policyFields' | 'targetGroups' | 'instruments' | 'funds' | 'amount'
> & { retired?: boolean }

export interface MatchCatalogue {
  instruments: readonly { slug: InstrumentSlug; name: string }[]
  funds: readonly { slug: FundSlug; name: string }[]
  investments: readonly MatchInvestment[]
}

const Score = z.number().int().min(0).max(100)
const RuleLink = { ruleId: z.string().min(3), ruleUrl: z.string().startsWith('/match/rules#') }

const Reason = z.strictObject({
  criterion: Criterion,
  effect: z.enum(['+', '-', 'block']),
  text: z.string().min(1),
  ...RuleLink,
  sources: z.array(z.url()),
})

const rankedOption = <S extends z.ZodType<string>>(slug: S) =>
  z.strictObject({
    slug,
    name: z.string().min(1),
    score: Score,
    fit: z.enum(['strong', 'possible', 'weak', 'not_suitable']),
    reasons: z.array(Reason),
    gaps: z.array(z.string().min(1)),
  })

export const Notice = z.strictObject({
  code: z.enum([
    'outside_every_list',
    'outside_eu',
    'spending_type_assumed',
    'size_missing',
    'ticket_missing',
    'target_groups_missing',
  ]),
  text: z.string().min(1),
})

/**
 * The match result of DESIGN §5, as a schema for contract tests and the API presenter. Added to
 * the contract (nothing renamed): `notices`, each reason's `ruleId`/`ruleUrl`/`sources`, the rule
 * of each combination and advisory route, and `rulesUrl` (the public page "How the matcher decides").
 */
export const MatchResult = z.strictObject({
  profile: NeedsProfile,
  notices: z.array(Notice),
  readiness: z.strictObject({
    overall: Score,
    dimensions: z.strictObject({
      knowledge: Score,
      capacity: Score,
      partnerships: Score,
      pipeline: Score,
      data: Score,
    }),
  }),
  instruments: z.array(rankedOption(InstrumentSlug)),
  funds: z.array(rankedOption(FundSlug)),
  combinations: z
    .array(
      z.strictObject({
        title: z.string(),
        parts: z.array(OptionRef).min(2),
        rationale: z.string(),
        ...RuleLink,
        sources: z.array(z.url()),
      }),
    )
    .max(3),
  examples: z.array(z.strictObject({ id: z.string(), title: z.string(), why: z.string().min(1) })).max(5),
  advisory: z.array(z.strictObject({ name: z.string(), url: z.url(), why: z.string().min(1), ...RuleLink })),
  rulesUrl: z.literal('/match/rules'),
})
export type MatchResult = z.output<typeof MatchResult>
export type RankedInstrument = MatchResult['instruments'][number]
export type RankedFund = MatchResult['funds'][number]
