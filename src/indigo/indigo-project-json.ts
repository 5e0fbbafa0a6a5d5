import { z } from 'zod'
import type { Investment } from '../investments/investment.js'
import type { PolicyField, Stage } from '../shared/codelists.js'

/**
 * An impact-bond record as an INDIGO project (schema `project.json` of the INDIGO data standard
 * 4.1.0): the "simple project" subset GO Lab asks for at priority 1, every leaf a `{value, status}`
 * object. Our values INDIGO's codelists cannot hold go into the section's `notes`. ADR 011.
 */
export const INDIGO_STANDARD_VERSION = '4.1.0'

const Status = z.enum(['PUBLIC', 'PRIVATE', 'DISPUTED'])
const value = <S extends z.ZodType>(inner: S) => z.strictObject({ value: inner, status: Status })
const IndigoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
const IndigoStage = z.enum([
  'Early-stage design',
  'Late-stage design',
  'Contracted',
  'Implementation',
  'Service delivery complete',
  'Complete',
])

export const IndigoProjectData = z.strictObject({
  status: Status,
  name: value(z.string()),
  stage_development: value(IndigoStage).optional(),
  dates: z
    .strictObject({
      start_date_of_service_provision: value(IndigoDate).optional(),
      anticipated_end_date_of_service_provision: value(IndigoDate).optional(),
      actual_end_date_of_service_provision: value(IndigoDate).optional(),
      notes: z.string().optional(),
    })
    .optional(),
  overall_project_finance: z
    .strictObject({
      total_investment_commitment: z
        .strictObject({
          currency: value(z.string().regex(/^[A-Z]{3}$/)),
          amount: z.strictObject({ exact: value(z.number()) }),
        })
        .optional(),
      notes: z.string().optional(),
    })
    .optional(),
  purpose_and_classifications: z.strictObject({
    intervention: value(z.string()),
    policy_sector: value(
      z.enum([
        'Employment and training',
        'Child and family welfare',
        'Health',
        'Homelessness',
        'Education',
        'Criminal justice',
        'Agriculture and environment',
        'Poverty reduction',
      ]),
    ),
    notes: z.string().optional(),
  }),
  service_and_beneficiaries: z.strictObject({ target_population: value(z.string()) }).optional(),
  delivery_locations: z.array(
    z.strictObject({ location_name: value(z.string()), location_country: value(z.string().regex(/^[A-Z]{2}$/)) }),
  ),
  sources: z
    .array(
      z.strictObject({
        id: z.string(),
        name: value(z.string()),
        url: value(z.string()),
        accessed_date: value(IndigoDate).optional(),
      }),
    )
    .min(1),
  notes: value(z.string()).optional(),
})

export const IndigoProject = z.strictObject({
  /** INDIGO's project id when the record is linked to one; null for a project INDIGO does not hold yet. */
  id: z
    .string()
    .regex(/^INDIGO-POJ-\d{4}$/)
    .nullable(),
  standard_version: z.literal(INDIGO_STANDARD_VERSION),
  /** Where the record lives in this repository. */
  origin_url: z.string(),
  data: IndigoProjectData,
})
export type IndigoProject = z.infer<typeof IndigoProject>

type Sector = IndigoProject['data']['purpose_and_classifications']['policy_sector']['value']

/** Our policy field → INDIGO's closest policy sector (anchors §4.4: housing is Homelessness only when it is about homelessness). */
function sectorOf(investment: Investment): Sector {
  const text = `${investment.title} ${investment.summary} ${investment.targetGroupText ?? ''}`
  const closest: Record<PolicyField, Sector> = {
    employment: 'Employment and training',
    entrepreneurship: 'Employment and training',
    education: 'Education',
    health_social_care: 'Health',
    housing: /homeless/i.test(text) ? 'Homelessness' : 'Poverty reduction',
    reception: 'Poverty reduction',
    community: 'Poverty reduction',
  }
  return closest[investment.policyFields[0]!]
}

const STAGE: Record<Stage, z.infer<typeof IndigoStage>> = {
  idea: 'Early-stage design',
  design: 'Late-stage design',
  contracted: 'Contracted',
  implementation: 'Implementation',
  completed: 'Complete',
}

/** True for the records INDIGO describes: social outcomes contracts (impact bonds). */
export function isImpactBond(investment: Investment): boolean {
  return investment.instruments.includes('social-outcomes-contract')
}

export function toIndigoProject(investment: Investment, originUrl: string): IndigoProject {
  const pub = <T>(v: T) => ({ value: v, status: 'PUBLIC' as const })
  const stage = investment.stage ? STAGE[investment.stage] : null
  const ourFields = investment.policyFields.join(', ')
  const whoNotes = [
    investment.financiers.length > 0 ? `Investors: ${investment.financiers.join('; ')}.` : '',
    investment.outcomePayer ? `Outcome payer: ${investment.outcomePayer}.` : '',
  ].filter(Boolean)
  const notes = [investment.notes ?? '', ...whoNotes, investment.results ? `Results: ${investment.results}` : '']
    .filter(Boolean)
    .join('\n')

  const dates: NonNullable<IndigoProject['data']['dates']> = {}
  if (investment.yearStart !== null) dates.start_date_of_service_provision = pub(String(investment.yearStart))
  if (investment.yearEnd !== null) {
    if (investment.stage === 'completed') dates.actual_end_date_of_service_provision = pub(String(investment.yearEnd))
    else dates.anticipated_end_date_of_service_provision = pub(String(investment.yearEnd))
  }
  if (investment.yearsText) dates.notes = investment.yearsText

  const finance: NonNullable<IndigoProject['data']['overall_project_finance']> = {}
  if (investment.amount)
    finance.total_investment_commitment = {
      currency: pub(investment.amount.currency),
      amount: { exact: pub(investment.amount.value) },
    }
  if (investment.amountText) finance.notes = investment.amountText

  const project: IndigoProject = {
    id: investment.indigoId,
    standard_version: INDIGO_STANDARD_VERSION,
    origin_url: originUrl,
    data: {
      status: 'PUBLIC',
      name: pub(investment.title),
      ...(stage ? { stage_development: pub(stage) } : {}),
      ...(Object.keys(dates).length > 0 ? { dates } : {}),
      ...(Object.keys(finance).length > 0 ? { overall_project_finance: finance } : {}),
      purpose_and_classifications: {
        intervention: pub(investment.summary),
        policy_sector: pub(sectorOf(investment)),
        notes: `Policy fields in FI for Inclusion: ${ourFields}.`,
      },
      ...(investment.targetGroupText
        ? { service_and_beneficiaries: { target_population: pub(investment.targetGroupText) } }
        : {}),
      delivery_locations: investment.countries.map((country) => ({
        location_name: pub(investment.geography),
        location_country: pub(country),
      })),
      sources: investment.sources.map((source, i) => ({
        id: `source${i + 1}`,
        name: pub(source.label ?? source.url),
        url: pub(source.url),
        ...(investment.lastVerified ? { accessed_date: pub(investment.lastVerified) } : {}),
      })),
      ...(notes ? { notes: pub(notes) } : {}),
    },
  }
  return IndigoProject.parse(project)
}
