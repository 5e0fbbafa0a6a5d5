import { update as applyModifier, type Modifier } from 'mingo/updater'
import type { AnyObject } from 'mingo/types'
import type { Filter, Update } from '../document-store.js'

/** MongoDB rejects an update document without operators; so do we, rather than replacing by accident. */
export function assertOperatorUpdate(update: Update): void {
  const keys = Object.keys(update)
  if (keys.length === 0 || !keys.every((key) => key.startsWith('$'))) {
    throw new Error('An update document must contain only update operators ($set, $inc, ...)')
  }
}

export function assertReplacement(doc: object): void {
  if (Object.keys(doc).some((key) => key.startsWith('$'))) {
    throw new Error('A replacement document must not contain update operators')
  }
}

/**
 * Applies update operators to a mutable document and tells whether anything changed.
 * mingo has no `$setOnInsert`: on insert it is folded into `$set`, otherwise dropped.
 */
export function applyUpdate(doc: AnyObject, update: Update, filter: Filter, inserting: boolean): boolean {
  const { $setOnInsert, ...rest } = update
  const modifier: AnyObject =
    inserting && isPlainObject($setOnInsert)
      ? { ...rest, $set: { ...(isPlainObject(rest.$set) ? rest.$set : {}), ...$setOnInsert } }
      : rest
  if (Object.keys(modifier).length === 0) return false
  // The filter lets the positional `$` operator find its element; an upserted document has no match.
  const changed = applyModifier(doc, modifier as Modifier<AnyObject>, undefined, inserting ? {} : filter)
  return changed.length > 0
}

/** The document an upsert starts from: the filter's equality conditions, as MongoDB builds it. */
export function upsertSeed(filter: Filter): AnyObject {
  const seed: AnyObject = {}
  collectEqualities(filter, seed)
  return seed
}

function collectEqualities(filter: Filter, seed: AnyObject): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) collectEqualities(part, seed)
    } else if (key === '$or' && Array.isArray(value) && value.length === 1 && isPlainObject(value[0])) {
      collectEqualities(value[0], seed)
    } else if (key.startsWith('$')) {
      continue
    } else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      if ('$eq' in value) setPath(seed, key, value.$eq)
      else if (Array.isArray(value.$in) && value.$in.length === 1) setPath(seed, key, value.$in[0])
    } else if (!(value instanceof RegExp)) {
      setPath(seed, key, value)
    }
  }
}

function setPath(target: AnyObject, path: string, value: unknown): void {
  const parts = path.split('.')
  const last = parts.pop()
  if (last === undefined) return
  let node = target
  for (const part of parts) {
    const next = node[part]
    if (isPlainObject(next)) {
      node = next
    } else {
      const created: AnyObject = {}
      node[part] = created
      node = created
    }
  }
  node[last] = value
}

export function isPlainObject(value: unknown): value is AnyObject {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
