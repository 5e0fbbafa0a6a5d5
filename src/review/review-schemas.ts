import { z } from 'zod'
import { SIZE_KINDS } from './response-figures.js'
import { RespondentType } from '../shared/codelists.js'
import { REVIEW_STATUSES } from './review-query.js'
import { GAP_COVERAGE } from './review-gap.js'

/** Response bodies of `/api/v1/review/…`, for the OpenAPI document (src/api-docs/api-operations.ts). */

const Count = z.object({ value: z.string(), label: z.string(), count: z.number().int() })
const Theme = z.object({ answered: z.number().int(), of: z.number().int(), counts: z.array(Count) })
const Status = z.enum(REVIEW_STATUSES)

const SizeKind = z.enum(SIZE_KINDS)

/** One row of the gap in euros by country × policy field × instrument (docs/adr/066). */
const GapRowJson = z.object({
  policyField: z.string(),
  country: z.string(),
  instrument: z.string(),
  demandResponses: z.number().int(),
  demandOrganisations: z.array(z.string()),
  wantedByKind: z.partialRecord(SizeKind, z.object({ sumEur: z.number(), answered: z.number().int() })),
  wantedEur: z.number(),
  wantedAnswered: z.number().int(),
  intermediaries: z.number().int(),
  supplyOrganisations: z.array(z.string()),
  committableEur: z.number(),
  committableAnswered: z.number().int(),
  differenceEur: z.number(),
  coverage: z.enum(GAP_COVERAGE),
})

export const ReviewSummaryJson = z.object({
  filters: z.record(z.string(), z.unknown()),
  summary: z.object({
    total: z.number().int(),
    byType: z.array(Count),
    byStatus: z.array(Count),
    byCountry: z.array(Count),
    themes: z.object({
      policyFieldsDemand: Theme,
      targetGroupsDemand: Theme,
      instrumentsDemand: Theme,
      instrumentsSupply: Theme,
      policyFieldsSupply: Theme,
    }),
    questionnaires: z.array(
      z.object({
        respondentType: RespondentType,
        version: z.number().int(),
        title: z.string(),
        responses: z.number().int(),
        questions: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            type: z.string(),
            answered: z.number().int(),
            of: z.number().int(),
            options: z.array(Count).optional(),
            numbers: z
              .object({
                n: z.number(),
                min: z.number(),
                max: z.number(),
                mean: z.number(),
                median: z.number(),
                sum: z.number(),
              })
              .optional(),
            texts: z.array(z.string()).optional(),
          }),
        ),
      }),
    ),
    demandSupply: z.array(
      z.object({
        policyField: z.string(),
        country: z.string(),
        demand: z.object({
          cities: z.number().int(),
          memberStates: z.number().int(),
          serviceProviders: z.number().int(),
          organisations: z.array(z.string()),
          sizeSumEur: z.number(),
          sizeAnswered: z.number().int(),
          instruments: z.array(Count),
          sizeByKind: z.partialRecord(SizeKind, z.object({ sumEur: z.number(), answered: z.number().int() })),
        }),
        supply: z.object({
          intermediaries: z.number().int(),
          organisations: z.array(z.string()),
          ticketMinEur: z.number().nullable(),
          ticketMaxEur: z.number().nullable(),
          instruments: z.array(Count),
          ticketTypicalMedianEur: z.number().nullable(),
          committableEur: z.number(),
          committableAnswered: z.number().int(),
          multiCountry: z.number().int(),
        }),
        gap: z.boolean(),
        euros: z.object({
          wantedEur: z.number(),
          wantedAnswered: z.number().int(),
          committableEur: z.number(),
          committableAnswered: z.number().int(),
          differenceEur: z.number(),
          coverage: z.enum(['no_intermediary', 'no_volume', 'volume']),
        }),
      }),
    ),
    readiness: z.array(
      z.object({
        respondentType: RespondentType,
        country: z.string().nullable(),
        responses: z.number().int(),
        overall: z.number(),
        dimensions: z.record(z.string(), z.number()),
      }),
    ),
    sizes: z.array(
      z.object({
        kind: SizeKind,
        country: z.string().nullable(),
        responses: z.number().int(),
        sumEur: z.number(),
        minEur: z.number(),
        medianEur: z.number(),
        maxEur: z.number(),
      }),
    ),
    gapByInstrument: z.array(GapRowJson),
  }),
})

export const ReviewListItemJson = z.object({
  id: z.string(),
  url: z.string().optional(),
  organisation: z.string(),
  country: z.string(),
  respondentType: RespondentType,
  status: Status,
  definitionVersion: z.number().int(),
  submittedAt: z.string().nullable(),
  statusChangedAt: z.string(),
  policyFields: z.array(z.string()),
  targetGroups: z.array(z.string()),
  instruments: z.array(z.string()),
  sizeEur: z.number().nullable(),
  readiness: z.object({ overall: z.number().int(), dimensions: z.record(z.string(), z.number().int()) }).nullable(),
})

export const ReviewListJson = z.object({
  items: z.array(ReviewListItemJson),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

const LogEntry = z.object({
  at: z.string(),
  userId: z.string(),
  userName: z.string(),
  from: Status,
  to: Status,
  note: z.string().nullable(),
})
export const ReviewUpdatedJson = z.object({
  id: z.string(),
  status: Status,
  version: z.number().int(),
  statusChangedAt: z.string(),
  reviewLog: z.array(LogEntry),
})

const TimeZone = z.enum(['UTC', 'Europe/Brussels'])
export const ReviewExportJson = z.object({
  total: z.number().int(),
  /** The gap in euros per policy field × country (docs/adr/065); amounts for several fields show under each. */
  gapEur: z
    .array(
      z.object({
        policyField: z.string(),
        country: z.string(),
        wantedEur: z.number(),
        wantedAnswered: z.number().int(),
        committableEur: z.number(),
        committableAnswered: z.number().int(),
        differenceEur: z.number(),
        coverage: z.enum(['no_intermediary', 'no_volume', 'volume']),
      }),
    )
    .optional(),
  /** The gap in euros per country × policy field × instrument, under the same filters (docs/adr/066). */
  gapByInstrument: z.array(GapRowJson).optional(),
  /** True when the respondent-type filter leaves out intermediaries: the gaps then compare demand with no supply (docs/adr/066). */
  supplyLeftOut: z.boolean().optional(),
  /** The zone of each time field: UTC stamps end in Z, Brussels ones carry their offset. */
  timeZones: z.record(z.string(), TimeZone),
  items: z.array(
    ReviewListItemJson.extend({
      submittedAtBrussels: z.string().nullable(),
      /** submitted: the submitted answers · draft: a draft never submitted, shared by its authors · submitted_with_newer_draft: some answers are newer draft values. */
      valuesShown: z.enum(['submitted', 'draft', 'submitted_with_newer_draft']),
      draftChangedQuestions: z.array(z.string()),
      answers: z.record(
        z.string(),
        z.object({
          value: z.unknown(),
          label: z.string(),
          draft: z.literal(true).optional(),
          submitted: z.object({ value: z.unknown(), label: z.string() }).nullable().optional(),
        }),
      ),
    }),
  ),
})
