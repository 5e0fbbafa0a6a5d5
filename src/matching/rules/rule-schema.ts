import { z } from 'zod'
import { FundSlug, InstrumentSlug, SourceUrl } from '../../shared/codelists.js'
import { Condition } from './conditions.js'

export const CRITERIA = [
  'policy_field',
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

/** What a rule rests on: facts.md source URLs, and whether the rule itself is our judgement. */
export const Basis = z.strictObject({
  sources: z.array(SourceUrl).min(1),
  /** True when the rule is an editorial reading of the sources rather than a stated requirement. */
  editorial: z.boolean(),
  note: z.string().min(1).optional(),
})
export type Basis = z.infer<typeof Basis>

/**
 * Every user-facing string of a rule, in one place for translation. `reason` and `gap` may use
 * {investmentSize} and {ticketSize}, filled in with the profile's amounts.
 */
export const RuleText = z.strictObject({
  reason: z.string().min(5),
  gap: z.string().min(5).optional(),
})
export type RuleText = z.infer<typeof RuleText>

const RuleId = z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'Rule ids look like "loan.revenue-none"')

/** A weighted criterion: adds (+) or subtracts (-) its weight when its condition holds. */
export const WeightedRule = z
  .strictObject({
    id: RuleId,
    criterion: Criterion,
    when: Condition,
    effect: z.enum(['+', '-']),
    weight: z.number().int().min(1).max(5),
    /** A ceiling on the score while this penalty applies (e.g. 60 keeps an option out of "strong"). */
    maxScore: z.number().int().min(0).max(100).optional(),
    text: RuleText,
    basis: Basis,
  })
  .refine((rule) => rule.effect === '+' || rule.text.gap !== undefined, {
    message: 'A penalty needs a gap text saying how to close it',
    path: ['text', 'gap'],
  })
  .refine((rule) => rule.effect === '-' || rule.maxScore === undefined, {
    message: 'Only penalties can cap the score',
    path: ['maxScore'],
  })
export type WeightedRule = z.infer<typeof WeightedRule>

/** A hard exclusion: when its condition holds, the option is not suitable. */
export const BlockRule = z.strictObject({
  id: RuleId,
  criterion: Criterion,
  when: Condition,
  text: RuleText.required(),
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
    })
    .refine((set) => uniqueIds([...set.exclusions, ...set.criteria]), 'Rule ids must be unique within a rule set')
    .refine((set) => set.criteria.some((rule) => rule.effect === '+'), 'A rule set needs at least one favourable criterion')

export const InstrumentRuleSet = ruleSet(InstrumentSlug)
export type InstrumentRuleSet = z.infer<typeof InstrumentRuleSet>
export const FundRuleSet = ruleSet(FundSlug)
export type FundRuleSet = z.infer<typeof FundRuleSet>
export type RuleSet = InstrumentRuleSet | FundRuleSet
