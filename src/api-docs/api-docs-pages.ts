import { Router } from 'express'
import { hasMessage, t, tDynamic } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import { API_OPERATIONS, type ApiOperation } from './api-operations.js'
import { API_TAGS, jsonSchemaOf, queryParameters } from './openapi.js'

type JsonSchema = Record<string, unknown>

/** Plain words for a parameter's JSON Schema: allowed values, range, default. */
export function describeValues(schema: JsonSchema): string {
  const parts: string[] = []
  const items = schema.items as JsonSchema | undefined
  if (Array.isArray(schema.enum)) parts.push(t('apiDocs.types.oneOf', { values: schema.enum.join(', ') }))
  else if (schema.type === 'array' && items && Array.isArray(items.enum))
    parts.push(t('apiDocs.types.manyOf', { values: items.enum.join(', ') }))
  else if (schema.type === 'array' && items?.pattern === '^[A-Z]{2}$') parts.push(t('apiDocs.types.countries'))
  else if (schema.type === 'array') parts.push(t('apiDocs.types.list'))
  else if (schema.type === 'integer' || schema.type === 'number') {
    const kind = schema.type === 'integer' ? 'integer' : 'number'
    const min = schema.minimum ?? schema.exclusiveMinimum
    const max = schema.maximum
    if (min !== undefined && max !== undefined && Number(max) < Number.MAX_SAFE_INTEGER)
      parts.push(t(`apiDocs.types.${kind}Range`, { min, max }))
    else if (min !== undefined) parts.push(t(`apiDocs.types.${kind}From`, { min }))
    else parts.push(t(`apiDocs.types.${kind}`))
  } else if (schema.type === 'string' && schema.format === 'uuid') parts.push(t('apiDocs.types.uuid'))
  else if (schema.type === 'string' && typeof schema.pattern === 'string')
    parts.push(t('apiDocs.types.pattern', { pattern: schema.pattern }))
  else if (schema.type === 'string' && typeof schema.maxLength === 'number')
    parts.push(t('apiDocs.types.textMax', { max: schema.maxLength }))
  else parts.push(t('apiDocs.types.text'))
  if (schema.default !== undefined) parts.push(t('apiDocs.types.default', { value: String(schema.default) }))
  return parts.join('; ')
}

function fullPath(operation: ApiOperation): string {
  return operation.root ? operation.path : `/api/v1${operation.path}`
}

function curl(operation: ApiOperation, origin: string): string {
  const head = operation.method === 'get' ? 'curl' : `curl -X ${operation.method.toUpperCase()}`
  const rest: string[] = []
  if (operation.auth === 'user') rest.push(`-H 'Authorization: Bearer ${t('apiDocs.tokenPlaceholder')}'`)
  if (operation.example.body !== undefined)
    rest.push(`-H 'Content-Type: application/json'`, `-d '${JSON.stringify(operation.example.body)}'`)
  rest.push(`'${origin}${operation.example.path}'`)
  return rest.length === 1 ? `${head} ${rest[0]}` : `${head} \\\n  ${rest.join(' \\\n  ')}`
}

function operationView(operation: ApiOperation, origin: string) {
  const path = Object.entries(operation.pathParams ?? {}).map(([name, schema]) => ({
    name,
    in: t('apiDocs.inPath'),
    values: describeValues(jsonSchemaOf(schema, 'input')),
    required: t('apiDocs.yes'),
    description: hasMessage(`apiDocs.params.${name}`) ? tDynamic(`apiDocs.params.${name}`) : '',
  }))
  const query = operation.query
    ? queryParameters(operation.query).map((p) => ({
        name: p.name,
        in: t('apiDocs.inQuery'),
        values: describeValues(p.schema),
        required: p.required ? t('apiDocs.yes') : t('apiDocs.no'),
        description: hasMessage(`apiDocs.params.${p.name}`) ? tDynamic(`apiDocs.params.${p.name}`) : '',
      }))
    : []
  const method = operation.method.toUpperCase()
  return {
    anchor: operation.id,
    method,
    path: fullPath(operation),
    summary: tDynamic(`apiDocs.operations.${operation.id}.summary`),
    description: tDynamic(`apiDocs.operations.${operation.id}.description`),
    needsToken: operation.auth === 'user',
    parameters: [...path, ...query],
    parametersCaption: t('apiDocs.parametersOf', { method, path: fullPath(operation) }),
    body: operation.body ?? null,
    responses: operation.responses.map((r) => ({
      status: r.status,
      text: tDynamic(`apiDocs.responses.${r.status}`),
      schema: r.schema ?? null,
      contentType: r.contentType ?? (r.schema ? 'application/json' : null),
    })),
    example: curl(operation, origin),
    tryUrl: operation.method === 'get' && operation.auth !== 'user' ? operation.example.path : null,
  }
}

/** `/api`: the readable API documentation, from the same list as the OpenAPI document. */
export function apiDocsPages(): Router {
  const router = Router()
  router.get('/api', (req, res) => {
    res.locals.navSection = 'api'
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`
    const groups = API_TAGS.map((tag) => ({
      tag,
      heading: t(`apiDocs.tagNames.${tag}`),
      text: t(`apiDocs.tags.${tag}`),
      operations: API_OPERATIONS.filter((op) => op.tag === tag).map((op) => operationView(op, origin)),
    })).filter((group) => group.operations.length > 0)
    sendPage(res, 'pages/api-docs', { title: t('apiDocs.title'), groups })
  })
  return router
}
