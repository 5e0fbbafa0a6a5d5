import { z } from 'zod'
import type { ApiOperation } from '../api-docs/api-operations.js'
import { PageQuery } from '../http/pagination.js'
import {
  CuratedCreate,
  CuratedRecordJson,
  CuratedRecordList,
  CuratedUpdate,
  CurationKind,
  HistoryList,
  ReinstateBody,
  RetireBody,
} from './curation-schemas.js'
import { DataQualityReport } from './data-quality.js'
import { Proposal, ProposalContent, ProposalId, ProposalQuery, PublishBody, RejectBody } from './proposals.js'

/** Curation's part of the OpenAPI document (ADR 013): named schemas and operations, spread into api-operations.ts. */
const ProposalJson = Proposal.extend({ url: z.string(), investmentUrl: z.string().nullable() })

export const CURATION_SCHEMAS = {
  DataQualityReport,
  CuratedRecord: CuratedRecordJson,
  CuratedRecordList,
  CuratedCreate,
  CuratedUpdate,
  RetireRequest: RetireBody,
  ReinstateRequest: ReinstateBody,
  History: HistoryList,
  ProposalInput: ProposalContent,
  Proposal: ProposalJson,
  ProposalList: z.object({
    items: z.array(ProposalJson),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  }),
  PublishRequest: PublishBody,
  PublishResult: z.object({ proposal: ProposalJson, investment: CuratedRecordJson }),
  RejectRequest: RejectBody,
} satisfies Record<string, z.ZodType>

const err = (status: number) => ({ status, schema: 'Error' }) as const
const writeErrors = [err(400), err(401), err(403), err(404), err(409)]
const kindAndId = { kind: CurationKind, id: z.string().min(1) }

const EXAMPLE_RECORD = {
  title: 'Example city housing loan',
  summary: 'A development-bank loan to the city for social housing that also houses refugees.',
  geography: 'Example City',
  countries: ['DE'],
  policyFields: ['housing'],
  targetGroups: ['refugees'],
  instruments: ['loan'],
  amount: { value: 40_000_000, currency: 'EUR' },
  amountSource: 'https://www.example.org/press-release',
  sources: [{ url: 'https://www.example.org/press-release', label: 'Press release' }],
  confidence: 'S',
}

const { confidence: _confidence, ...EXAMPLE_PROPOSAL } = EXAMPLE_RECORD

export const CURATION_OPERATIONS: ApiOperation[] = [
  {
    id: 'getDataQuality',
    method: 'get',
    path: '/data-quality',
    tag: 'curation',
    responses: [{ status: 200, schema: 'DataQualityReport' }, err(400)],
    example: { path: '/api/v1/data-quality' },
  },
  {
    id: 'listCuratedRecords',
    method: 'get',
    path: '/curation/{kind}',
    tag: 'curation',
    auth: 'user',
    pathParams: { kind: CurationKind },
    query: PageQuery,
    responses: [{ status: 200, schema: 'CuratedRecordList' }, err(400), err(401), err(403), err(404)],
    example: { path: '/api/v1/curation/funds' },
  },
  {
    id: 'createCuratedRecord',
    method: 'post',
    path: '/curation/{kind}',
    tag: 'curation',
    auth: 'user',
    pathParams: { kind: CurationKind },
    body: 'CuratedCreate',
    responses: [{ status: 201, schema: 'CuratedRecord' }, ...writeErrors],
    example: { path: '/api/v1/curation/investments', body: { record: EXAMPLE_RECORD } },
  },
  {
    id: 'getCuratedRecord',
    method: 'get',
    path: '/curation/{kind}/{id}',
    tag: 'curation',
    auth: 'user',
    pathParams: kindAndId,
    responses: [{ status: 200, schema: 'CuratedRecord' }, err(401), err(403), err(404)],
    example: { path: '/api/v1/curation/investments/c01-koto-sib' },
  },
  {
    id: 'updateCuratedRecord',
    method: 'put',
    path: '/curation/{kind}/{id}',
    tag: 'curation',
    auth: 'user',
    pathParams: kindAndId,
    body: 'CuratedUpdate',
    responses: [{ status: 200, schema: 'CuratedRecord' }, ...writeErrors],
    example: {
      path: '/api/v1/curation/investments/example-city-housing-loan',
      body: { version: 1, record: EXAMPLE_RECORD, lastVerified: '2026-01-15' },
    },
  },
  {
    id: 'retireCuratedRecord',
    method: 'post',
    path: '/curation/{kind}/{id}/retire',
    tag: 'curation',
    auth: 'user',
    pathParams: kindAndId,
    body: 'RetireRequest',
    responses: [{ status: 200, schema: 'CuratedRecord' }, ...writeErrors],
    example: {
      path: '/api/v1/curation/investments/example-city-housing-loan/retire',
      body: { version: 2, reason: 'Duplicate of another record' },
    },
  },
  {
    id: 'reinstateCuratedRecord',
    method: 'post',
    path: '/curation/{kind}/{id}/reinstate',
    tag: 'curation',
    auth: 'user',
    pathParams: kindAndId,
    body: 'ReinstateRequest',
    responses: [{ status: 200, schema: 'CuratedRecord' }, ...writeErrors],
    example: { path: '/api/v1/curation/investments/example-city-housing-loan/reinstate', body: { version: 3 } },
  },
  {
    id: 'getRecordHistory',
    method: 'get',
    path: '/curation/{kind}/{id}/history',
    tag: 'curation',
    auth: 'user',
    pathParams: kindAndId,
    query: PageQuery,
    responses: [{ status: 200, schema: 'History' }, err(400), err(401), err(403), err(404)],
    example: { path: '/api/v1/curation/investments/c01-koto-sib/history' },
  },
  {
    id: 'listProposals',
    method: 'get',
    path: '/proposals',
    tag: 'curation',
    auth: 'user',
    query: ProposalQuery,
    responses: [{ status: 200, schema: 'ProposalList' }, err(400), err(401)],
    example: { path: '/api/v1/proposals?status=pending' },
  },
  {
    id: 'createProposal',
    method: 'post',
    path: '/proposals',
    tag: 'curation',
    auth: 'user',
    body: 'ProposalInput',
    responses: [{ status: 201, schema: 'Proposal' }, err(400), err(401), err(413), err(429)],
    example: {
      path: '/api/v1/proposals',
      body: { ...EXAMPLE_PROPOSAL, comment: 'I worked on this project at the city.' },
    },
  },
  {
    id: 'getProposal',
    method: 'get',
    path: '/proposals/{id}',
    tag: 'curation',
    auth: 'user',
    pathParams: { id: ProposalId },
    responses: [{ status: 200, schema: 'Proposal' }, err(400), err(401), err(404)],
    example: { path: '/api/v1/proposals/00000000-0000-4000-8000-000000000000' },
  },
  {
    id: 'publishProposal',
    method: 'post',
    path: '/proposals/{id}/publish',
    tag: 'curation',
    auth: 'user',
    pathParams: { id: ProposalId },
    body: 'PublishRequest',
    responses: [{ status: 200, schema: 'PublishResult' }, ...writeErrors],
    example: {
      path: '/api/v1/proposals/00000000-0000-4000-8000-000000000000/publish',
      body: { version: 1, record: EXAMPLE_RECORD },
    },
  },
  {
    id: 'rejectProposal',
    method: 'post',
    path: '/proposals/{id}/reject',
    tag: 'curation',
    auth: 'user',
    pathParams: { id: ProposalId },
    body: 'RejectRequest',
    responses: [{ status: 200, schema: 'Proposal' }, ...writeErrors],
    example: {
      path: '/api/v1/proposals/00000000-0000-4000-8000-000000000000/reject',
      body: { version: 1, reason: 'No public source gives the amount.' },
    },
  },
]
