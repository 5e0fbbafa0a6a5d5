import { t } from '../i18n/i18n.js'
import { z } from 'zod'
import {
  CaseInstrument,
  Confidence,
  CountryCode,
  FundSlug,
  PolicyField,
  Stage,
  TargetGroup,
} from '../shared/codelists.js'
import { listParam, singleParam } from '../http/validate.js'

export const SORTS = ['relevance', 'year', 'amount'] as const
export const FACETS = ['policyField', 'instrument', 'fund', 'country', 'targetGroup', 'stage', 'confidence'] as const
export type FacetName = (typeof FACETS)[number]

const upperCountry = z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), CountryCode)
const year = singleParam(
  z.coerce
    .number({ error: () => t('validation.year') })
    .int()
    .min(1900)
    .max(2100)
    .optional(),
)
const euros = singleParam(
  z.coerce
    .number({ error: () => t('validation.euros') })
    .nonnegative()
    .max(1e13)
    .optional(),
)

/** The repository query of DESIGN §5 (`GET /api/v1/investments` and `/investments`); unknown parameters are errors. */
export const InvestmentQuery = z
  .strictObject({
    q: singleParam(z.string().trim().max(200, 'Use at most 200 characters').optional()),
    policyField: listParam(PolicyField),
    instrument: listParam(CaseInstrument),
    fund: listParam(FundSlug),
    country: listParam(upperCountry),
    targetGroup: listParam(TargetGroup),
    stage: listParam(Stage),
    confidence: listParam(Confidence),
    yearFrom: year,
    yearTo: year,
    minAmountEur: euros,
    maxAmountEur: euros,
    /** `true` also finds records of relevance `other` (imports outside migration); off by default (ADR 050). */
    includeOther: singleParam(
      z
        .enum(['true', 'false'], { error: () => t('validation.yesNo') })
        .default('false')
        .transform((v) => v === 'true'),
    ).describe(
      'true: also find records of relevance "other" (imported social investments whose target population is not migrants or refugees); facets.relevance.other says how many more that gives',
    ),
    sort: singleParam(z.enum(SORTS).default('relevance')),
    page: singleParam(z.coerce.number().int().min(1).max(100_000).default(1)),
    pageSize: singleParam(z.coerce.number().int().min(1).max(100).default(20)),
  })
  .superRefine((query, ctx) => {
    if (query.yearFrom !== undefined && query.yearTo !== undefined && query.yearFrom > query.yearTo)
      ctx.addIssue({ code: 'custom', path: ['yearTo'], message: t('validation.yearOrder') })
    if (query.minAmountEur !== undefined && query.maxAmountEur !== undefined && query.minAmountEur > query.maxAmountEur)
      ctx.addIssue({ code: 'custom', path: ['maxAmountEur'], message: t('validation.amountOrder') })
  })
export type InvestmentQuery = z.infer<typeof InvestmentQuery>

/** Serialises a query back to a shareable query string (defaults left out), optionally with changes. */
export function toQueryString(
  query: Partial<InvestmentQuery>,
  changes: Partial<Record<keyof InvestmentQuery, unknown>> = {},
): string {
  const merged: Record<string, unknown> = { ...query, ...changes }
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === null || value === '') continue
    if (key === 'sort' && value === 'relevance') continue
    if (key === 'includeOther' && value === false) continue
    if (key === 'page' && value === 1) continue
    if (key === 'pageSize' && value === 20) continue
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
    else params.set(key, String(value))
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}
