import type { DocumentCollection, DocumentStore, Transaction } from '../storage/document-store.js'
import { isEuLanguage, type Locale } from '../i18n/locales.js'
import type { Role, User } from './account.js'

interface UserDoc {
  _id: string
  email: string
  name: string
  role: Role
  organisationId: string | null
  affiliation: string | null
  locale?: Locale | null
  passwordHash: string
  createdAt: string
  updatedAt: string
  passwordChangedAt: string
  [key: string]: unknown
}

export interface NewUser extends User {
  passwordHash: string
}

/** Domain verbs over `users`. The password hash never leaves this file except through `credentialsByEmail`. */
export class UserRepository {
  private readonly collection: DocumentCollection<UserDoc>

  constructor(store: DocumentStore) {
    this.collection = store.collection<UserDoc>('users')
  }

  /** The collection, or its view in the caller's unit of writes. */
  private in(tx: Transaction | undefined): DocumentCollection<UserDoc> {
    return tx ? tx.collection<UserDoc>('users') : this.collection
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ keys: { email: 1 }, unique: true, name: 'email_unique' })
    await this.collection.createIndex({ keys: { organisationId: 1 }, name: 'organisationId' })
  }

  /** Rejects with DuplicateKeyError when the (normalised) email is taken. */
  async insert(user: NewUser, tx?: Transaction): Promise<void> {
    const { id, passwordHash, ...rest } = user
    await this.in(tx).insertOne({ _id: id, ...rest, passwordHash, passwordChangedAt: user.createdAt })
  }

  async get(id: string): Promise<User | null> {
    const doc = await this.collection.findOne({ _id: id })
    return doc ? fromDoc(doc) : null
  }

  async getByEmail(email: string): Promise<User | null> {
    const doc = await this.collection.findOne({ email })
    return doc ? fromDoc(doc) : null
  }

  async credentialsByEmail(email: string): Promise<{ user: User; passwordHash: string } | null> {
    const doc = await this.collection.findOne({ email })
    return doc ? { user: fromDoc(doc), passwordHash: doc.passwordHash } : null
  }

  async passwordHash(id: string): Promise<string | null> {
    const doc = await this.collection.findOne({ _id: id }, { projection: { passwordHash: 1 } })
    return doc?.passwordHash ?? null
  }

  async setPasswordHash(id: string, passwordHash: string, at: string, tx?: Transaction): Promise<void> {
    await this.in(tx).updateOne({ _id: id }, { $set: { passwordHash, passwordChangedAt: at, updatedAt: at } })
  }

  async setLocale(id: string, locale: Locale): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { locale } })
  }

  async setRole(id: string, role: Role, at: string, tx?: Transaction): Promise<void> {
    await this.in(tx).updateOne({ _id: id }, { $set: { role, updatedAt: at } })
  }

  async inOrganisation(organisationId: string): Promise<User[]> {
    const docs = await this.collection.find({ organisationId }, { sort: { createdAt: 1, _id: 1 } })
    return docs.map(fromDoc)
  }

  async list(options: { skip: number; limit: number }): Promise<User[]> {
    const docs = await this.collection.find(
      {},
      { sort: { createdAt: -1, _id: 1 }, skip: options.skip, limit: options.limit },
    )
    return docs.map(fromDoc)
  }

  /** Every account (of one role when given), newest first: the administrators' search filters these (few thousand at most). */
  async allOf(role: Role | undefined): Promise<User[]> {
    const docs = await this.collection.find(role ? { role } : {}, { sort: { createdAt: -1, _id: 1 } })
    return docs.map(fromDoc)
  }

  count(): Promise<number> {
    return this.collection.countDocuments({})
  }
}

function fromDoc(doc: UserDoc): User {
  return {
    id: doc._id,
    email: doc.email,
    name: doc.name,
    role: doc.role,
    organisationId: doc.organisationId ?? null,
    affiliation: doc.affiliation ?? null,
    locale: typeof doc.locale === 'string' && isEuLanguage(doc.locale) ? doc.locale : null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  }
}
