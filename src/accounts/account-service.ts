import { randomUUID } from 'node:crypto'
import {
  AppError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '../errors.js'
import { t, type Locale } from '../i18n/i18n.js'
import type { WriteQuotas } from '../quotas/write-quotas.js'
import { DuplicateKeyError, type DocumentStore, type Transaction } from '../storage/document-store.js'
import type { RespondentType } from '../shared/codelists.js'
import type { ChangePasswordInput, InvitedRegisterInput, Organisation, RegisterInput, Role, User } from './account.js'
import type { AuditContext, AuditLog } from './audit-log.js'
import type { AuthSettings } from './auth-settings.js'
import type { InvitationRecord, InvitationRepository } from './invitation-repository.js'
import type { AttemptThrottle, Limit } from './login-throttle.js'
import type { OrganisationRepository } from './organisation-repository.js'
import { type PasswordHasher, passwordProblem } from './passwords.js'
import { hashSecret, randomSecret, SECRET_PATTERN } from './secrets.js'
import type { ApiTokenRecord, ApiTokenRepository } from './token-repository.js'
import type { UserRepository } from './user-repository.js'

export interface AccountRepositories {
  /** Opens the units that keep a change and its audit entry together (ADR 022). */
  store: DocumentStore
  users: UserRepository
  organisations: OrganisationRepository
  tokens: ApiTokenRepository
  invitations: InvitationRepository
  audit: AuditLog
  throttle: AttemptThrottle
  quotas: WriteQuotas
}

/** What the command line asks for (`users:create`). */
export interface CreateUserInput {
  email: string
  name: string
  role: Role
  password: string
  /** Respondents: the organisation to join (by name) or create. Others: free-text affiliation. */
  organisation?: string | undefined
  respondentType?: RespondentType | undefined
  country?: string | undefined
}

export interface InvitationView {
  invitation: InvitationRecord
  /** The organisation a respondent's invitation joins; null for a staff invitation (reviewer, curator, admin). */
  organisation: Organisation | null
  inviterName: string
}

/** Roles an administrator invites through a link (respondents register themselves or are invited by colleagues). */
export const STAFF_ROLES = ['reviewer', 'curator', 'admin'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

/** What a registration did; the caller answers the same either way. */
export type Registration = { created: true; user: User; organisation: Organisation } | { created: false }

const TOKEN_PREFIX = 'fii_'

/** Accounts, organisations, passwords, API tokens and invitations: the rules, with the audit trail. */
export class AccountService {
  constructor(
    private readonly repos: AccountRepositories,
    private readonly hasher: PasswordHasher,
    private readonly settings: AuthSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Keeps the language a signed-in user chose with the switcher, for their next visit on any device. */
  async setLocale(user: User, locale: Locale, ip?: string | null): Promise<void> {
    if (user.locale === locale) return
    // Over the quota the choice still applies to this request; it is just not remembered.
    if (await this.repos.quotas.tryTake('locale', { userId: user.id, ip }))
      await this.repos.users.setLocale(user.id, locale)
  }

  /**
   * A new respondent with a new organisation. An email that already has an account gets the same
   * answer after the same work (one scrypt), and nothing changes: the owner just signs in as usual,
   * so the answer never tells whether an address is registered (issue #13, item 7; ADR 034).
   */
  async register(input: RegisterInput, context: AuditContext): Promise<Registration> {
    this.assertStrongPassword(input.password, input.email, 'password')
    await this.throttleRegistration(context)
    const at = this.now().toISOString()
    const organisation: Organisation = {
      id: randomUUID(),
      name: input.organisation,
      respondentType: input.respondentType,
      country: input.country,
      createdAt: at,
    }
    const passwordHash = await this.hasher.hash(input.password)
    if (await this.repos.users.getByEmail(input.email)) return this.registrationRefused(input.email, context)
    let user: User
    try {
      // The organisation, its first member and the audit entry: all three or none.
      user = await this.repos.store.transaction(async (tx) => {
        await this.repos.organisations.insert(organisation, tx)
        const created = await this.insertUser(
          {
            email: input.email,
            name: input.name,
            role: 'respondent',
            organisationId: organisation.id,
            affiliation: null,
          },
          passwordHash,
          at,
          tx,
        )
        await this.repos.audit.record(
          'registered',
          { ...context, actorId: created.id, actorEmail: created.email },
          created.email,
          { organisation: organisation.name, organisationId: organisation.id },
          tx,
        )
        return created
      })
    } catch (error) {
      if (error instanceof EmailTakenError) return this.registrationRefused(input.email, context)
      throw error
    }
    return { created: true, user, organisation }
  }

  private async registrationRefused(email: string, context: AuditContext): Promise<Registration> {
    await this.repos.audit.record('registration_existing_email', context, email)
    return { created: false }
  }

  /**
   * Checks an email and password. Unknown email and wrong password give the same error after the
   * same work (one scrypt). Failures are limited per account *per address* and per address, so an
   * attacker elsewhere cannot lock the owner out; a slower global limit per account slows
   * distributed guessing, and does not apply to a browser that signed in to the account before.
   */
  async authenticate(
    email: string,
    password: string,
    context: AuditContext,
    options: { knownDevice?: boolean } = {},
  ): Promise<User> {
    const accountHere = this.accountHereLimit(email, context)
    const limits: Limit[] = [accountHere]
    if (context.ip)
      limits.push({
        key: `login:ip:${context.ip}`,
        max: this.settings.loginFailuresPerAddress,
        windowMs: this.settings.loginWindowMs,
      })
    if (!options.knownDevice)
      limits.push({
        key: `login:account:${email}`,
        max: this.settings.loginFailuresPerAccountGlobal,
        windowMs: this.settings.loginGlobalWindowMs,
      })
    const attempt = await this.repos.throttle.attempt(limits)
    if ('blockedForSeconds' in attempt) throw loginThrottled(attempt.blockedForSeconds)
    const found = await this.repos.users.credentialsByEmail(email)
    const ok = await this.hasher.verify(password, found?.passwordHash ?? null)
    if (!found || !ok) {
      // A known browser's failure still counts towards the global back-off of everyone else.
      if (options.knownDevice)
        await this.repos.throttle.record({
          key: `login:account:${email}`,
          max: this.settings.loginFailuresPerAccountGlobal,
          windowMs: this.settings.loginGlobalWindowMs,
        })
      await this.repos.audit.record('sign_in_failed', context, email, found ? {} : { reason: 'unknown email' })
      throw new UnauthorizedError(t('auth.errors.credentials'))
    }
    await this.repos.throttle.forget(attempt.ids)
    await this.repos.throttle.reset(accountHere.key, this.settings.loginGlobalWindowMs)
    const rehashed = this.hasher.needsRehash(found.passwordHash) ? await this.hasher.hash(password) : null
    await this.repos.store.transaction(async (tx) => {
      if (rehashed) await this.repos.users.setPasswordHash(found.user.id, rehashed, this.now().toISOString(), tx)
      await this.repos.audit.record(
        'sign_in',
        { ...context, actorId: found.user.id, actorEmail: found.user.email },
        found.user.email,
        {},
        tx,
      )
    })
    return found.user
  }

  private accountHereLimit(email: string, context: AuditContext): Limit {
    return {
      key: `login:account-ip:${email}:${context.ip ?? 'unknown'}`,
      max: this.settings.loginFailuresPerAccount,
      windowMs: this.settings.loginWindowMs,
    }
  }

  recordSignOut(context: AuditContext): Promise<void> {
    return this.repos.audit.record('sign_out', context, context.actorEmail)
  }

  /** Checks the current password (throttled like a sign-in), then stores the new one. */
  async changePassword(user: User, input: ChangePasswordInput, context: AuditContext): Promise<void> {
    this.assertStrongPassword(input.newPassword, user.email, 'newPassword')
    await this.repos.quotas.take('passwordChange', { userId: user.id, ip: context.ip })
    const attempt = await this.repos.throttle.attempt([this.accountHereLimit(user.email, context)])
    if ('blockedForSeconds' in attempt) throw loginThrottled(attempt.blockedForSeconds)
    const ok = await this.hasher.verify(input.currentPassword, await this.repos.users.passwordHash(user.id))
    if (!ok) {
      await this.repos.audit.record('sign_in_failed', context, user.email, {
        reason: 'wrong current password when changing password',
      })
      throw new ValidationError({ currentPassword: [t('auth.errors.currentPasswordWrong')] })
    }
    await this.repos.throttle.forget(attempt.ids)
    if (input.currentPassword === input.newPassword)
      throw new ValidationError({ newPassword: [t('auth.errors.sameAsCurrent')] })
    const passwordHash = await this.hasher.hash(input.newPassword)
    await this.repos.store.transaction(async (tx) => {
      await this.repos.users.setPasswordHash(user.id, passwordHash, this.now().toISOString(), tx)
      await this.repos.audit.record('password_changed', context, user.email, {}, tx)
    })
  }

  /**
   * Checks the user's current password before a grave step (deleting the account), throttled like a
   * sign-in from this address; a wrong one is a 400 on `field` and an audited failed sign-in.
   */
  async confirmPassword(user: User, password: string, context: AuditContext, field = 'password'): Promise<void> {
    const attempt = await this.repos.throttle.attempt([this.accountHereLimit(user.email, context)])
    if ('blockedForSeconds' in attempt) throw loginThrottled(attempt.blockedForSeconds)
    if (!(await this.hasher.verify(password, await this.repos.users.passwordHash(user.id)))) {
      await this.repos.audit.record('sign_in_failed', context, user.email, {
        reason: 'wrong password when confirming a step',
      })
      throw new ValidationError({ [field]: [t('auth.errors.currentPasswordWrong')] })
    }
    await this.repos.throttle.forget(attempt.ids)
  }

  /** `users:create` on the command line: any role, no throttling, audit-logged as the command line. */
  async createUser(
    input: CreateUserInput,
    context: AuditContext,
  ): Promise<{ user: User; organisation: Organisation | null }> {
    this.assertStrongPassword(input.password, input.email, 'password')
    if (await this.repos.users.getByEmail(input.email))
      throw new ValidationError({ email: [t('auth.errors.emailTaken')] })
    const at = this.now().toISOString()
    let organisation: Organisation | null = null
    let created = false
    const passwordHash = await this.hasher.hash(input.password)
    if (input.role === 'respondent') {
      if (!input.organisation)
        throw new ValidationError({ organisation: [t('errors.api.respondentNeedsOrganisation')] })
      const existing = (await this.repos.organisations.findByName(input.organisation)).filter(
        (o) => !input.country || o.country === input.country,
      )
      if (existing.length > 1)
        throw new ValidationError({ country: [t('errors.api.severalOrganisations', { name: input.organisation })] })
      organisation = existing[0] ?? null
      if (!organisation) {
        if (!input.respondentType || !input.country)
          throw new ValidationError({
            organisation: [
              `No organisation "${input.organisation}" yet: add --respondent-type and --country to create it`,
            ],
          })
        organisation = {
          id: randomUUID(),
          name: input.organisation.trim(),
          respondentType: input.respondentType,
          country: input.country,
          createdAt: at,
        }
        created = true
      }
    }
    const user = await this.repos.store.transaction(async (tx) => {
      if (created && organisation) await this.repos.organisations.insert(organisation, tx)
      const inserted = await this.insertUser(
        {
          email: input.email,
          name: input.name,
          role: input.role,
          organisationId: organisation?.id ?? null,
          affiliation: input.role === 'respondent' ? null : (input.organisation?.trim() ?? null),
        },
        passwordHash,
        at,
        tx,
      )
      await this.repos.audit.record(
        'user_created',
        context,
        inserted.email,
        { role: inserted.role, ...(organisation ? { organisation: organisation.name } : {}) },
        tx,
      )
      return inserted
    })
    return { user, organisation }
  }

  /** Admins change roles; never their own (so the last admin cannot lock everyone out by accident). */
  async changeRole(admin: User, userId: string, role: Role, context: AuditContext): Promise<User> {
    if (admin.role !== 'admin') throw new ForbiddenError()
    const target = await this.repos.users.get(userId)
    if (!target) throw new NotFoundError('User')
    if (target.id === admin.id) throw new ValidationError({ role: [t('auth.errors.ownRole')] })
    if (role === 'respondent' && !target.organisationId)
      throw new ValidationError({ role: [t('auth.errors.roleNeedsOrganisation')] })
    if (target.role === role) return target
    const at = this.now().toISOString()
    await this.repos.store.transaction(async (tx) => {
      await this.repos.users.setRole(target.id, role, at, tx)
      await this.repos.audit.record('role_changed', context, target.email, { from: target.role, to: role }, tx)
    })
    return { ...target, role, updatedAt: at }
  }

  async createToken(
    user: User,
    name: string,
    context: AuditContext,
  ): Promise<{ token: string; record: ApiTokenRecord }> {
    const max = this.settings.maxTokensPerAccount
    if ((await this.repos.tokens.countForUser(user.id)) >= max)
      throw new AppError(409, 'too_many_tokens', t('quota.tooManyTokens', { max }), {
        name: [t('quota.tooManyTokens', { max })],
      })
    await this.repos.quotas.take('token', { userId: user.id, ip: context.ip })
    const token = randomSecret(TOKEN_PREFIX)
    const record: ApiTokenRecord = {
      id: randomUUID(),
      userId: user.id,
      name,
      createdAt: this.now().toISOString(),
      lastUsedAt: null,
    }
    await this.repos.store.transaction(async (tx) => {
      await this.repos.tokens.insert(record, hashSecret(token), tx)
      await this.repos.audit.record('token_created', context, user.email, { name, tokenId: record.id }, tx)
    })
    return { token, record }
  }

  /** The user behind a bearer token, or null; `lastUsedAt` is refreshed at most once per touch interval. */
  async authenticateToken(token: string): Promise<{ user: User; record: ApiTokenRecord } | null> {
    if (!token.startsWith(TOKEN_PREFIX) || !SECRET_PATTERN.test(token)) return null
    const record = await this.repos.tokens.byHash(hashSecret(token))
    if (!record) return null
    const user = await this.repos.users.get(record.userId)
    if (!user) return null
    const now = this.now()
    if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) >= this.settings.touchIntervalMs) {
      await this.repos.tokens.touch(record.id, now.toISOString())
    }
    return { user, record }
  }

  tokensOf(user: User): Promise<ApiTokenRecord[]> {
    return this.repos.tokens.forUser(user.id)
  }

  /** Revokes one of the user's own tokens; someone else's token is "not found". */
  async revokeToken(user: User, tokenId: string, context: AuditContext): Promise<void> {
    await this.repos.store.transaction(async (tx) => {
      const removed = await this.repos.tokens.removeOwned(tokenId, user.id, tx)
      if (!removed) throw new NotFoundError('API token')
      await this.repos.audit.record(
        'token_revoked',
        context,
        user.email,
        { name: removed.name, tokenId: removed.id },
        tx,
      )
    })
  }

  /** A single-use link into the respondent's organisation; the token is returned once and stored hashed. */
  async createInvitation(user: User, context: AuditContext): Promise<{ token: string; expiresAt: string }> {
    if (user.role !== 'respondent' || !user.organisationId) throw new ForbiddenError()
    await this.repos.quotas.take('invitation', { userId: user.id, ip: context.ip })
    const token = randomSecret()
    const now = this.now()
    const record: InvitationRecord = {
      id: randomUUID(),
      role: 'respondent',
      organisationId: user.organisationId,
      affiliation: null,
      createdBy: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.invitationTtlMs).toISOString(),
      usedAt: null,
      usedBy: null,
    }
    const organisationId = user.organisationId
    await this.repos.store.transaction(async (tx) => {
      await this.repos.invitations.insert(record, hashSecret(token), tx)
      await this.repos.audit.record(
        'invitation_created',
        context,
        user.email,
        { organisationId, invitationId: record.id },
        tx,
      )
    })
    return { token, expiresAt: record.expiresAt }
  }

  /**
   * An administrator's single-use link that creates a reviewer, curator or administrator account
   * while the server runs (issue #13.10): the token is returned once and stored hashed; audited.
   */
  async createStaffInvitation(
    admin: User,
    input: { role: StaffRole; affiliation: string | null },
    context: AuditContext,
  ): Promise<{ token: string; expiresAt: string }> {
    if (admin.role !== 'admin') throw new ForbiddenError()
    await this.repos.quotas.take('invitation', { userId: admin.id, ip: context.ip })
    const token = randomSecret()
    const now = this.now()
    const record: InvitationRecord = {
      id: randomUUID(),
      role: input.role,
      organisationId: null,
      affiliation: input.affiliation,
      createdBy: admin.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.staffInvitationTtlMs).toISOString(),
      usedAt: null,
      usedBy: null,
    }
    await this.repos.store.transaction(async (tx) => {
      await this.repos.invitations.insert(record, hashSecret(token), tx)
      await this.repos.audit.record(
        'invitation_created',
        context,
        admin.email,
        { role: input.role, invitationId: record.id, ...(input.affiliation ? { affiliation: input.affiliation } : {}) },
        tx,
      )
    })
    return { token, expiresAt: record.expiresAt }
  }

  staffInvitationHours(): number {
    return this.settings.staffInvitationTtlMs / 3_600_000
  }

  /** The invitation behind a link, if it can still be used (a staff invitation only while its author is still an administrator). */
  async invitation(token: string): Promise<InvitationView | null> {
    if (!SECRET_PATTERN.test(token)) return null
    const invitation = await this.repos.invitations.findUsable(hashSecret(token), this.now().toISOString())
    if (!invitation) return null
    const inviter = await this.repos.users.get(invitation.createdBy)
    if (invitation.role !== 'respondent')
      return inviter?.role === 'admin' ? { invitation, organisation: null, inviterName: inviter.name } : null
    const organisation = invitation.organisationId
      ? await this.repos.organisations.get(invitation.organisationId)
      : null
    if (!organisation) return null
    return { invitation, organisation, inviterName: inviter?.name ?? organisation.name }
  }

  /** Registers a colleague into the invitation's organisation; the link is claimed atomically, once. */
  async acceptInvitation(
    token: string,
    input: InvitedRegisterInput,
    context: AuditContext,
  ): Promise<{ user: User; organisation: Organisation | null }> {
    const view = await this.invitation(token)
    if (!view) throw new NotFoundError('Invitation')
    this.assertStrongPassword(input.password, input.email, 'password')
    await this.throttleRegistration(context)
    if (await this.repos.users.getByEmail(input.email))
      throw new ValidationError({ email: [t('auth.errors.emailTaken')] })
    const userId = randomUUID()
    const at = this.now().toISOString()
    const passwordHash = await this.hasher.hash(input.password)
    const { invitation, organisation } = view
    // The claim of the link, the new account and the audit entry: all three or none.
    const user = await this.repos.store.transaction(async (tx) => {
      if (!(await this.repos.invitations.claim(invitation.id, userId, at, tx))) throw new NotFoundError('Invitation')
      const created = await this.insertUser(
        {
          id: userId,
          email: input.email,
          name: input.name,
          role: invitation.role,
          organisationId: organisation?.id ?? null,
          affiliation: organisation ? null : invitation.affiliation,
        },
        passwordHash,
        at,
        tx,
      )
      await this.repos.audit.record(
        'invitation_accepted',
        { ...context, actorId: created.id, actorEmail: created.email },
        created.email,
        {
          ...(organisation ? { organisation: organisation.name } : { role: invitation.role }),
          invitationId: invitation.id,
        },
        tx,
      )
      return created
    })
    return { user, organisation }
  }

  getUser(id: string): Promise<User | null> {
    return this.repos.users.get(id)
  }

  organisation(id: string): Promise<Organisation | null> {
    return this.repos.organisations.get(id)
  }

  members(organisationId: string): Promise<User[]> {
    return this.repos.users.inOrganisation(organisationId)
  }

  async listUsers(options: {
    skip: number
    limit: number
  }): Promise<{ users: User[]; organisations: Map<string, Organisation>; total: number }> {
    const [users, total] = await Promise.all([this.repos.users.list(options), this.repos.users.count()])
    const organisations = await this.repos.organisations.byIds(
      users.flatMap((u) => (u.organisationId ? [u.organisationId] : [])),
    )
    return { users, organisations, total }
  }

  /**
   * Accounts whose name or email contains `q`, whose organisation (or staff affiliation) contains
   * `organisation` (both ignoring case), of `role` when given; newest first, one page of them.
   */
  async searchUsers(
    options: UserSearch & { skip: number; limit: number },
  ): Promise<{ users: User[]; organisations: Map<string, Organisation>; total: number }> {
    const users = await this.repos.users.allOf(options.role)
    const organisations = await this.repos.organisations.byIds(
      users.flatMap((u) => (u.organisationId ? [u.organisationId] : [])),
    )
    const has = (text: string | null | undefined, part: string | undefined) =>
      !part || (text ?? '').toLocaleLowerCase('en').includes(part.toLocaleLowerCase('en'))
    const found = users.filter(
      (u) =>
        (has(u.name, options.q) || has(u.email, options.q)) &&
        has(u.organisationId ? organisations.get(u.organisationId)?.name : u.affiliation, options.organisation),
    )
    return { users: found.slice(options.skip, options.skip + options.limit), organisations, total: found.length }
  }

  /** Throws a 400 on the given field when the password is too short, common or built from the email. */
  assertStrongPassword(password: string, email: string, field: string): void {
    // The forms' schemas catch an empty password first; the command line and any other caller land here.
    if (password === '') throw new ValidationError({ [field]: [t('auth.errors.newPasswordRequired')] })
    const message = this.passwordMessage(password, email)
    if (message) throw new ValidationError({ [field]: [message] })
  }

  /** What is wrong with a new password, if anything (for forms that show every problem at once). */
  passwordMessage(password: unknown, email: unknown): string | null {
    if (typeof password !== 'string' || password === '') return null
    const problem = passwordProblem(password, this.settings.passwordMinLength, {
      email: typeof email === 'string' ? email.trim() : '',
    })
    if (!problem) return null
    return {
      too_short: t('auth.errors.passwordTooShort', { min: this.settings.passwordMinLength }),
      too_long: t('auth.errors.passwordTooLong'),
      too_common: t('auth.errors.passwordTooCommon'),
      contains_email: t('auth.errors.passwordContainsEmail'),
    }[problem]
  }

  private async throttleRegistration(context: AuditContext): Promise<void> {
    if (!context.ip) return
    const attempt = await this.repos.throttle.attempt([
      {
        key: `register:ip:${context.ip}`,
        max: this.settings.registrationsPerAddress,
        windowMs: this.settings.registrationWindowMs,
      },
    ])
    if ('blockedForSeconds' in attempt) {
      throw new TooManyRequestsError(
        attempt.blockedForSeconds,
        t('auth.errors.registerThrottled', { minutes: Math.ceil(attempt.blockedForSeconds / 60) }),
      )
    }
  }

  /** Inserts the account in the unit `tx`; the password is hashed before the unit (scrypt is slow). */
  private async insertUser(
    fields: Omit<User, 'id' | 'createdAt' | 'updatedAt' | 'locale'> & { id?: string; locale?: Locale | null },
    passwordHash: string,
    at: string,
    tx: Transaction,
  ): Promise<User> {
    const user: User = {
      ...fields,
      locale: fields.locale ?? null,
      id: fields.id ?? randomUUID(),
      createdAt: at,
      updatedAt: at,
    }
    try {
      await this.repos.users.insert({ ...user, passwordHash }, tx)
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new EmailTakenError()
      throw error
    }
    return user
  }
}

/** 400 on `email`: another account has it (the command line and invitations say so; registration does not). */
class EmailTakenError extends ValidationError {
  constructor() {
    super({ email: [t('auth.errors.emailTaken')] })
  }
}

function loginThrottled(seconds: number): TooManyRequestsError {
  return new TooManyRequestsError(seconds, t('auth.errors.loginThrottled', { minutes: Math.ceil(seconds / 60) }))
}

export interface UserSearch {
  q?: string | undefined
  role?: Role | undefined
  organisation?: string | undefined
}
