import { join } from 'node:path'
import { BSON } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readQuestionnaireFiles } from '../../src/questionnaires/questionnaire-files.js'
import { QuestionnaireRepository } from '../../src/questionnaires/questionnaire-repository.js'
import { applyQuestionnaireSeed } from '../../src/questionnaires/questionnaire-seed.js'
import type { ResponseService } from '../../src/questionnaires/response-service.js'
import { ReviewFilters } from '../../src/review/review-query.js'
import { ReviewService } from '../../src/review/review-service.js'
import { SEED_DIR_PATH } from '../../src/seed/seed-dir.js'
import type { Doc, DocumentCollection, DocumentStore } from '../../src/storage/document-store.js'
import { openEmbeddedStore } from '../../src/storage/embedded/embedded-store.js'
import { allQuestions } from '../../src/questionnaires/definition.js'
import { questionnairesFrom, syntheticResponses } from '../../src/synthetic/synthetic-responses.js'
import { serverKind } from '../helpers/mongodb-server.js'
import { openTestStore, TEST_MONGODB_URI } from '../helpers/test-store.js'
import { tempDirs } from './temp-dirs.js'

/**
 * No document over 16 MiB, ever (MongoDB's limit on one document, also on what a pipeline stage
 * builds): the review reads responses one stored document at a time, so the largest document any
 * store call returns is never larger than the largest stored response, whatever the number of
 * responses or the length of their answers. Measured at 10,000 synthetic responses whose every
 * free-text answer is as long as its question allows (a city response carries ~11,750 characters of
 * free text, each text different), on each engine.
 */
/** FerretDB reads large documents slowly (10,000 of these responses take minutes): there the same check runs at 2,000. */
const RESPONSES = serverKind === 'ferretdb' ? 2000 : 10_000
const dirs = tempDirs('review-size-')
afterAll(() => dirs.removeAll())

const engines: [string, () => Promise<DocumentStore>][] = [
  ['embedded', () => openEmbeddedStore({ dataDir: dirs.make() })],
]
if (TEST_MONGODB_URI) engines.push(['mongodb', () => openTestStore('', 'review_size')])

/** Records the BSON size of every document the store hands back. */
function measured(store: DocumentStore): { store: DocumentStore; largest: () => number } {
  let largest = 0
  const note = <R>(docs: R[]): R[] => {
    for (const doc of docs) largest = Math.max(largest, BSON.calculateObjectSize(doc as Doc))
    return docs
  }
  const wrap = (coll: DocumentCollection): DocumentCollection =>
    Object.assign(Object.create(coll) as DocumentCollection, {
      find: async (...args: Parameters<DocumentCollection['find']>) => note(await coll.find(...args)),
      findOne: async (...args: Parameters<DocumentCollection['findOne']>) =>
        note([await coll.findOne(...args)].filter((d) => d !== null))[0] ?? null,
      aggregate: async (...args: Parameters<DocumentCollection['aggregate']>) => note(await coll.aggregate(...args)),
    })
  const view = Object.assign(Object.create(store) as DocumentStore, {
    collection: (name: string) => wrap(store.collection(name)),
  })
  return { store: view, largest: () => largest }
}

/** Every free-text answer as long as its question allows, and different in every response. */
function lengthenTexts(response: Record<string, unknown>, definition: Parameters<typeof allQuestions>[0]): void {
  const filler = 'Our department needs advice on blending grants with loans for reception and housing. '
  const long = (max: number) =>
    `${response._id as string}: ${filler.repeat(Math.ceil(max / filler.length))}`.slice(0, max)
  const answers = { ...(response.answers as Record<string, unknown>) }
  for (const q of allQuestions(definition)) if (q.type === 'long_text') answers[q.id] = long(q.maxLength ?? 5000)
  response.answers = answers
  const submission = response.submission as { answers: Record<string, unknown> } | null
  if (submission) response.submission = { ...submission, answers }
}

describe.each(engines)('review figures at %s scale', (engine, open) => {
  let store: DocumentStore
  let largestResponse = 0
  let longestText = 0
  beforeAll(async () => {
    store = await open()
    const definitions = readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires'))
    await applyQuestionnaireSeed(store, definitions, '2026-01-01T00:00:00.000Z', {
      inserted: 0,
      updated: 0,
      unchanged: 0,
      keptEdits: 0,
    })
    const latest = questionnairesFrom(definitions)
    const { organisations, responses } = syntheticResponses(RESPONSES, latest)
    for (const response of responses) {
      lengthenTexts(response, latest.get(response.respondentType as never)!)
      largestResponse = Math.max(largestResponse, BSON.calculateObjectSize(response))
      const texts = Object.values(response.answers as Record<string, unknown>).filter(
        (a): a is string => typeof a === 'string',
      )
      longestText = Math.max(
        longestText,
        texts.reduce((sum, text) => sum + text.length, 0),
      )
    }
    for (let i = 0; i < organisations.length; i += 1000)
      await store.collection('organisations').insertMany(organisations.slice(i, i + 1000))
    for (let i = 0; i < responses.length; i += 500)
      await store.collection('responses').insertMany(responses.slice(i, i + 500))
  }, 600_000)
  afterAll(async () => {
    await store.close()
  })

  it(
    `builds no document larger than one stored response over ${RESPONSES} responses with long answers (${engine})`,
    { timeout: 600_000 },
    async () => {
      expect(longestText).toBeGreaterThan(10_000)

      const probe = measured(store)
      const definitions = new QuestionnaireRepository(store)
      const review = new ReviewService(probe.store, {
        definition: (type: never, version: number) => definitions.get(type, version),
      } as unknown as ResponseService)
      const filters = ReviewFilters.parse({ includeDemo: 'true' })
      const summary = await review.summary(filters)
      // Changed (issue #18): shared drafts count only when asked for (includeDrafts).
      const visible = await store.collection('responses').countDocuments({ synthetic: true, status: { $ne: 'draft' } })
      expect(summary.total).toBe(visible)
      expect(summary.total).toBeGreaterThan(RESPONSES / 2)
      expect(summary.total).toBeLessThanOrEqual(RESPONSES)
      const list = await review.list(filters, 1, 50)
      expect(list.total).toBe(visible)
      expect(list.items).toHaveLength(50)

      // What the store handed back: each document no larger than the largest response (far below 16 MiB).
      expect(probe.largest()).toBeGreaterThan(0)
      expect(probe.largest()).toBeLessThanOrEqual(largestResponse)
      expect(largestResponse).toBeLessThan(16 * 1024 * 1024)
    },
  )
})
