import type { RequestHandler } from 'express'
import { ValidationError } from '../errors.js'

/**
 * Defence in depth against operator injection: no key of a JSON body or query string may start
 * with `$` or contain brackets (`a[$ne]=x`), whatever route it reaches. zod schemas are the first line.
 */
export const rejectOperatorKeys: RequestHandler = (req, _res, next) => {
  const bad = [...findBadKeys(req.query, 'query'), ...findBadKeys(req.body, 'body')]
  if (bad.length > 0) {
    const fields: Record<string, string[]> = {}
    for (const path of bad) fields[path] = ['This name is not allowed: names cannot start with $ or contain brackets']
    next(new ValidationError(fields))
    return
  }
  next()
}

function findBadKeys(value: unknown, path: string, depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > 20) return []
  const found: string[] = []
  for (const [key, inner] of Object.entries(value)) {
    const here = Array.isArray(value) ? `${path}.${key}` : `${path}.${key}`
    if (!Array.isArray(value) && (key.startsWith('$') || key.includes('[') || key.includes(']'))) found.push(here)
    found.push(...findBadKeys(inner, here, depth + 1))
  }
  return found
}
