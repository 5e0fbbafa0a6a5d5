import { t } from '../i18n/i18n.js'
import { z } from 'zod'

/** Codelists of DESIGN §4. Values are stable API strings; labels live in the message catalogue. */
export const RESPONDENT_TYPES = ['city', 'member_state', 'financial_intermediary', 'service_provider'] as const
export const POLICY_FIELDS = [
  'employment',
  'education',
  'housing',
  'health_social_care',
  'entrepreneurship',
  'reception',
  'community',
] as const
export const TARGET_GROUPS = [
  'refugees',
  'asylum_seekers',
  'temporary_protection',
  'unaccompanied_minors',
  'migrant_women',
  'migrant_youth',
  'migrant_entrepreneurs',
  'third_country_nationals',
] as const
export const INSTRUMENTS = [
  'loan',
  'microfinance',
  'guarantee',
  'equity',
  'crowdfunding',
  'social-outcomes-contract',
  'blending',
  'fi-grant-combination',
] as const
/** What a case can be tagged with: the eight instruments, or a plain grant. */
export const CASE_INSTRUMENTS = [...INSTRUMENTS, 'grant'] as const
export const FUNDS = ['amif', 'esf-plus', 'erdf', 'emfaf', 'investeu', 'cerv', 'ceb', 'eib', 'eif'] as const
export const FUND_KINDS = ['eu_fund', 'eu_programme', 'financial_institution'] as const
export const PARTNERS = [
  'national_promotional_bank',
  'commercial_bank',
  'microfinance_institution',
  'social_enterprises',
  'ngos',
  'impact_investors',
  'foundations',
  'crowdfunding_platform',
  'housing_association',
] as const
export const STAGES = ['idea', 'design', 'contracted', 'implementation', 'completed'] as const
export const CONFIDENCE = ['V', 'S', 'U'] as const
/** Whether a record concerns the inclusion of migrants or refugees (imports may hold other social investments). */
export const RELEVANCES = ['migrants_refugees', 'other'] as const

export const RespondentType = z.enum(RESPONDENT_TYPES)
export type RespondentType = z.infer<typeof RespondentType>
export const PolicyField = z.enum(POLICY_FIELDS)
export type PolicyField = z.infer<typeof PolicyField>
export const TargetGroup = z.enum(TARGET_GROUPS)
export type TargetGroup = z.infer<typeof TargetGroup>
export const InstrumentSlug = z.enum(INSTRUMENTS)
export type InstrumentSlug = z.infer<typeof InstrumentSlug>
export const CaseInstrument = z.enum(CASE_INSTRUMENTS)
export type CaseInstrument = z.infer<typeof CaseInstrument>
export const FundSlug = z.enum(FUNDS)
export type FundSlug = z.infer<typeof FundSlug>
export const FundKind = z.enum(FUND_KINDS)
export type FundKind = z.infer<typeof FundKind>
export const Partner = z.enum(PARTNERS)
export type Partner = z.infer<typeof Partner>
export const Stage = z.enum(STAGES)
export type Stage = z.infer<typeof Stage>
/** V verified in a primary source, S secondary source only, U uncertain (research/facts.md). */
export const Confidence = z.enum(CONFIDENCE)
export type Confidence = z.infer<typeof Confidence>
export const Relevance = z.enum(RELEVANCES)
export type Relevance = z.infer<typeof Relevance>

/** ISO 3166-1 alpha-2, upper case (GB for the United Kingdom). */
export const CountryCode = z
  .string({ error: () => t('validation.countryCode') })
  .regex(/^[A-Z]{2}$/, { error: () => t('validation.countryCodeFormat') })
/** ISO 4217 currency code. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, { error: () => t('validation.currencyCode') })

export const SourceUrl = z.url({ protocol: /^https?$/, error: () => t('validation.webAddress') }).max(2000)
