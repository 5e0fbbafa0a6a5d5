import { z } from 'zod'
import { ValidationError } from '../errors.js'
// Installs the plain-language messages before any schema parses input.
import './plain-errors.js'

/** Parses one input at the edge; a failure becomes a 400 with a message per field path. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new ValidationError(fieldErrors(result.error))
}

export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  // A Map, not `{}`: a client's key such as "toString" or "__proto__" must not hit Object.prototype.
  const fields = new Map<string, string[]>()
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '')
    const messages = fields.get(path)
    if (messages) messages.push(issue.message)
    else fields.set(path, [issue.message])
  }
  return Object.fromEntries(fields)
}

/** A query-string value that may be repeated (`?a=1&a=2`) or comma-separated, as a de-duplicated list. */
export function listParam<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (value === undefined || value === '') return []
    const raw = Array.isArray(value) ? value : [value]
    const split = raw.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).filter((v) => v !== '')
    return [...new Set(split)]
  }, z.array(item))
}

/** A single query-string value; a repeated one is an error rather than silently the first. */
export function singleParam<T extends z.ZodType>(inner: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), inner)
}

/**
 * A page's query without the parameters its schema does not know (a shared link's `ref=`, a
 * mistyped name): pages ignore them, only the JSON API refuses them. Tracking parameters never
 * get this far (stripIgnoredParams in i18n/locale-middleware.ts).
 */
export function knownQuery(schema: z.ZodType, query: unknown): unknown {
  if (!query || typeof query !== 'object') return query
  const result = schema.safeParse(query)
  if (result.success) return query
  const unknown = new Set(
    result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys : [],
    ),
  )
  if (unknown.size === 0) return query
  return Object.fromEntries(Object.entries(query).filter(([key]) => !unknown.has(key)))
}

/** Parses a page's query string: unknown parameters are ignored, known ones validated as by `parse`. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  return parse(schema, knownQuery(schema, query))
}
