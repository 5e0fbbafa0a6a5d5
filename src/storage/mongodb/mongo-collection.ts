import { randomUUID } from 'node:crypto'
import type { ClientSession, Collection, Document } from 'mongodb'
import type {
  DeleteResult,
  Doc,
  DocumentCollection,
  Filter,
  FindOptions,
  IndexSpec,
  PipelineStage,
  Update,
  UpdateOptions,
  UpdateResult,
} from '../document-store.js'
import { toPortError } from './mongo-errors.js'

/**
 * A thin mapping of the port onto the driver; `_id`s are app-generated strings. With a session,
 * every operation is part of that session's transaction; without one, `beforeEach` refuses use from
 * inside a unit (see unit-context.ts).
 */
export class MongoCollection<T extends Doc> implements DocumentCollection<T> {
  private readonly session: { session?: ClientSession }

  constructor(
    private readonly coll: Collection<Doc>,
    session: ClientSession | null = null,
    private readonly beforeEach: () => void = () => undefined,
  ) {
    this.session = session ? { session } : {}
  }

  get name(): string {
    return this.coll.collectionName
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    this.beforeEach()
    return (await this.coll.find(filter, { ...definedOnly(options), ...this.session }).toArray()) as T[]
  }

  async findOne(filter: Filter, options: Omit<FindOptions, 'limit'> = {}): Promise<T | null> {
    this.beforeEach()
    return (await this.coll.findOne(filter, { ...definedOnly(options), ...this.session })) as T | null
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    this.beforeEach()
    return this.coll.countDocuments(filter, this.session)
  }

  async insertOne(doc: T): Promise<void> {
    await this.guard(() => this.coll.insertOne({ ...doc }, this.session))
  }

  async insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return
    await this.guard(() =>
      this.coll.insertMany(
        docs.map((doc) => ({ ...doc })),
        { ordered: true, ...this.session },
      ),
    )
  }

  async updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    const upsert = options.upsert === true
    const result = await this.guard(() =>
      this.coll.updateOne(filter, upsert ? withStringId(filter, update) : update, { upsert, ...this.session }),
    )
    return toResult(result)
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return toResult(await this.guard(() => this.coll.updateMany(filter, update, this.session)))
  }

  async replaceOne(filter: Filter, doc: T, options: UpdateOptions = {}): Promise<UpdateResult> {
    const upsert = options.upsert === true
    const replacement: Document = { ...doc }
    if (upsert && replacement._id === undefined && typeof filter._id !== 'string') replacement._id = randomUUID()
    return toResult(await this.guard(() => this.coll.replaceOne(filter, replacement, { upsert, ...this.session })))
  }

  async deleteOne(filter: Filter): Promise<DeleteResult> {
    this.beforeEach()
    const { deletedCount } = await this.coll.deleteOne(filter, this.session)
    return { deletedCount }
  }

  async deleteMany(filter: Filter): Promise<DeleteResult> {
    this.beforeEach()
    const { deletedCount } = await this.coll.deleteMany(filter, this.session)
    return { deletedCount }
  }

  async aggregate<R = Doc>(pipeline: PipelineStage[]): Promise<R[]> {
    this.beforeEach()
    return (await this.coll.aggregate(pipeline, this.session).toArray()) as R[]
  }

  async createIndex(spec: IndexSpec): Promise<void> {
    await this.guard(() =>
      this.coll.createIndex(spec.keys, {
        ...(spec.unique === undefined ? {} : { unique: spec.unique }),
        ...(spec.name === undefined ? {} : { name: spec.name }),
        ...this.session,
      }),
    )
  }

  private async guard<R>(operation: () => Promise<R>): Promise<R> {
    this.beforeEach()
    try {
      return await operation()
    } catch (error) {
      throw toPortError(error, this.name)
    }
  }
}

/** The server would give an upserted document an ObjectId; give it a string id unless the filter or update sets one. */
function withStringId(filter: Filter, update: Update): Update {
  if (typeof filter._id === 'string' || mentionsId(update.$set) || mentionsId(update.$setOnInsert)) return update
  const setOnInsert = typeof update.$setOnInsert === 'object' && update.$setOnInsert !== null ? update.$setOnInsert : {}
  return { ...update, $setOnInsert: { ...setOnInsert, _id: randomUUID() } }
}

function mentionsId(fields: unknown): boolean {
  return typeof fields === 'object' && fields !== null && '_id' in fields
}

function toResult(result: { matchedCount: number; modifiedCount: number; upsertedId: unknown }): UpdateResult {
  const { matchedCount, modifiedCount, upsertedId } = result
  return {
    matchedCount,
    modifiedCount,
    upsertedId: upsertedId === null || upsertedId === undefined ? null : String(upsertedId),
  }
}

function definedOnly<O extends object>(options: O): Partial<O> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<O>
}
