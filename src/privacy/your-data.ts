import type { User } from '../accounts/account.js'
import type { AuditContext, AuditLog } from '../accounts/audit-log.js'
import { AppError } from '../errors.js'
import { t, translate } from '../i18n/i18n.js'
import type { Doc, DocumentStore, Filter, Transaction } from '../storage/document-store.js'

/** Who a deleted account's work is attributed to (the name is frozen in English, like any stored name). */
export const FORMER_MEMBER_ID = 'former-member'
export const formerMemberName = (): string => translate('en', 'privacy.yourData.formerMember')

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** What happens to an organisation when this member leaves (told before the account is deleted). */
export interface LeavingView {
  lastMember: boolean
  organisationName: string | null
  responses: number
  lastAdmin: boolean
}

/**
 * "Your data" (issue 16): everything the site holds about a person, as JSON, and the deletion of the
 * account in one unit of writes. The organisation's responses, proposals and curation history stay,
 * attributed to "a former member"; sessions, tokens, open invitations and counters go.
 */
export class YourData {
  constructor(
    private readonly store: DocumentStore,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Filters for the records about `user` in each collection (the export and the deletion read the same). */
  private about(user: Pick<User, 'id' | 'email'>) {
    const keyed = { $regex: `^login:account(-ip)?:${escapeRegex(user.email)}(:|$)` }
    return {
      sessions: { userId: user.id },
      api_tokens: { userId: user.id },
      invitations: { $or: [{ createdBy: user.id }, { usedBy: user.id }] },
      login_attempts: { key: keyed },
      write_quotas: { key: { $regex: `^[a-zA-Z]+:account:${escapeRegex(user.id)}:` } },
      audit_log: { $or: [{ actorId: user.id }, { subjectEmail: user.email }, { actorEmail: user.email }] },
      responses: {
        $or: [
          { createdBy: user.id },
          { updatedBy: user.id },
          { 'history.userId': user.id },
          { 'submission.userId': user.id },
          { 'reviewLog.userId': user.id },
        ],
      },
      proposals: { $or: [{ 'proposedBy.id': user.id }, { 'decidedBy.id': user.id }] },
      curation_history: { 'by.id': user.id },
      translation_reports: { $or: [{ reporterId: user.id }, { closedBy: user.id }] },
    } satisfies Record<string, Filter>
  }

  /** Everything about the user; password and secret hashes left out (they cannot be read back). */
  async export(user: User, context: AuditContext): Promise<Record<string, unknown>> {
    const f = this.about(user)
    const find = (name: keyof typeof f, projection?: Record<string, 0 | 1>) =>
      this.store.collection(name).find(f[name], { sort: { _id: 1 }, ...(projection ? { projection } : {}) })
    const account = await this.store.collection('users').findOne({ _id: user.id }, { projection: { passwordHash: 0 } })
    const organisation = user.organisationId
      ? await this.store.collection('organisations').findOne({ _id: user.organisationId })
      : null
    const responses = await find('responses')
    const data = {
      format: 'fi-for-inclusion personal data',
      exportedAt: this.now().toISOString(),
      account,
      organisation,
      sessions: await find('sessions', { _id: 0, csrfToken: 0 }),
      apiTokens: await find('api_tokens', { tokenHash: 0 }),
      invitations: await find('invitations', { tokenHash: 0 }),
      signInAttempts: await find('login_attempts'),
      writeCounters: await find('write_quotas'),
      auditEntries: await find('audit_log'),
      // Your part of each response: what you did to it, not the organisation's answers.
      responses: responses.map((r) => ({
        id: r._id,
        organisationId: r.organisationId,
        respondentType: r.respondentType,
        history: ((r.history as { userId: string }[] | undefined) ?? []).filter((h) => h.userId === user.id),
        submission: (r.submission as { userId?: string } | null)?.userId === user.id ? r.submission : null,
        reviewLog: ((r.reviewLog as { userId: string }[] | undefined) ?? []).filter((h) => h.userId === user.id),
      })),
      proposals: await find('proposals'),
      curationHistory: await find('curation_history', { _id: 1, kind: 1, recordId: 1, version: 1, at: 1, by: 1 }),
      translationReports: await find('translation_reports'),
    }
    await this.audit.record('personal_data_downloaded', context, user.email)
    return data
  }

  async leaving(user: User): Promise<LeavingView> {
    const lastAdmin =
      user.role === 'admin' && (await this.store.collection('users').countDocuments({ role: 'admin' })) <= 1
    if (!user.organisationId) return { lastMember: false, organisationName: null, responses: 0, lastAdmin }
    const organisation = await this.store.collection('organisations').findOne({ _id: user.organisationId })
    const members = await this.store.collection('users').countDocuments({ organisationId: user.organisationId })
    const responses = await this.store.collection('responses').countDocuments({ organisationId: user.organisationId })
    return {
      lastMember: members <= 1,
      organisationName: (organisation?.name as string | undefined) ?? null,
      responses,
      lastAdmin,
    }
  }

  /** Deletes the account and everything only it needs, and records the deletion, all in one unit. */
  async deleteAccount(user: User, context: AuditContext): Promise<void> {
    if ((await this.leaving(user)).lastAdmin)
      throw new AppError(409, 'last_admin', t('privacy.yourData.lastAdmin'), {
        confirm: [t('privacy.yourData.lastAdmin')],
      })
    const f = this.about(user)
    const former = { id: FORMER_MEMBER_ID, name: formerMemberName() }
    await this.store.transaction(async (tx) => {
      await tx.collection('users').deleteOne({ _id: user.id })
      for (const name of ['sessions', 'api_tokens', 'login_attempts', 'write_quotas'] as const)
        await tx.collection(name).deleteMany(f[name])
      // An open invitation the person made dies with the account; used ones keep only who joined.
      await tx.collection('invitations').deleteMany({ createdBy: user.id, usedAt: null })
      await tx.collection('invitations').updateMany({ createdBy: user.id }, { $set: { createdBy: former.id } })
      await tx.collection('invitations').updateMany({ usedBy: user.id }, { $set: { usedBy: former.id } })
      for (const doc of await tx.collection('responses').find(f.responses))
        await tx.collection('responses').updateOne({ _id: doc._id }, { $set: anonymisedResponse(doc, user.id, former) })
      await tx.collection('proposals').updateMany({ 'proposedBy.id': user.id }, { $set: { proposedBy: former } })
      await tx.collection('proposals').updateMany({ 'decidedBy.id': user.id }, { $set: { decidedBy: former } })
      await tx.collection('curation_history').updateMany({ 'by.id': user.id }, { $set: { by: former } })
      await tx.collection('translation_reports').updateMany({ reporterId: user.id }, { $set: { reporterId: null } })
      await tx.collection('translation_reports').updateMany({ closedBy: user.id }, { $set: { closedBy: former.id } })
      await this.audit.record(
        'account_deleted',
        context,
        user.email,
        { userId: user.id, role: user.role, ...(user.organisationId ? { organisationId: user.organisationId } : {}) },
        tx as Transaction,
      )
    })
  }
}

type Former = { id: string; name: string }
type Entry = { userId: string; userName?: string }

/** The response's author fields with the person replaced by "a former member"; the answers untouched. */
function anonymisedResponse(doc: Doc, userId: string, former: Former): Record<string, unknown> {
  const swap = <E extends Entry>(entries: unknown): E[] =>
    ((entries as E[] | undefined) ?? []).map((e) =>
      e.userId === userId ? { ...e, userId: former.id, userName: former.name } : e,
    )
  const set: Record<string, unknown> = {}
  if (doc.createdBy === userId) set.createdBy = former.id
  if (doc.updatedBy === userId) set.updatedBy = former.id
  if (Array.isArray(doc.history)) set.history = swap(doc.history)
  if (Array.isArray(doc.reviewLog)) set.reviewLog = swap(doc.reviewLog)
  const submission = doc.submission as Entry | null | undefined
  if (submission?.userId === userId) set.submission = { ...submission, userId: former.id, userName: former.name }
  return set
}
