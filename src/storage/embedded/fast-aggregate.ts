import { Aggregator, Query } from 'mingo'
import type { AnyObject } from 'mingo/types'
import { compare, isEqual } from 'mingo/util'
import type { PipelineStage } from '../document-store.js'
import { isPlainObject } from './mongo-update.js'

/**
 * A compiled evaluator for the common, read-only part of the aggregation language (docs/adr/018).
 * mingo interprets every expression for every document (10-20 µs per document per stage), which
 * made the review summary's 300,000 unwound answers take 15 s; compiled closures take well under a
 * microsecond. The semantics follow mingo's, which the store contract suite and a differential
 * property test check. Anything outside the subset – an unknown stage or operator, or a value
 * shape the subset does not cover – raises `Unsupported`, and the caller runs the whole pipeline
 * with mingo instead. Nothing here writes into its input documents.
 */

export class Unsupported extends Error {}

type Doc = AnyObject
type Expr = (doc: Doc) => unknown
type Stage = (docs: readonly Doc[]) => readonly Doc[]
export interface CollectionSource {
  all(name: string): readonly Doc[]
  /** One document by `_id` (a `$lookup` on `_id` needs no scan). */
  byId(name: string, id: string): Doc | undefined
}

const MINGO_OPTIONS = { scriptEnabled: false }
/** Stages mingo runs without writing into documents: delegated one by one when not compiled here. */
const MINGO_READ_ONLY = new Set(['$sortByCount', '$bucket', '$bucketAuto'])

const unsupported = (what: string): never => {
  throw new Unsupported(what)
}

/** Compiles a pipeline, or throws `Unsupported` at once if a stage or operator is outside the subset. */
export function compilePipeline(pipeline: PipelineStage[], source: CollectionSource): Stage {
  const stages = pipeline.map((stage) => compileStage(stage, source))
  return (docs) => stages.reduce((input, stage) => stage(input), docs)
}

function compileStage(stage: PipelineStage, source: CollectionSource): Stage {
  const entries = Object.entries(stage)
  if (entries.length !== 1) return unsupported('a stage with several keys')
  const [name, spec] = entries[0]!
  switch (name) {
    case '$match': {
      if (!isPlainObject(spec)) return unsupported('$match')
      // `_id: {$in: [...]}` by a set lookup (mingo intersects the list for every document).
      const ids = idList(spec._id)
      if (ids) {
        const { _id: _ignored, ...rest } = spec
        const query = Object.keys(rest).length > 0 ? new Query<Doc>(rest, MINGO_OPTIONS) : null
        return (docs) => docs.filter((doc) => ids.has(doc._id as string) && (query === null || query.test(doc)))
      }
      const query = new Query<Doc>(spec, MINGO_OPTIONS)
      return (docs) => docs.filter((doc) => query.test(doc))
    }
    case '$project':
      return compileProject(spec)
    case '$addFields':
    case '$set':
      return compileAddFields(spec)
    case '$unwind':
      return compileUnwind(spec)
    case '$group':
      return compileGroup(spec)
    case '$facet': {
      if (!isPlainObject(spec)) return unsupported('$facet')
      const branches = Object.entries(spec).map(([key, sub]) => {
        if (!Array.isArray(sub)) return unsupported('$facet branch')
        return [key, compilePipeline(sub as PipelineStage[], source)] as const
      })
      return (docs) => [Object.fromEntries(branches.map(([key, run]) => [key, run(docs)]))]
    }
    case '$count':
      if (typeof spec !== 'string' || spec === '' || spec.startsWith('$') || spec.includes('.'))
        return unsupported('$count')
      return (docs) => [{ [spec]: docs.length }]
    case '$skip':
      if (!Number.isInteger(spec) || (spec as number) < 0) return unsupported('$skip')
      return (docs) => docs.slice(spec as number)
    case '$limit':
      if (!Number.isInteger(spec) || (spec as number) <= 0) return unsupported('$limit')
      return (docs) => docs.slice(0, spec as number)
    case '$sort': {
      // mingo's sort (stable, with its type order) on documents it only reads.
      const aggregator = new Aggregator([stage], MINGO_OPTIONS)
      return (docs) => aggregator.run<Doc>(docs as Doc[])
    }
    case '$lookup':
      return compileLookup(spec, source)
    default: {
      if (!MINGO_READ_ONLY.has(name)) return unsupported(name)
      const aggregator = new Aggregator([stage], MINGO_OPTIONS)
      return (docs) => aggregator.run<Doc>(docs as Doc[])
    }
  }
}

/** The ids of `{$in: ['a', 'b']}` (strings only), else null. */
function idList(condition: unknown): Set<string> | null {
  if (!isPlainObject(condition) || Object.keys(condition).length !== 1 || !Array.isArray(condition.$in)) return null
  const list = condition.$in as unknown[]
  return list.every((id) => typeof id === 'string') ? new Set(list as string[]) : null
}

// ---------------------------------------------------------------------------------------------
// Expressions

/** A top-level field path such as `a.b` (no `$$` variables, no numeric parts). */
function fieldPath(path: string): string[] {
  const parts = path.split('.')
  if (parts.some((part) => part === '' || /^\d+$/.test(part) || part.startsWith('$')))
    return unsupported(`path ${path}`)
  return parts
}

/** `$a.b` as mingo resolves it: through arrays of documents, skipping those without the field. */
function resolvePath(parts: string[]): Expr {
  if (parts.length === 1) {
    const [key] = parts as [string]
    return (doc) => doc[key]
  }
  const walk = (value: unknown, i: number): unknown => {
    if (i === parts.length) return value
    if (Array.isArray(value)) {
      const out: unknown[] = []
      for (const item of value) {
        if (!isPlainObject(item)) return unsupported('a path through an array of non-documents')
        const found = walk(item, i)
        if (found !== undefined) out.push(found)
      }
      return out
    }
    if (!isPlainObject(value)) return undefined
    return walk(value[parts[i]!], i + 1)
  }
  return (doc) => walk(doc, 0)
}

const truthy = (value: unknown): boolean => !(value === false || value === null || value === undefined || value === 0)
const isNil = (value: unknown): boolean => value === null || value === undefined

function args(spec: unknown, n: number | [number, number], name: string): Expr[] {
  const list = Array.isArray(spec) ? spec : [spec]
  const [min, max] = typeof n === 'number' ? [n, n] : n
  if (list.length < min || list.length > max) return unsupported(`${name} arguments`)
  return list.map(compileExpr)
}

const OPERATORS: Record<string, (spec: unknown) => Expr> = {
  $literal: (spec) => () => spec,
  $cond: (spec) => {
    const [test, then, otherwise] = Array.isArray(spec)
      ? args(spec, 3, '$cond')
      : isPlainObject(spec) && 'if' in spec && 'then' in spec && 'else' in spec
        ? [compileExpr(spec.if), compileExpr(spec.then), compileExpr(spec.else)]
        : unsupported('$cond')
    return (doc) => (truthy(test!(doc)) ? then!(doc) : otherwise!(doc))
  },
  $switch: (spec) => {
    if (!isPlainObject(spec) || !Array.isArray(spec.branches)) return unsupported('$switch')
    const branches = spec.branches.map((branch) => {
      if (!isPlainObject(branch)) return unsupported('$switch branch')
      return [compileExpr(branch.case), compileExpr(branch.then)] as const
    })
    const fallback = 'default' in spec ? compileExpr(spec.default) : () => undefined
    return (doc) => {
      for (const [test, then] of branches) if (truthy(test(doc))) return then(doc)
      return fallback(doc)
    }
  },
  $ifNull: (spec) => {
    const list = args(spec, [2, 100], '$ifNull')
    return (doc) => {
      for (let i = 0; i < list.length - 1; i++) {
        const value = list[i]!(doc)
        if (!isNil(value)) return value
      }
      return list[list.length - 1]!(doc)
    }
  },
  $eq: (spec) => {
    const [x, y] = args(spec, 2, '$eq')
    return (doc) => equal(x!(doc), y!(doc))
  },
  $ne: (spec) => {
    const [x, y] = args(spec, 2, '$ne')
    return (doc) => !equal(x!(doc), y!(doc))
  },
  $and: (spec) => {
    const list = args(spec, [0, 100], '$and')
    return (doc) => list.every((e) => truthy(e(doc)))
  },
  $or: (spec) => {
    const list = args(spec, [0, 100], '$or')
    return (doc) => list.some((e) => truthy(e(doc)))
  },
  $not: (spec) => {
    const [x] = args(spec, 1, '$not')
    return (doc) => !truthy(x!(doc))
  },
  $in: (spec) => {
    const [x, list] = args(spec, 2, '$in')
    return (doc) => {
      const values = list!(doc)
      if (!Array.isArray(values)) return unsupported('$in over a non-array')
      const value = x!(doc)
      return values.some((item) => isEqual(item as never, value as never))
    }
  },
  $isArray: (spec) => {
    const [x] = args(spec, 1, '$isArray')
    return (doc) => Array.isArray(x!(doc))
  },
  $isNumber: (spec) => {
    const [x] = args(spec, 1, '$isNumber')
    return (doc) => typeof x!(doc) === 'number'
  },
  $size: (spec) => {
    const [x] = args(spec, 1, '$size')
    return (doc) => {
      const value = x!(doc)
      return Array.isArray(value) ? value.length : unsupported('$size of a non-array')
    }
  },
  $arrayElemAt: (spec) => {
    const [list, index] = args(spec, 2, '$arrayElemAt')
    return (doc) => {
      const values = list!(doc)
      const i = index!(doc)
      if (!Array.isArray(values) || typeof i !== 'number' || !Number.isInteger(i))
        return unsupported('$arrayElemAt arguments')
      return i < 0 ? values[values.length + i] : values[i]
    }
  },
  $objectToArray: (spec) => {
    const [x] = args(spec, 1, '$objectToArray')
    return (doc) => {
      const value = x!(doc)
      if (isNil(value)) return null
      if (!isPlainObject(value)) return unsupported('$objectToArray of a non-document')
      return Object.entries(value).map(([k, v]) => ({ k, v }))
    }
  },
}

/**
 * Equality as mingo's `$eq`: missing and null are equal. mingo matches an array on the left when
 * one of its items is equal (query semantics); that case is left to mingo.
 */
function equal(x: unknown, y: unknown): boolean {
  if (Array.isArray(x)) return unsupported('$eq of an array')
  if (x === y) return true
  if (isNil(x) || isNil(y)) return isNil(x) && isNil(y)
  if (typeof x !== 'object' && typeof y !== 'object' && !(Number.isNaN(x) && Number.isNaN(y))) return false
  return isEqual(x as never, y as never)
}

export function compileExpr(spec: unknown): Expr {
  if (typeof spec === 'string') {
    if (spec.startsWith('$$')) return unsupported('variables')
    if (spec.startsWith('$')) return resolvePath(fieldPath(spec.slice(1)))
    return () => spec
  }
  if (spec === null || typeof spec === 'number' || typeof spec === 'boolean') return () => spec
  if (Array.isArray(spec)) {
    const items = spec.map(compileExpr)
    // A missing value inside an array literal becomes null.
    return (doc) => items.map((item) => item(doc) ?? null)
  }
  if (isPlainObject(spec)) {
    const keys = Object.keys(spec)
    if (keys.length === 1 && keys[0]!.startsWith('$')) {
      const operator = OPERATORS[keys[0]!]
      return operator ? operator(spec[keys[0]!]) : unsupported(keys[0]!)
    }
    if (keys.some((key) => key.startsWith('$') || key.includes('.'))) return unsupported('an operator among fields')
    const fields = keys.map((key) => [key, compileExpr(spec[key])] as const)
    return (doc) => {
      const out: Doc = {}
      for (const [key, expr] of fields) {
        const value = expr(doc)
        if (value !== undefined) out[key] = value
      }
      return out
    }
  }
  return unsupported(`a ${typeof spec} expression`)
}

// ---------------------------------------------------------------------------------------------
// Stages

function compileProject(spec: unknown): Stage {
  if (!isPlainObject(spec)) return unsupported('$project')
  let keepId = true
  const included: string[] = []
  const computed: [string, Expr][] = []
  for (const [key, value] of Object.entries(spec)) {
    if (key.startsWith('$') || key.includes('.')) return unsupported('$project of a nested or $ field')
    if (key === '_id' && (value === 0 || value === false)) keepId = false
    else if (value === 1 || value === true) included.push(key)
    else if (value === 0 || value === false) return unsupported('an exclusion $project')
    else if (isPlainObject(value) && !Object.keys(value).some((k) => k.startsWith('$')))
      return unsupported('a nested $project')
    else if (typeof value === 'number') return unsupported('a numeric $project value')
    else computed.push([key, compileExpr(value)])
  }
  if (keepId && !included.includes('_id') && !computed.some(([key]) => key === '_id')) included.unshift('_id')
  return (docs) =>
    docs.map((doc) => {
      const out: Doc = {}
      for (const key of included) if (doc[key] !== undefined) out[key] = doc[key]
      for (const [key, expr] of computed) {
        const value = expr(doc)
        if (value !== undefined) out[key] = value
      }
      return out
    })
}

function compileAddFields(spec: unknown): Stage {
  if (!isPlainObject(spec)) return unsupported('$addFields')
  const fields = Object.entries(spec).map(([key, value]) => {
    if (key.startsWith('$') || key.includes('.')) return unsupported('$addFields of a nested or $ field')
    if (isPlainObject(value) && !Object.keys(value).some((k) => k.startsWith('$')))
      return unsupported('a nested $addFields')
    return [key, compileExpr(value)] as const
  })
  return (docs) =>
    docs.map((doc) => {
      const out: Doc = { ...doc }
      for (const [key, expr] of fields) {
        const value = expr(doc)
        if (value === undefined) delete out[key]
        else out[key] = value
      }
      return out
    })
}

function compileUnwind(spec: unknown): Stage {
  const options = typeof spec === 'string' ? { path: spec } : isPlainObject(spec) ? spec : unsupported('$unwind')
  const { path, includeArrayIndex, preserveNullAndEmptyArrays } = options as {
    path?: unknown
    includeArrayIndex?: unknown
    preserveNullAndEmptyArrays?: unknown
  }
  if (typeof path !== 'string' || !path.startsWith('$') || preserveNullAndEmptyArrays === true)
    return unsupported('$unwind options')
  if (Object.keys(options).some((key) => !['path', 'includeArrayIndex', 'preserveNullAndEmptyArrays'].includes(key)))
    return unsupported('$unwind options')
  const parts = fieldPath(path.slice(1))
  if (parts.length !== 1) return unsupported('$unwind of a nested field')
  const field = parts[0]!
  if (
    includeArrayIndex !== undefined &&
    (typeof includeArrayIndex !== 'string' ||
      includeArrayIndex === '' ||
      includeArrayIndex.startsWith('$') ||
      includeArrayIndex.includes('.'))
  ) {
    return unsupported('$unwind includeArrayIndex')
  }
  const indexField = includeArrayIndex as string | undefined
  return (docs) => {
    const out: Doc[] = []
    for (const doc of docs) {
      const value = doc[field]
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const copy: Doc = { ...doc, [field]: value[i] }
          if (indexField !== undefined) copy[indexField] = i
          out.push(copy)
        }
      } else if (!isNil(value)) {
        out.push(indexField === undefined ? doc : { ...doc, [indexField]: null })
      }
    }
    return out
  }
}

interface Accumulator {
  init(): unknown
  add(state: unknown, doc: Doc): unknown
  done(state: unknown): unknown
}

function accumulator(spec: unknown): Accumulator {
  if (!isPlainObject(spec) || Object.keys(spec).length !== 1) return unsupported('an accumulator')
  const [name, arg] = Object.entries(spec)[0]!
  if (name === '$count') {
    if (!isPlainObject(arg) || Object.keys(arg).length > 0) return unsupported('$count accumulator')
    return { init: () => 0, add: (n) => (n as number) + 1, done: (n) => n }
  }
  const expr = compileExpr(arg)
  const pick = (better: (c: number) => boolean): Accumulator => ({
    init: () => undefined,
    add: (best, doc) => {
      const value = expr(doc)
      if (isNil(value)) return best
      return best === undefined || better(compare(value as never, best as never)) ? value : best
    },
    done: (best) => best ?? null,
  })
  switch (name) {
    case '$sum':
      return {
        init: () => 0,
        add: (sum, doc) => {
          const value = expr(doc)
          return typeof value === 'number' ? (sum as number) + value : sum
        },
        done: (sum) => sum,
      }
    case '$avg':
      return {
        init: () => [0, 0],
        add: (state, doc) => {
          const value = expr(doc)
          const [sum, n] = state as [number, number]
          return typeof value === 'number' ? [sum + value, n + 1] : state
        },
        done: (state) => {
          const [sum, n] = state as [number, number]
          return n === 0 ? null : sum / n
        },
      }
    case '$min':
      return pick((c) => c < 0)
    case '$max':
      return pick((c) => c > 0)
    case '$push':
      return {
        init: () => [],
        add: (list, doc) => {
          ;(list as unknown[]).push(expr(doc) ?? null)
          return list
        },
        done: (list) => list,
      }
    case '$first':
      return {
        init: () => FIRST_UNSET,
        add: (state, doc) => (state === FIRST_UNSET ? (expr(doc) ?? null) : state),
        done: (state) => (state === FIRST_UNSET ? null : state),
      }
    case '$last':
      return { init: () => null, add: (_state, doc) => expr(doc) ?? null, done: (state) => state }
    default:
      return unsupported(name)
  }
}
const FIRST_UNSET = Symbol('unset')

/**
 * A group key: type-tagged and self-delimiting (strings carry their length), so 1 and "1", null and
 * missing stay apart as they do in mingo, and no two different values share a key.
 */
function keyOf(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'u'
    case 'string':
      return `s${value.length}:${value}`
    case 'number':
      return `n${value};`
    case 'boolean':
      return value ? 'T' : 'F'
    case 'object': {
      if (value === null) return 'z'
      if (Array.isArray(value)) return `[${value.map(keyOf).join('')}]`
      if (!isPlainObject(value)) return unsupported('a group key of this type')
      let key = '{'
      for (const k in value) key += `${k.length}:${k}${keyOf(value[k])}`
      return `${key}}`
    }
    default:
      return unsupported('a group key of this type')
  }
}

/**
 * The `_id` of `$group`: `key(doc)` computes the group key, `id()` builds the `_id` of the document
 * last keyed (only called for a new group). An object of fields (the common `{ a: '$a', b: '$b' }`)
 * is keyed field by field. No allocation per document beyond the key string.
 */
interface GroupId {
  key(doc: Doc): string
  id(): unknown
}

function compileGroupId(spec: unknown): GroupId {
  if (
    isPlainObject(spec) &&
    Object.keys(spec).length > 0 &&
    !Object.keys(spec).some((k) => k.startsWith('$') || k.includes('.'))
  ) {
    const names = Object.keys(spec)
    const prefixes = names.map((k) => `${k.length}:${k}`)
    const exprs = names.map((k) => compileExpr(spec[k]))
    const values: unknown[] = new Array(names.length)
    return {
      key(doc) {
        let key = '{'
        for (let i = 0; i < exprs.length; i++) {
          const value = exprs[i]!(doc)
          values[i] = value
          if (value !== undefined) key += prefixes[i]! + keyOf(value)
        }
        return `${key}}`
      },
      id() {
        const id: Doc = {}
        for (let i = 0; i < names.length; i++) if (values[i] !== undefined) id[names[i]!] = values[i]
        return id
      },
    }
  }
  const expr = compileExpr(spec)
  let last: unknown = null
  return {
    key(doc) {
      last = expr(doc) ?? null
      return keyOf(last)
    },
    id: () => last,
  }
}

function compileGroup(spec: unknown): Stage {
  if (!isPlainObject(spec) || !('_id' in spec)) return unsupported('$group')
  const groupId = compileGroupId(spec._id)
  const fields = Object.entries(spec)
    .filter(([key]) => key !== '_id')
    .map(([key, acc]) => {
      if (key.includes('.') || key.startsWith('$')) return unsupported('$group field')
      return [key, accumulator(acc)] as const
    })
  return (docs) => {
    const groups = new Map<string, { id: unknown; states: unknown[] }>()
    for (const doc of docs) {
      const key = groupId.key(doc)
      let group = groups.get(key)
      if (!group) {
        group = { id: groupId.id(), states: fields.map(([, acc]) => acc.init()) }
        groups.set(key, group)
      }
      for (let i = 0; i < fields.length; i++) group.states[i] = fields[i]![1].add(group.states[i], doc)
    }
    return [...groups.values()].map((group) => {
      const out: Doc = { _id: group.id }
      fields.forEach(([key, acc], i) => (out[key] = acc.done(group.states[i])))
      return out
    })
  }
}

function compileLookup(spec: unknown, source: CollectionSource): Stage {
  if (!isPlainObject(spec)) return unsupported('$lookup')
  const { from, localField, foreignField, as } = spec
  if (
    Object.keys(spec).length !== 4 ||
    typeof from !== 'string' ||
    typeof localField !== 'string' ||
    typeof foreignField !== 'string' ||
    typeof as !== 'string'
  ) {
    return unsupported('$lookup other than from/localField/foreignField/as')
  }
  const local = resolvePath(fieldPath(localField))
  const foreign = resolvePath(fieldPath(foreignField))
  const target = fieldPath(as)
  if (target.length !== 1) return unsupported('$lookup into a nested field')
  const lookupKey = (value: unknown): string =>
    isNil(value) ? 'z' : typeof value === 'object' ? unsupported('$lookup on a non-scalar') : keyOf(value)
  if (foreignField === '_id') {
    // Every document has a unique `_id`: look each one up, no scan of the other collection.
    return (docs) =>
      docs.map((doc) => {
        const value = local(doc)
        // No document lacks an `_id`, so a missing or null local value matches nothing.
        if (isNil(value)) return { ...doc, [target[0]!]: [] }
        if (typeof value !== 'string') return unsupported('$lookup on _id by a non-string')
        const found = source.byId(from, value)
        return { ...doc, [target[0]!]: found ? [found] : [] }
      })
  }
  return (docs) => {
    const byKey = new Map<string, Doc[]>()
    for (const doc of source.all(from)) {
      const key = lookupKey(foreign(doc))
      const list = byKey.get(key)
      if (list) list.push(doc)
      else byKey.set(key, [doc])
    }
    return docs.map((doc) => ({ ...doc, [target[0]!]: byKey.get(lookupKey(local(doc))) ?? [] }))
  }
}
