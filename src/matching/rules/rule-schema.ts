import { z } from 'zod'
import { FundSlug, InstrumentSlug, RespondentType, SourceUrl } from '../../shared/codelists.js'
import { Condition } from './conditions.js'

export const CRITERIA = [
  'eligibility',
  'loan_part',
  'policy_field',
  'spending',
  'target_group',
  'respondent_type',
  'access',
  'revenue',
  'borrowing_capacity',
  'outcomes',
  'size',
  'ticket_size',
  'partners',
  'cofinancing',
  'expertise',
  'country',
  'relevance',
] as const
export const Criterion = z.enum(CRITERIA)
export type Criterion = z.infer<typeof Criterion>

/** What a rule rests on: source URLs (research/facts.md or a checked page), and whether the rule itself is our judgement. */
export const Basis = z.strictObject({
  sources: z.array(SourceUrl).min(1),
  /** True when the rule is an editorial reading of the sources rather than a stated requirement. */
  editorial: z.boolean(),
  note: z.string().min(1).optional(),
})
export type Basis = z.infer<typeof Basis>

/** "loan.revenue-none": the option's slug, a dot, the rule's name. Its texts are `matcher.rules.<id>.reason` and `.gap`. */
export const RuleId = z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'Rule ids look like "loan.revenue-none"')

/** A weighted criterion: adds (+) or subtracts (-) its weight when its condition holds. Penalties need a gap text. */
export const WeightedRule = z
  .strictObject({
    id: RuleId,
    criterion: Criterion,
    when: Condition,
    effect: z.enum(['+', '-']),
    weight: z.number().int().min(1).max(5),
    /** A ceiling on the score while this penalty applies (e.g. 60 keeps an option out of "strong"). */
    maxScore: z.number().int().min(0).max(100).optional(),
    basis: Basis,
  })
  .refine((rule) => rule.effect === '-' || rule.maxScore === undefined, {
    message: 'Only penalties can cap the score',
    path: ['maxScore'],
  })
export type WeightedRule = z.infer<typeof WeightedRule>

/** A hard exclusion: when its condition holds, the option is not suitable. It needs a reason and a gap text. */
export const BlockRule = z.strictObject({
  id: RuleId,
  criterion: Criterion,
  when: Condition,
  basis: Basis,
})
export type BlockRule = z.infer<typeof BlockRule>

const uniqueIds = (rules: { id: string }[]) => new Set(rules.map((rule) => rule.id)).size === rules.length

const ruleSet = <S extends z.ZodType<string>>(slug: S) =>
  z
    .strictObject({
      slug,
      /** Hard exclusions, kept apart from the weighted criteria. */
      exclusions: z.array(BlockRule),
      criteria: z.array(WeightedRule).min(1),
      /**
       * An option that contains a loan (blending, a financial instrument with a grant) scores at most
       * what that loan scores, unless the loan is blocked (then its own rules decide) or the
       * respondent is one of `unlessRespondent`. The reason is `matcher.rules.<slug>.bound.reason`.
       */
      boundBy: z
        .strictObject({
          slug: InstrumentSlug,
          unlessRespondent: z.array(RespondentType).default([]),
          basis: Basis,
        })
        .optional(),
    })
    .refine((set) => uniqueIds([...set.exclusions, ...set.criteria]), 'Rule ids must be unique within a rule set')
    .refine(
      (set) => set.criteria.some((rule) => rule.effect === '+'),
      'A rule set needs at least one favourable criterion',
    )
    .refine(
      (set) =>
        [...set.exclusions, ...set.criteria].every((rule) =>
          rule.id.startsWith(`${String((set as { slug: string }).slug)}.`),
        ),
      'Rule ids start with the slug of their rule set',
    )

export const InstrumentRuleSet = ruleSet(InstrumentSlug)
export type InstrumentRuleSet = z.infer<typeof InstrumentRuleSet>
export const FundRuleSet = ruleSet(FundSlug)
export type FundRuleSet = z.infer<typeof FundRuleSet>
export type RuleSet = InstrumentRuleSet | FundRuleSet

/** `seed/matcher/instrument-rules.json` and `fund-rules.json`: a version (raised on every change) and one rule set per option. */
export const InstrumentRulesFile = z.strictObject({
  version: z.number().int().min(1),
  ruleSets: z.array(InstrumentRuleSet),
})
export const FundRulesFile = z.strictObject({ version: z.number().int().min(1), ruleSets: z.array(FundRuleSet) })
