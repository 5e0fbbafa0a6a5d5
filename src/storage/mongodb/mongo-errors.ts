import { MongoServerError } from 'mongodb'
import { DuplicateKeyError } from '../document-store.js'

/** Maps MongoDB's duplicate key error (code 11000) to the port's error; other errors pass through. */
export function toPortError(error: unknown, collection: string): unknown {
  if (!(error instanceof MongoServerError) || error.code !== 11000) return error
  const keyValue: unknown = error.keyValue ?? error.writeErrors?.[0]?.err?.keyValue
  const key = typeof keyValue === 'object' && keyValue !== null ? { ...keyValue } : {}
  const mapped = new DuplicateKeyError(collection, key)
  mapped.cause = error
  return mapped
}
