import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { SEED_DIR_PATH } from '../seed/seed-dir.js'
import { RESPONDENT_TYPES, type RespondentType } from '../shared/codelists.js'

/**
 * One id per concept across the four questionnaires (issue #18, docs/adr/068): which question id
 * each published version of each respondent type uses for a shared concept, from
 * `seed/questionnaire-shared-ids.json`. The concept's name is its id from version 3 on.
 */
const QuestionId = z.string().regex(/^[a-z][a-z0-9_]*$/)
const IdsByVersion = z.record(z.string().regex(/^[1-9]\d*$/), QuestionId)
export const SharedIdsFile = z.strictObject({
  $comment: z.string().optional(),
  concepts: z.record(
    QuestionId,
    z.strictObject({
      meaning: z.string().min(1),
      ids: z.partialRecord(z.enum(RESPONDENT_TYPES), IdsByVersion),
    }),
  ),
  /** Ids whose own options differ by type on purpose, with the reason (the options they share mean the same). */
  optionsVaryByType: z.record(QuestionId, z.string().min(1)),
})
export type SharedIdsFile = z.infer<typeof SharedIdsFile>

export const SHARED_IDS_PATH = join(SEED_DIR_PATH, 'questionnaire-shared-ids.json')

export function readSharedIds(path = SHARED_IDS_PATH): SharedIdsFile {
  const parsed = SharedIdsFile.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

export const SHARED_IDS: SharedIdsFile = readSharedIds()
export type SharedConcept = string

/** The id a version of a type uses for a concept; undefined when that version does not ask it. */
export function sharedIdIn(concept: SharedConcept, type: RespondentType, version: number): string | undefined {
  return SHARED_IDS.concepts[concept]?.ids[type]?.[String(version)]
}

/** Every id a type has used for a concept, newest version first (for answers of any version). */
export function sharedIdsOf(concept: SharedConcept, type: RespondentType): string[] {
  const byVersion = SHARED_IDS.concepts[concept]?.ids[type] ?? {}
  const versions = Object.keys(byVersion).sort((a, b) => Number(b) - Number(a))
  return [...new Set(versions.map((v) => byVersion[v] as string))]
}

/**
 * Where a response of this type and version keeps the answer asked for by `questionId`: a shared
 * concept's id reads the version's own id for it; any other id is read as it is.
 */
export function storedIdFor(questionId: string, type: RespondentType, version: number): string {
  if (!(questionId in SHARED_IDS.concepts)) return questionId
  return sharedIdIn(questionId, type, version) ?? questionId
}
