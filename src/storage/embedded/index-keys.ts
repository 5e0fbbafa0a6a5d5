import type { Doc, IndexSpec } from '../document-store.js'
import type { IndexDef } from './records.js'

/** MongoDB's default index name: `a_1_b_-1`. */
export function toIndexDef(spec: IndexSpec): IndexDef {
  const keys = Object.entries(spec.keys)
  if (keys.length === 0) throw new Error('An index needs at least one key')
  return {
    name: spec.name ?? keys.map(([path, dir]) => `${path}_${dir}`).join('_'),
    keys,
    unique: spec.unique === true,
  }
}

export function sameKeys(a: IndexDef, b: IndexDef): boolean {
  return JSON.stringify(a.keys) === JSON.stringify(b.keys)
}

/**
 * The distinct index keys of a document, as MongoDB builds them: a missing field indexes as null,
 * an array field contributes one key per element (multikey), compound keys are the cross product.
 */
export function indexKeys(doc: Doc, index: IndexDef): string[] {
  let tuples: unknown[][] = [[]]
  for (const [path] of index.keys) {
    const values = valuesAt(doc, path.split('.'))
    tuples = tuples.flatMap((tuple) => values.map((value) => [...tuple, value]))
  }
  return [...new Set(tuples.map((tuple) => JSON.stringify(tuple)))]
}

/** Turns an index key back into `{ path: value }`, as MongoDB reports it in a duplicate key error. */
export function keyValue(key: string, index: IndexDef): Record<string, unknown> {
  const tuple = JSON.parse(key) as unknown[]
  return Object.fromEntries(index.keys.map(([path], i) => [path, tuple[i]]))
}

function valuesAt(value: unknown, parts: string[]): unknown[] {
  const [head, ...rest] = parts
  if (head === undefined) {
    if (Array.isArray(value)) return value.length > 0 ? value : [[]]
    return [value ?? null]
  }
  if (Array.isArray(value)) {
    if (/^\d+$/.test(head)) return valuesAt(value[Number(head)], rest)
    const found = value.flatMap((item) => (isRecord(item) ? valuesAt(item, parts) : []))
    return found.length > 0 ? found : [null]
  }
  if (isRecord(value)) return valuesAt(value[head], rest)
  return [null]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
