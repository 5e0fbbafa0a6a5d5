import { Router } from 'express'
import { z } from 'zod'
import { hasMessage, t, tDynamic } from '../i18n/i18n.js'
import { API_OPERATIONS, API_SCHEMAS, type ApiOperation, type ApiSchemaName } from './api-operations.js'

/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the zod schemas the routes parse with
 * (`z.toJSONSchema`, JSON Schema 2020-12, the dialect of OpenAPI 3.1). ADR 013.
 */

type JsonSchema = Record<string, unknown>

export const API_TAGS = [
  'investments',
  'catalogue',
  'matching',
  'questionnaires',
  'changes',
  'interoperability',
  'accounts',
  'curation',
  'review',
  'service',
] as const

/** JSON Schema of a zod schema as a request (`input`: defaults optional) or a response (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema
  return rest
}

/**
 * The query parameters of a query schema (a zod object), one per property. Required is what a
 * request cannot leave out, found by parsing an empty query: JSON Schema lists a preprocessed
 * parameter (listParam, singleParam) as required although a missing one parses to its default.
 */
export function queryParameters(schema: z.ZodType): { name: string; required: boolean; schema: JsonSchema }[] {
  const json = jsonSchemaOf(schema, 'input')
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>
  const empty = schema.safeParse({})
  const required = new Set(empty.success ? [] : empty.error.issues.map((issue) => String(issue.path[0] ?? '')))
  return Object.entries(properties).map(([name, property]) => ({
    name,
    required: required.has(name),
    schema: property,
  }))
}

const message = (key: string): string | undefined => (hasMessage(key) ? tDynamic(key) : undefined)

function parametersOf(operation: ApiOperation) {
  const query = operation.query
    ? queryParameters(operation.query).map((p) => ({
        name: p.name,
        in: 'query',
        required: p.required,
        ...(message(`apiDocs.params.${p.name}`) ? { description: message(`apiDocs.params.${p.name}`) } : {}),
        schema: p.schema,
        ...(p.schema.type === 'array' ? { style: 'form', explode: true } : {}),
      }))
    : []
  const path = Object.entries(operation.pathParams ?? {}).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    ...(message(`apiDocs.params.${name}`) ? { description: message(`apiDocs.params.${name}`) } : {}),
    schema: jsonSchemaOf(schema, 'input'),
  }))
  return [...path, ...query]
}

/** Any request whose `Authorization` header is not a valid bearer token gets 401, whatever the operation (src/accounts/principal.ts). */
const BAD_TOKEN: ApiOperation['responses'][number] = { status: 401, schema: 'Error' }

function responsesOf(operation: ApiOperation) {
  const responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }> = {}
  const all =
    operation.responses.some((r) => r.status === 401) || operation.root
      ? operation.responses
      : [...operation.responses, BAD_TOKEN]
  for (const response of all) {
    const key = String(response.status)
    const entry = (responses[key] ??= { description: tDynamic(`apiDocs.responses.${key}`) })
    if (response.schema === undefined && response.contentType === undefined) continue
    entry.content ??= {}
    entry.content[response.contentType ?? 'application/json'] = {
      schema: response.schema ? { $ref: `#/components/schemas/${response.schema}` } : { type: 'string' },
    }
  }
  return responses
}

let cached: Record<string, unknown> | null = null

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached
  const bodies = new Set(API_OPERATIONS.flatMap((op) => (op.body ? [op.body] : [])))
  const schemas = Object.fromEntries(
    (Object.entries(API_SCHEMAS) as [ApiSchemaName, z.ZodType][]).map(([name, schema]) => [
      name,
      jsonSchemaOf(schema, bodies.has(name) ? 'input' : 'output'),
    ]),
  )
  const paths: Record<string, Record<string, unknown>> = {}
  for (const operation of API_OPERATIONS) {
    const item = (paths[operation.path] ??= operation.root ? { servers: [{ url: '/' }] } : {})
    item[operation.method] = {
      operationId: operation.id,
      tags: [operation.tag],
      summary: tDynamic(`apiDocs.operations.${operation.id}.summary`),
      description: tDynamic(`apiDocs.operations.${operation.id}.description`),
      ...(operation.auth === 'user' ? { security: [{ bearer: [] }, { session: [] }] } : {}),
      parameters: parametersOf(operation),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { $ref: `#/components/schemas/${operation.body}` } } },
            },
          }
        : {}),
      responses: responsesOf(operation),
    }
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: t('apiDocs.openapiTitle'),
      version: '1.0.0',
      description: `${t('apiDocs.lead')} ${t('apiDocs.basicsErrors')}`,
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: '/api/v1' }],
    tags: API_TAGS.map((tag) => ({ name: tag, description: t(`apiDocs.tags.${tag}`) })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: t('apiDocs.basicsAuth') },
        session: { type: 'apiKey', in: 'cookie', name: 'fi_session' },
      },
    },
  }
  return cached
}

/** `GET /api/v1/openapi.json`. */
export function openApiRoute(): Router {
  const router = Router()
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument())
  })
  return router
}
