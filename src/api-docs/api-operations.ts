import { z } from 'zod'
import { AccountId, LoginInput, OrganisationCountry, RegisterInput, Role, TokenName } from '../accounts/account.js'
import { GlossaryQuery } from '../catalogue/catalogue-api.js'
import { Fund, GlossaryTerm, Instrument } from '../catalogue/catalogue.js'
import { ChangesPage, ChangesQuery } from '../changes/changes-api.js'
import { CURATION_OPERATIONS, CURATION_SCHEMAS } from '../curation/curation-api-operations.js'
import { CompletenessJson } from '../curation/curation-schemas.js'
import { IndigoProject } from '../indigo/indigo-project-json.js'
import { Guidance, GuidanceId } from '../guidance/guidance.js'
import { GuidanceQuery } from '../guidance/guidance-query.js'
import { Investment, InvestmentId } from '../investments/investment.js'
import { InvestmentQuery } from '../investments/investment-query.js'
import { MatchResult } from '../matching/match-result.js'
import { EXAMPLE_NEEDS_PROFILE, NeedsProfile } from '../matching/needs-profile.js'
import { FundSlug, InstrumentSlug, RespondentType } from '../shared/codelists.js'
import {
  AnswersPatchJson,
  ConflictJson,
  QuestionnaireJson,
  QuestionnaireListJson,
  ResponseJson,
} from '../questionnaires/questionnaire-api-schemas.js'
import { DefinitionQuery, ResponseId, StartBody, SubmitBody } from '../questionnaires/questionnaires-api.js'
import { ReviewPatchBody, ReviewResponseId } from '../review/review-api.js'
import { ReviewExportQuery, ReviewFilters, ReviewListQuery } from '../review/review-query.js'
import { TargetListJson, TargetQuery } from '../review/review-targets.js'
import { ReviewExportJson, ReviewListJson, ReviewSummaryJson, ReviewUpdatedJson } from '../review/review-schemas.js'

/**
 * Every route of the JSON API, described with the zod schemas the routes parse with: the source of
 * `GET /api/v1/openapi.json` and of the `/api` page. A route added to the API needs an entry here
 * (tests/api/openapi.test.ts compares this list with the Express router). Words (summaries,
 * descriptions) live in the message catalogue under `apiDocs`.
 */

export const ErrorBody = z.object({
  // Some errors say more (a stale version's `currentVersion` and `changes`, a 409's details): the envelope stays open.
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
})

const Link = z.object({ id: z.string(), title: z.string(), url: z.string() })
const InvestmentJson = Investment.extend({ url: z.string(), completeness: CompletenessJson })
const Facets = z.record(z.string(), z.record(z.string(), z.number().int()))
const GuidanceJson = Guidance.extend({
  url: z.string(),
  labels: z.object({
    kind: z.string(),
    languages: z.array(z.string()),
    instruments: z.array(z.string()),
    funds: z.array(z.string()),
    policyFields: z.array(z.string()),
  }),
})

const OrganisationJson = z.object({
  id: AccountId,
  name: z.string(),
  respondentType: RespondentType,
  country: OrganisationCountry,
})
const UserJson = z.object({
  id: AccountId,
  email: z.string(),
  name: z.string(),
  role: Role,
  organisation: OrganisationJson.nullable(),
  affiliation: z.string().nullable(),
  createdAt: z.iso.datetime(),
})

/** Named schemas of the document (`#/components/schemas/<name>`). */
export const API_SCHEMAS = {
  Error: ErrorBody,
  Investment: InvestmentJson,
  InvestmentList: z.object({
    items: z.array(InvestmentJson),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    facets: Facets,
    suggestion: z.string().optional(),
  }),
  Guidance: GuidanceJson,
  GuidanceList: z.object({
    items: z.array(GuidanceJson),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    facets: Facets,
  }),
  InvestmentExport: z.object({
    total: z.number().int(),
    timeZones: z.record(z.string(), z.enum(['UTC', 'Europe/Brussels'])),
    items: z.array(InvestmentJson),
  }),
  InvestmentDetail: InvestmentJson.extend({ related: z.array(Link) }),
  IndigoProject,
  InstrumentList: z.object({ items: z.array(Instrument.extend({ url: z.string(), caseCount: z.number().int() })) }),
  InstrumentDetail: Instrument.extend({ url: z.string(), cases: z.array(Link) }),
  FundList: z.object({ items: z.array(Fund.extend({ url: z.string(), caseCount: z.number().int() })) }),
  FundDetail: Fund.extend({ url: z.string(), cases: z.array(Link) }),
  GlossaryList: z.object({ items: z.array(GlossaryTerm.extend({ url: z.string() })), total: z.number().int() }),
  NeedsProfile,
  MatchResult,
  ChangesPage,
  Health: z.object({
    status: z
      .enum(['ok', 'stopping', 'unavailable'])
      .describe(
        '"stopping" once a shutdown has begun: writes are refused from then on; "unavailable" when the store does not answer a ping (503)',
      ),
    store: z.enum(['embedded', 'mongodb']),
    ready: z
      .boolean()
      .describe('false while stopping or when the store does not answer: a load balancer sends no traffic'),
    sync: z.object({
      appliedSeq: z
        .number()
        .int()
        .min(0)
        .describe('the last change of other instances this instance has applied (docs/adr/026)'),
      behind: z.number().int().min(0).describe('changes written by other instances not yet applied here'),
      lagMs: z.number().min(0).nullable(),
      caughtUpAt: z.iso.datetime().nullable(),
    }),
    lastError: z
      .object({ at: z.iso.datetime(), message: z.string() })
      .nullable()
      .describe('the latest failure of the store ping or of following the changes feed'),
    recovery: z.object({
      droppedRecords: z
        .number()
        .int()
        .min(0)
        .describe('records left out when the store was opened (a torn last write), listed on /admin/storage'),
    }),
    compaction: z.object({
      failures: z.number().int().min(0).describe('failed compactions since the start (each is tried again)'),
    }),
  }),
  RegisterInput,
  TokenRequest: LoginInput.extend({ name: TokenName.optional() }),
  RegistrationAccepted: z.object({ status: z.literal('accepted'), message: z.string(), token: z.string() }),
  Token: z.object({ token: z.string(), id: z.string(), name: z.string(), createdAt: z.iso.datetime() }),
  Me: z.object({ user: UserJson }),
  QuestionnaireList: QuestionnaireListJson,
  Questionnaire: QuestionnaireJson,
  ResponseStart: StartBody,
  Response: ResponseJson,
  AnswersPatch: AnswersPatchJson,
  ResponseSubmit: SubmitBody,
  Conflict: ConflictJson,
  Organisation: OrganisationJson.extend({
    members: z.array(
      z.object({ id: AccountId, name: z.string(), email: z.string(), role: Role, createdAt: z.iso.datetime() }),
    ),
  }),
  ...CURATION_SCHEMAS,
  ReviewSummary: ReviewSummaryJson,
  ReviewTargets: TargetListJson,
  ReviewList: ReviewListJson,
  ReviewPatch: ReviewPatchBody,
  ReviewUpdated: ReviewUpdatedJson,
  ReviewExport: ReviewExportJson,
} satisfies Record<string, z.ZodType>
export type ApiSchemaName = keyof typeof API_SCHEMAS

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

export interface ApiResponse {
  status: number
  /** A named schema; omitted for a response without a body. */
  schema?: ApiSchemaName
  /** Content type when it is not JSON. */
  contentType?: string
}

export interface ApiOperation {
  /** Message keys `apiDocs.operations.<id>.summary|description`; also the OpenAPI operationId. */
  id: string
  method: HttpMethod
  /** OpenAPI path template relative to `/api/v1` (or to `/` when `root`). */
  path: string
  root?: boolean
  tag:
    | 'investments'
    | 'catalogue'
    | 'matching'
    | 'questionnaires'
    | 'changes'
    | 'interoperability'
    | 'accounts'
    | 'curation'
    | 'review'
    | 'service'
  /** `user`: needs a bearer token (or a session cookie). */
  auth?: 'user'
  query?: z.ZodType
  pathParams?: Record<string, z.ZodType>
  body?: ApiSchemaName
  responses: ApiResponse[]
  /** A request to try, as a path with query string (GET) and, for POST, a JSON body. */
  example: { path: string; body?: unknown }
}

/** The export takes the list's filters and sort (no paging: every match) and a format. */
const { page: _page, pageSize: _pageSize, ...listFilters } = InvestmentQuery.shape
const exportQuery = z.strictObject({ format: z.enum(['csv', 'json']).default('json'), ...listFilters })

const EXAMPLE_PROFILE = EXAMPLE_NEEDS_PROFILE

const bad = { status: 400, schema: 'Error' } as const
const notFound = { status: 404, schema: 'Error' } as const
const unauthorised = { status: 401, schema: 'Error' } as const
const tooMany = { status: 429, schema: 'Error' } as const

export const API_OPERATIONS: ApiOperation[] = [
  {
    id: 'listInvestments',
    method: 'get',
    path: '/investments',
    tag: 'investments',
    query: InvestmentQuery,
    responses: [{ status: 200, schema: 'InvestmentList' }, bad],
    example: { path: '/api/v1/investments?policyField=housing&instrument=loan&sort=year' },
  },
  {
    id: 'exportInvestments',
    method: 'get',
    path: '/investments/export',
    tag: 'investments',
    query: exportQuery,
    responses: [{ status: 200, schema: 'InvestmentExport' }, { status: 200, contentType: 'text/csv' }, bad],
    example: { path: '/api/v1/investments/export?format=json&policyField=employment' },
  },
  {
    id: 'getInvestment',
    method: 'get',
    path: '/investments/{id}',
    tag: 'investments',
    pathParams: { id: InvestmentId },
    responses: [{ status: 200, schema: 'InvestmentDetail' }, bad, notFound],
    example: { path: '/api/v1/investments/c01-koto-sib' },
  },
  {
    id: 'getInvestmentIndigo',
    method: 'get',
    path: '/investments/{id}/indigo',
    tag: 'interoperability',
    pathParams: { id: InvestmentId },
    responses: [{ status: 200, schema: 'IndigoProject' }, bad, notFound],
    example: { path: '/api/v1/investments/c01-koto-sib/indigo' },
  },
  {
    id: 'listGuidance',
    method: 'get',
    path: '/guidance',
    tag: 'catalogue',
    query: GuidanceQuery,
    responses: [{ status: 200, schema: 'GuidanceList' }, bad],
    example: { path: '/api/v1/guidance?instrument=microfinance&language=en' },
  },
  {
    id: 'getGuidance',
    method: 'get',
    path: '/guidance/{id}',
    tag: 'catalogue',
    pathParams: { id: GuidanceId },
    responses: [{ status: 200, schema: 'Guidance' }, bad, notFound],
    example: { path: '/api/v1/guidance/ec-toolkit-eu-funds-integration-migrant-background' },
  },
  {
    id: 'listInstruments',
    method: 'get',
    path: '/instruments',
    tag: 'catalogue',
    responses: [{ status: 200, schema: 'InstrumentList' }],
    example: { path: '/api/v1/instruments' },
  },
  {
    id: 'getInstrument',
    method: 'get',
    path: '/instruments/{slug}',
    tag: 'catalogue',
    pathParams: { slug: InstrumentSlug },
    responses: [{ status: 200, schema: 'InstrumentDetail' }, notFound],
    example: { path: '/api/v1/instruments/microfinance' },
  },
  {
    id: 'listFunds',
    method: 'get',
    path: '/funds',
    tag: 'catalogue',
    responses: [{ status: 200, schema: 'FundList' }],
    example: { path: '/api/v1/funds' },
  },
  {
    id: 'getFund',
    method: 'get',
    path: '/funds/{slug}',
    tag: 'catalogue',
    pathParams: { slug: FundSlug },
    responses: [{ status: 200, schema: 'FundDetail' }, notFound],
    example: { path: '/api/v1/funds/ceb' },
  },
  {
    id: 'listGlossary',
    method: 'get',
    path: '/glossary',
    tag: 'catalogue',
    query: GlossaryQuery,
    responses: [{ status: 200, schema: 'GlossaryList' }, bad],
    example: { path: '/api/v1/glossary?q=blending' },
  },
  {
    id: 'match',
    method: 'post',
    path: '/match',
    tag: 'matching',
    body: 'NeedsProfile',
    responses: [{ status: 200, schema: 'MatchResult' }, bad],
    example: { path: '/api/v1/match', body: EXAMPLE_PROFILE },
  },
  {
    id: 'listQuestionnaires',
    method: 'get',
    path: '/questionnaires',
    tag: 'questionnaires',
    responses: [{ status: 200, schema: 'QuestionnaireList' }],
    example: { path: '/api/v1/questionnaires' },
  },
  {
    id: 'getQuestionnaire',
    method: 'get',
    path: '/questionnaires/{respondentType}',
    tag: 'questionnaires',
    pathParams: { respondentType: RespondentType },
    query: DefinitionQuery,
    responses: [{ status: 200, schema: 'Questionnaire' }, bad, notFound],
    example: { path: '/api/v1/questionnaires/city' },
  },
  {
    id: 'startResponse',
    method: 'post',
    path: '/responses',
    tag: 'questionnaires',
    auth: 'user',
    body: 'ResponseStart',
    responses: [
      { status: 201, schema: 'Response' },
      { status: 200, schema: 'Response' },
      bad,
      unauthorised,
      { status: 403, schema: 'Error' },
      tooMany,
    ],
    example: { path: '/api/v1/responses', body: { respondentType: 'city' } },
  },
  {
    id: 'getResponse',
    method: 'get',
    path: '/responses/{id}',
    tag: 'questionnaires',
    auth: 'user',
    pathParams: { id: ResponseId },
    responses: [{ status: 200, schema: 'Response' }, unauthorised, { status: 403, schema: 'Error' }, notFound],
    example: { path: '/api/v1/responses/00000000-0000-4000-8000-000000000000' },
  },
  {
    id: 'saveAnswers',
    method: 'patch',
    path: '/responses/{id}',
    tag: 'questionnaires',
    auth: 'user',
    pathParams: { id: ResponseId },
    body: 'AnswersPatch',
    responses: [
      { status: 200, schema: 'Response' },
      bad,
      unauthorised,
      { status: 403, schema: 'Error' },
      notFound,
      { status: 409, schema: 'Conflict' },
      tooMany,
    ],
    example: {
      path: '/api/v1/responses/00000000-0000-4000-8000-000000000000',
      body: { version: 1, answers: { population: 250000, policy_fields: ['housing'] } },
    },
  },
  {
    id: 'submitResponse',
    method: 'post',
    path: '/responses/{id}/submit',
    tag: 'questionnaires',
    auth: 'user',
    pathParams: { id: ResponseId },
    body: 'ResponseSubmit',
    responses: [
      { status: 200, schema: 'Response' },
      bad,
      unauthorised,
      { status: 403, schema: 'Error' },
      notFound,
      { status: 409, schema: 'Error' },
      tooMany,
    ],
    example: { path: '/api/v1/responses/00000000-0000-4000-8000-000000000000/submit', body: { version: 2 } },
  },
  {
    id: 'matchResponse',
    method: 'get',
    path: '/responses/{id}/match',
    tag: 'questionnaires',
    auth: 'user',
    pathParams: { id: ResponseId },
    responses: [
      { status: 200, schema: 'MatchResult' },
      unauthorised,
      { status: 403, schema: 'Error' },
      notFound,
      { status: 409, schema: 'Error' },
    ],
    example: { path: '/api/v1/responses/00000000-0000-4000-8000-000000000000/match' },
  },
  {
    id: 'reviewSummary',
    method: 'get',
    path: '/review/summary',
    tag: 'review',
    auth: 'user',
    query: ReviewFilters,
    responses: [{ status: 200, schema: 'ReviewSummary' }, bad, unauthorised, { status: 403, schema: 'Error' }],
    example: {
      path: '/api/v1/review/summary?respondentType=city&respondentType=financial_intermediary&country=IT&instrument=microfinance',
    },
  },
  {
    id: 'reviewTargets',
    method: 'get',
    path: '/review/targets',
    tag: 'review',
    auth: 'user',
    query: TargetQuery,
    responses: [{ status: 200, schema: 'ReviewTargets' }, bad, unauthorised, { status: 403, schema: 'Error' }],
    example: { path: '/api/v1/review/targets?respondentType=city&country=IT' },
  },
  {
    id: 'reviewResponses',
    method: 'get',
    path: '/review/responses',
    tag: 'review',
    auth: 'user',
    query: ReviewListQuery,
    responses: [{ status: 200, schema: 'ReviewList' }, bad, unauthorised, { status: 403, schema: 'Error' }],
    example: { path: '/api/v1/review/responses?country=IT&targetGroup=migrant_entrepreneurs&page=1&pageSize=50' },
  },
  {
    id: 'reviewUpdate',
    method: 'patch',
    path: '/review/responses/{id}',
    tag: 'review',
    auth: 'user',
    pathParams: { id: ReviewResponseId },
    body: 'ReviewPatch',
    responses: [
      { status: 200, schema: 'ReviewUpdated' },
      bad,
      unauthorised,
      { status: 403, schema: 'Error' },
      notFound,
      { status: 409, schema: 'Error' },
    ],
    example: {
      path: '/api/v1/review/responses/00000000-0000-4000-8000-000000000000',
      body: { status: 'in_review', note: 'Asked the city for the business plan.' },
    },
  },
  {
    id: 'reviewExport',
    method: 'get',
    path: '/review/export',
    tag: 'review',
    auth: 'user',
    query: ReviewExportQuery,
    responses: [
      { status: 200, schema: 'ReviewExport' },
      { status: 200, contentType: 'text/csv' },
      bad,
      unauthorised,
      { status: 403, schema: 'Error' },
    ],
    example: { path: '/api/v1/review/export?format=csv&country=IT&instrument=microfinance' },
  },
  {
    id: 'listChanges',
    method: 'get',
    path: '/changes',
    tag: 'changes',
    query: ChangesQuery,
    responses: [{ status: 200, schema: 'ChangesPage' }, bad],
    example: { path: '/api/v1/changes?since=0&limit=50' },
  },
  {
    id: 'register',
    method: 'post',
    path: '/auth/register',
    tag: 'accounts',
    body: 'RegisterInput',
    responses: [
      { status: 202, schema: 'RegistrationAccepted' },
      bad,
      { status: 403, schema: 'Error' },
      { status: 429, schema: 'Error' },
    ],
    example: {
      path: '/api/v1/auth/register',
      body: {
        email: 'officer@city.example',
        password: 'a long passphrase of yours',
        name: 'A. Officer',
        organisation: 'City of Example',
        country: 'DE',
        respondentType: 'city',
      },
    },
  },
  {
    id: 'createToken',
    method: 'post',
    path: '/auth/token',
    tag: 'accounts',
    body: 'TokenRequest',
    responses: [{ status: 200, schema: 'Token' }, bad, unauthorised, { status: 409, schema: 'Error' }, tooMany],
    example: {
      path: '/api/v1/auth/token',
      body: { email: 'officer@city.example', password: 'a long passphrase of yours' },
    },
  },
  {
    id: 'revokeToken',
    method: 'delete',
    path: '/auth/token',
    tag: 'accounts',
    auth: 'user',
    responses: [{ status: 204 }, unauthorised],
    example: { path: '/api/v1/auth/token' },
  },
  {
    id: 'me',
    method: 'get',
    path: '/auth/me',
    tag: 'accounts',
    auth: 'user',
    responses: [{ status: 200, schema: 'Me' }, unauthorised],
    example: { path: '/api/v1/auth/me' },
  },
  {
    id: 'getOrganisation',
    method: 'get',
    path: '/organisations/{id}',
    tag: 'accounts',
    auth: 'user',
    pathParams: { id: AccountId },
    responses: [{ status: 200, schema: 'Organisation' }, bad, unauthorised, { status: 403, schema: 'Error' }, notFound],
    example: { path: '/api/v1/organisations/00000000-0000-4000-8000-000000000000' },
  },
  {
    id: 'openapi',
    method: 'get',
    path: '/openapi.json',
    tag: 'service',
    responses: [{ status: 200 }],
    example: { path: '/api/v1/openapi.json' },
  },
  {
    id: 'downloadBackup',
    method: 'get',
    path: '/backup',
    tag: 'service',
    auth: 'user',
    responses: [{ status: 200, contentType: 'application/jsonl' }, bad, unauthorised, { status: 403, schema: 'Error' }],
    example: { path: '/api/v1/backup' },
  },
  {
    id: 'health',
    method: 'get',
    path: '/health',
    tag: 'service',
    responses: [
      { status: 200, schema: 'Health' },
      { status: 400, schema: 'Error' },
      { status: 503, schema: 'Health' },
    ],
    example: { path: '/api/v1/health' },
  },
  ...CURATION_OPERATIONS,
]
