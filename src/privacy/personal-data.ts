import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { SEED_DIR_PATH } from '../seed/seed-dir.js'

export const RETENTION_CODES = [
  'account',
  'session',
  'token',
  'signInAttempts',
  'writeCounters',
  'audit',
  'auditAddress',
  'invitation',
  'authorship',
  'logs',
  'backups',
] as const
export const STORED_IN = ['store', 'storeAndCookie', 'logs', 'backups'] as const
export const SEEN_BY = ['you', 'organisation', 'reviewers', 'curators', 'admins', 'operator', 'nobody'] as const

/** `collection.field` or `collection.field.subfield`, as the records are stored. */
const FieldPath = z.string().regex(/^[a-z_]+\.[A-Za-z_]+(\.[A-Za-z_]+)*$/)

const Item = z.strictObject({
  id: z.string().regex(/^[a-zA-Z]+$/),
  fields: z.array(FieldPath),
  storedIn: z.enum(STORED_IN),
  retention: z.enum(RETENTION_CODES),
  seenBy: z.array(z.enum(SEEN_BY)).min(1),
})
export type PersonalDataItem = z.infer<typeof Item>

export const PersonalDataInventory = z.strictObject({
  $comment: z.string().optional(),
  version: z.number().int().min(1),
  items: z.array(Item).min(1),
  /** Fields of the checked records that hold no personal data, each with the reason. */
  notPersonal: z.record(FieldPath, z.string().min(1)),
})
export type PersonalDataInventory = z.infer<typeof PersonalDataInventory>

export const PERSONAL_DATA_FILE = join(SEED_DIR_PATH, 'privacy', 'personal-data.json')

let loaded: PersonalDataInventory | null = null

/** seed/privacy/personal-data.json: the one list the privacy statement and its drift test read (ADR 058). */
export function personalDataInventory(path = PERSONAL_DATA_FILE): PersonalDataInventory {
  if (path !== PERSONAL_DATA_FILE) return PersonalDataInventory.parse(JSON.parse(readFileSync(path, 'utf8')))
  loaded ??= PersonalDataInventory.parse(JSON.parse(readFileSync(path, 'utf8')))
  return loaded
}
