import { Aggregator, Query } from 'mingo'
import type { AnyObject } from 'mingo/types'
import type { Doc, Filter, FindOptions, PipelineStage } from '../document-store.js'
import type { CollectionState } from './collection-state.js'
import { compilePipeline, Unsupported } from './fast-aggregate.js'
import { isPlainObject } from './mongo-update.js'
import type { StoreState } from './store-state.js'

// Filters come from JSON; no `$where` or `$function` code.
const MINGO_OPTIONS = { scriptEnabled: false }

/** Matching documents in natural (insertion) order. They are the stored frozen objects: copy before returning. */
export function matchDocs(coll: CollectionState | undefined, filter: Filter, firstOnly = false): Doc[] {
  if (!coll) return []
  const query = new Query<AnyObject>(filter, MINGO_OPTIONS)
  const matches: Doc[] = []
  for (const doc of candidates(coll, filter)) {
    if (!query.test(doc)) continue
    matches.push(doc)
    if (firstOnly) break
  }
  return matches
}

export function findDocs(coll: CollectionState | undefined, filter: Filter, options: FindOptions): AnyObject[] {
  if (!coll) return []
  // Picking top-level fields is what most reads ask for: done here, without mingo's general projection.
  const fields = topLevelInclusion(options.projection)
  if (fields && Object.keys(filter).length === 0 && !(options.sort && Object.keys(options.sort).length > 0)) {
    // Every document, in natural order (the review reads every response's version this way).
    const all = coll.all()
    const from = options.skip ?? 0
    return all.slice(from, options.limit ? from + options.limit : undefined).map((doc) => pick(doc, fields))
  }
  const cursor = new Query<AnyObject>(filter, MINGO_OPTIONS).find<AnyObject>(
    candidates(coll, filter),
    fields ? undefined : options.projection,
  )
  if (options.sort && Object.keys(options.sort).length > 0) cursor.sort(options.sort)
  if (options.skip) cursor.skip(options.skip)
  if (options.limit) cursor.limit(options.limit)
  const docs = cursor.all()
  return fields ? docs.map((doc) => pick(doc, fields)) : docs
}

/** The fields of a projection that only includes top-level fields (`{a: 1, b: 1}`, `_id` kept unless `_id: 0`). */
function topLevelInclusion(projection: FindOptions['projection']): string[] | null {
  if (!projection) return null
  const entries = Object.entries(projection)
  const included = entries.filter(
    ([key, value]) => key !== '_id' && value === 1 && !key.includes('.') && !key.startsWith('$'),
  )
  const id = projection._id
  if (included.length === 0 || included.length + (id === undefined ? 0 : 1) !== entries.length) return null
  return id === 0 ? included.map(([key]) => key) : ['_id', ...included.map(([key]) => key)]
}

function pick(doc: AnyObject, fields: readonly string[]): AnyObject {
  const out: AnyObject = {}
  for (const field of fields) if (doc[field] !== undefined) out[field] = doc[field]
  return out
}

/**
 * Runs a pipeline with mingo. mingo may write into nested input objects in stages such as `$set`,
 * so inputs are copied unless every stage only reads (stored documents are frozen either way).
 */
export function aggregateDocs(state: StoreState, name: string, pipeline: PipelineStage[]): AnyObject[] {
  // mingo would write `$out`/`$merge` results into a throwaway array; say so instead.
  if (pipeline.some((stage) => '$out' in stage || '$merge' in stage))
    throw new Error('The embedded store does not support $out or $merge')
  const stored = {
    all: (collection: string): readonly AnyObject[] => state.get(collection)?.all() ?? [],
    byId: (collection: string, id: string): AnyObject | undefined => state.get(collection)?.docs.get(id),
  }
  try {
    // The compiled subset never writes into documents, so it reads the stored ones directly.
    return [...compilePipeline(pipeline, stored)(stored.all(name))]
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error
  }
  const readOnly = pipeline.every(isReadOnlyStage)
  const source = (collection: string): AnyObject[] => {
    const docs = state.get(collection)?.all() ?? []
    return readOnly ? [...docs] : docs.map((doc) => structuredClone(doc))
  }
  let stages = pipeline
  let input: AnyObject[]
  const first = pipeline[0]
  if (!readOnly && first && isPlainObject(first.$match)) {
    // Filter before copying: most pipelines start by narrowing the collection.
    input = matchDocs(state.get(name), first.$match).map((doc) => structuredClone(doc))
    stages = pipeline.slice(1)
  } else {
    input = source(name)
  }
  return new Aggregator(stages, { ...MINGO_OPTIONS, collectionResolver: source }).run<AnyObject>(input)
}

const READ_ONLY_STAGES = new Set([
  '$match',
  '$sort',
  '$skip',
  '$limit',
  '$count',
  '$group',
  '$project',
  '$sortByCount',
  '$unwind',
  '$bucket',
  '$bucketAuto',
])

function isReadOnlyStage(stage: PipelineStage): boolean {
  const entries = Object.entries(stage)
  if (entries.length !== 1 || !entries[0]) return false
  const [name, spec] = entries[0]
  if (READ_ONLY_STAGES.has(name)) return true
  if (name === '$facet' && isPlainObject(spec)) {
    return Object.values(spec).every(
      (sub) => Array.isArray(sub) && sub.every((s) => isPlainObject(s) && isReadOnlyStage(s)),
    )
  }
  if (name === '$lookup' && isPlainObject(spec)) {
    const sub = spec.pipeline
    return sub === undefined || (Array.isArray(sub) && sub.every((s) => isPlainObject(s) && isReadOnlyStage(s)))
  }
  return false
}

/** The documents a filter can match: by `_id` (one, or `$in` a list) when it names them, else all. */
function candidates(coll: CollectionState, filter: Filter): readonly Doc[] {
  const id = filter._id
  if (typeof id === 'string') {
    const doc = coll.docs.get(id)
    return doc ? [doc] : []
  }
  const ids =
    isPlainObject(id) &&
    Object.keys(id).length === 1 &&
    Array.isArray(id.$in) &&
    id.$in.every((x) => typeof x === 'string')
      ? (id.$in as string[])
      : null
  if (!ids) return coll.all()
  // A set look-up per document instead of a list search, in natural order as a scan gives them.
  const wanted = new Set(ids)
  return coll.all().filter((doc) => wanted.has(doc._id))
}
