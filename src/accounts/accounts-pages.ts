import { Router, type Response } from 'express'
import { z } from 'zod'
import { AppError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../errors.js'
import { label, t } from '../i18n/i18n.js'
import { bodyString, formErrors, textField } from '../http/forms.js'
import { RETURN_TO_MAX_LENGTH } from '../http/error-handlers.js'
import { sendPage } from '../http/pages.js'
import { PageParam, type PageRequest, paginationView } from '../http/pagination.js'
import { fieldErrors, parse, parseQuery } from '../http/validate.js'
import { countryName } from '../http/view-helpers.js'
import { RESPONDENT_TYPES } from '../shared/codelists.js'
import {
  AccountId,
  ChangePasswordInput,
  displayName,
  InvitedRegisterInput,
  LoginInput,
  REGISTRATION_COUNTRIES,
  RegisterInput,
  TokenName,
  type User,
} from './account.js'
import { formatDateTime, memberView, organisationView, roleLabel, tokenView } from './account-presenters.js'
import type { AccountService } from './account-service.js'
import { principalOf, requireUser } from './access.js'
import type { AuthSettings } from './auth-settings.js'
import type { KnownDevices } from './known-device.js'
import { auditContext, type SessionCookies } from './principal.js'
import { proposalSummaries } from '../curation/curation-presenters.js'
import type { Proposal } from '../curation/proposals.js'

/** A local path to go back to after signing in (never another site: no `//host` or `/\host`). */
const ReturnTo = z
  .string()
  .max(RETURN_TO_MAX_LENGTH)
  .regex(/^\/(?![/\\])[^\s\\]*$/, 'Not a path on this site')
/** A return address that is too long or not on this site is dropped, never an error (issue #13.9). */
const LoginQuery = z.strictObject({ returnTo: z.unknown().optional(), registered: z.literal('1').optional() })
const RegisterQuery = z.strictObject({ returnTo: z.unknown().optional() })
const returnToOf = (value: unknown): string | undefined => ReturnTo.safeParse(value).data
const AccountQuery = z.strictObject({ done: z.enum(['password', 'token-revoked']).optional(), page: PageParam })
const PROPOSALS_PAGE_SIZE = 20
const InvitationToken = z.string().max(100)
const EMPTY = z.strictObject({})

const REGISTER_IDS = {
  name: 'name',
  email: 'email',
  password: 'password',
  organisation: 'organisation',
  respondentType: `respondentType-${RESPONDENT_TYPES[0]}`,
  country: 'country',
}
const LOGIN_IDS = { email: 'email', password: 'password' }
const PASSWORD_IDS = { currentPassword: 'current-password', newPassword: 'new-password' }
const TOKEN_IDS = { name: 'token-name' }

export interface AccountsPagesDeps {
  accounts: AccountService
  cookies: SessionCookies
  /** Browsers that signed in before are exempt from the account's global back-off. */
  devices: KnownDevices
  settings: AuthSettings
  /** The cases a user proposed, for the "Cases you proposed" section (src/curation). */
  proposals?: { ofUser(userId: string, page: PageRequest): Promise<{ items: Proposal[]; total: number }> }
}

/** /register, /login, /logout, /account and its forms, /invitations/:token. */
export function accountsPages({ accounts, cookies, devices, settings, proposals }: AccountsPagesDeps): Router {
  const router = Router()
  const accountView = async (
    accountService: AccountService,
    authSettings: AuthSettings,
    user: User,
    extras: AccountExtras,
  ) => {
    const page = extras.proposalsPage ?? 1
    const mine = proposals
      ? await proposals.ofUser(user.id, { page, pageSize: PROPOSALS_PAGE_SIZE })
      : { items: [], total: 0 }
    return {
      ...(await baseAccountView(accountService, authSettings, user, extras)),
      proposals: proposalSummaries(mine.items),
      proposalsPagination: paginationView(page, mine.total, PROPOSALS_PAGE_SIZE, (p) => `/account?page=${p}#proposals`),
      showProposals: proposals !== undefined,
    }
  }
  const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store')

  /** Where each role's work is (issue #12, "Where am I?"): used after sign-in when no page asked for it. */
  const landingOf = async (user: User): Promise<string> => {
    if (user.role === 'respondent') {
      const organisation = user.organisationId ? await accounts.organisation(user.organisationId) : null
      return organisation ? `/questionnaires/${organisation.respondentType}` : '/account'
    }
    return { reviewer: '/review', curator: '/curation', admin: '/admin' }[user.role]
  }

  // ---- registration -------------------------------------------------------------------------
  router.get('/register', (req, res) => {
    if (req.principal) return res.redirect(303, '/account')
    noStore(res)
    const returnTo = returnToOf(parseQuery(RegisterQuery, req.query).returnTo)
    sendPage(res, 'pages/accounts/register', { ...registerView(settings, {}), ...returnToView(returnTo) })
  })

  router.post('/register', async (req, res) => {
    if (req.principal) return res.redirect(303, '/account')
    noStore(res)
    const values = formValues(req.body, ['name', 'email', 'organisation', 'respondentType', 'country'])
    const returnTo = returnToOf(bodyString(req.body, 'returnTo'))
    const body = { ...(req.body as Record<string, unknown>) }
    delete body.returnTo
    try {
      const input = parseForm(accounts, RegisterInput, body, 'password')
      // The same answer whether or not the email already had an account (ADR 034): sign in next.
      await accounts.register(input, auditContext(req, 'page'))
      res.redirect(303, `/login?registered=1${returnTo ? `&returnTo=${encodeURIComponent(returnTo)}` : ''}`)
    } catch (error) {
      const view = formFailure(error)
      if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds))
      sendPage(
        res,
        'pages/accounts/register',
        { ...registerView(settings, values, view.fields), ...returnToView(returnTo) },
        view.status,
      )
    }
  })

  // ---- sign in and out ----------------------------------------------------------------------
  router.get('/login', async (req, res) => {
    const query = parseQuery(LoginQuery, req.query)
    const returnTo = returnToOf(query.returnTo)
    if (req.principal) return res.redirect(303, returnTo ?? (await landingOf(req.principal.user)))
    noStore(res)
    sendPage(res, 'pages/accounts/login', {
      ...loginView({ returnTo: returnTo ?? '' }),
      registered: query.registered === '1',
    })
  })

  router.post('/login', async (req, res) => {
    noStore(res)
    const returnTo = returnToOf(bodyString(req.body, 'returnTo'))
    const body = { ...(req.body as Record<string, unknown>) }
    delete body.returnTo
    const values = { email: bodyString(req.body, 'email'), returnTo: returnTo ?? '' }
    try {
      const input = parse(LoginInput, body)
      const user = await accounts.authenticate(input.email, input.password, auditContext(req, 'page'), {
        knownDevice: devices.knows(req, input.email),
      })
      await cookies.start(req, res, user)
      devices.remember(req, res, user.email)
      res.redirect(303, returnTo ?? (await landingOf(user)))
    } catch (error) {
      const view = formFailure(error)
      if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds))
      sendPage(res, 'pages/accounts/login', loginView(values, view.fields), view.status)
    }
  })

  router.get('/logout', (req, res) => {
    if (!req.principal) return res.redirect(303, '/')
    sendPage(res, 'pages/accounts/logout', {
      title: t('auth.logoutTitle'),
      text: t('auth.logoutText', { name: displayName(req.principal.user.name), email: req.principal.user.email }),
    })
  })

  router.post('/logout', async (req, res) => {
    if (req.principal) {
      const context = auditContext(req, 'page')
      await cookies.end(req, res)
      await accounts.recordSignOut(context)
    }
    res.redirect(303, '/')
  })

  // ---- account ------------------------------------------------------------------------------
  router.get('/account', requireUser, async (req, res) => {
    const { done, page } = parseQuery(AccountQuery, req.query)
    const notice =
      done === 'password'
        ? t('account.passwordChanged')
        : done === 'token-revoked'
          ? t('account.tokenRevoked')
          : undefined
    sendPage(
      res,
      'pages/accounts/account',
      await accountView(accounts, settings, principalOf(req).user, { notice, proposalsPage: page }),
    )
  })

  router.post('/account/password', requireUser, async (req, res) => {
    const principal = principalOf(req)
    try {
      const input = parseForm(accounts, ChangePasswordInput, req.body, 'newPassword', principal.user.email)
      await accounts.changePassword(principal.user, input, auditContext(req, 'page'))
      // A new session id for this browser; every other session of the account ends.
      const session = await cookies.start(req, res, principal.user)
      await cookies.endOthers(principal.user, session)
      res.redirect(303, '/account?done=password')
    } catch (error) {
      const view = formFailure(error)
      if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds))
      sendPage(
        res,
        'pages/accounts/account',
        await accountView(accounts, settings, principal.user, { passwordErrors: view.fields }),
        view.status,
      )
    }
  })

  router.post('/account/tokens', requireUser, async (req, res) => {
    const principal = principalOf(req)
    const typed = bodyString(req.body, 'name')
    const parsed = z.strictObject({ name: TokenName }).safeParse(req.body ?? {})
    if (!parsed.success) {
      const fields = { name: parsed.error.issues.map((i) => i.message) }
      sendPage(
        res,
        'pages/accounts/account',
        await accountView(accounts, settings, principal.user, { tokenErrors: fields, tokenName: typed }),
        400,
      )
      return
    }
    try {
      const { token, record } = await accounts.createToken(principal.user, parsed.data.name, auditContext(req, 'page'))
      sendPage(
        res,
        'pages/accounts/account',
        await accountView(accounts, settings, principal.user, { newToken: { value: token, name: record.name } }),
        201,
      )
    } catch (error) {
      // Too many tokens, or too many too fast: said beside the form.
      if (!(error instanceof AppError) || (error.status !== 409 && error.status !== 429)) throw error
      if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds))
      sendPage(
        res,
        'pages/accounts/account',
        await accountView(accounts, settings, principal.user, {
          tokenErrors: { name: [error.message] },
          tokenName: typed,
        }),
        error.status,
      )
    }
  })

  router.post('/account/tokens/:id/revoke', requireUser, async (req, res) => {
    const id = parse(AccountId, req.params.id)
    parse(EMPTY, req.body ?? {})
    await accounts.revokeToken(principalOf(req).user, id, auditContext(req, 'page'))
    res.redirect(303, '/account?done=token-revoked')
  })

  router.post('/account/invitations', requireUser, async (req, res) => {
    const principal = principalOf(req)
    parse(EMPTY, req.body ?? {})
    const { token, expiresAt } = await accounts.createInvitation(principal.user, auditContext(req, 'page'))
    const link = `${req.protocol}://${req.get('host') ?? 'localhost'}/invitations/${token}`
    sendPage(
      res,
      'pages/accounts/account',
      await accountView(accounts, settings, principal.user, {
        invitation: { link, expires: t('account.inviteExpires', { date: formatDateTime(expiresAt) }) },
      }),
      201,
    )
  })

  // ---- invitations --------------------------------------------------------------------------
  router.get('/invitations/:token', async (req, res) => {
    noStore(res)
    const view = await accounts.invitation(parse(InvitationToken, req.params.token))
    if (!view) return sendInvalidInvitation(res)
    sendPage(res, 'pages/accounts/invitation', invitationView(settings, view, {}, req.principal?.user))
  })

  router.post('/invitations/:token', async (req, res) => {
    noStore(res)
    if (req.principal) return res.redirect(303, '/account')
    const token = parse(InvitationToken, req.params.token)
    const view = await accounts.invitation(token)
    if (!view) return sendInvalidInvitation(res)
    const values = formValues(req.body, ['name', 'email'])
    try {
      const input = parseForm(accounts, InvitedRegisterInput, req.body, 'password')
      const { user } = await accounts.acceptInvitation(token, input, auditContext(req, 'page'))
      await cookies.start(req, res, user)
      res.redirect(303, '/account')
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return sendInvalidInvitation(res)
      const failure = formFailure(error)
      if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds))
      sendPage(
        res,
        'pages/accounts/invitation',
        invitationView(settings, view, values, undefined, failure.fields),
        failure.status,
      )
    }
  })

  return router
}

/**
 * Parses a form with a new password; when other fields fail, the password's own problems
 * (too short, common) are reported in the same round rather than after the next submit.
 */
function parseForm<S extends z.ZodType>(
  accounts: AccountService,
  schema: S,
  body: unknown,
  passwordField: string,
  email?: string,
): z.infer<S> {
  const values = (body ?? {}) as Record<string, unknown>
  const result = schema.safeParse(values)
  if (result.success) return result.data
  const fields = fieldErrors(result.error)
  const message = fields[passwordField] ? null : accounts.passwordMessage(values[passwordField], email ?? values.email)
  if (message) fields[passwordField] = [message]
  throw new ValidationError(fields)
}

function sendInvalidInvitation(res: Response): void {
  sendPage(res, 'pages/accounts/invitation-invalid', { title: t('auth.invitationInvalidTitle') }, 404)
}

/** Validation, credential and throttling errors are shown on the form; anything else propagates. */
function formFailure(error: unknown): { status: number; fields: Record<string, string[]> } {
  if (error instanceof ValidationError) return { status: 400, fields: error.fields ?? {} }
  if (error instanceof UnauthorizedError) return { status: 401, fields: { email: [error.message] } }
  if (error instanceof TooManyRequestsError) return { status: 429, fields: { email: [error.message] } }
  throw error
}

function formValues(body: unknown, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, bodyString(body, name)]))
}

function titled(title: string, hasErrors: boolean): { title: string; heading: string } {
  return { title: hasErrors ? t('errors.titlePrefix', { title }) : title, heading: title }
}

function registerView(settings: AuthSettings, values: Record<string, string>, fields: Record<string, string[]> = {}) {
  const { errors, errorList } = formErrors(fields, REGISTER_IDS)
  return {
    ...titled(t('auth.registerTitle'), errorList.length > 0),
    errorList,
    fields: {
      name: textField({
        name: 'name',
        label: t('auth.nameLabel'),
        autocomplete: 'name',
        value: values.name,
        error: errors.name,
      }),
      email: textField({
        name: 'email',
        type: 'email',
        label: t('auth.emailLabel'),
        hint: t('auth.emailHint'),
        autocomplete: 'email',
        value: values.email,
        error: errors.email,
      }),
      password: textField({
        name: 'password',
        type: 'password',
        label: t('auth.passwordLabel'),
        hint: t('auth.newPasswordHint', { min: settings.passwordMinLength }),
        autocomplete: 'new-password',
        error: errors.password,
      }),
      organisation: textField({
        name: 'organisation',
        label: t('auth.organisationLabel'),
        hint: t('auth.organisationHint'),
        autocomplete: 'organization',
        value: values.organisation,
        error: errors.organisation,
      }),
    },
    respondentTypes: RESPONDENT_TYPES.map((value) => ({
      value,
      id: `respondentType-${value}`,
      label: label('respondentType', value),
      checked: values.respondentType === value,
    })),
    respondentTypeError: errors.respondentType,
    countries: countryOptions(values.country),
    countryError: errors.country,
  }
}

function countryOptions(selected: string | undefined) {
  return REGISTRATION_COUNTRIES.map((code) => ({
    value: code,
    label: countryName(code),
    selected: code === selected,
  })).sort((a, b) => a.label.localeCompare(b.label, 'en'))
}

function returnToView(returnTo: string | undefined) {
  return { returnTo: returnTo ?? '', returnToEncoded: returnTo ? encodeURIComponent(returnTo) : '' }
}

function loginView(values: { email?: string; returnTo: string }, fields: Record<string, string[]> = {}) {
  const { errors, errorList } = formErrors(fields, LOGIN_IDS)
  return {
    ...titled(t('auth.loginTitle'), errorList.length > 0),
    errorList,
    returnTo: values.returnTo,
    registerUrl: values.returnTo ? `/register?returnTo=${encodeURIComponent(values.returnTo)}` : '/register',
    fields: {
      email: textField({
        name: 'email',
        type: 'email',
        label: t('auth.emailLabel'),
        autocomplete: 'username',
        value: values.email,
        error: errors.email,
      }),
      password: textField({
        name: 'password',
        type: 'password',
        label: t('auth.passwordLabel'),
        autocomplete: 'current-password',
        error: errors.password,
      }),
    },
  }
}

function invitationView(
  settings: AuthSettings,
  view: NonNullable<Awaited<ReturnType<AccountService['invitation']>>>,
  values: Record<string, string>,
  signedIn: User | undefined,
  fields: Record<string, string[]> = {},
) {
  const { errors, errorList } = formErrors(fields, { name: 'name', email: 'email', password: 'password' })
  const { organisation, invitation } = view
  const role = roleLabel(invitation.role)
  return {
    ...titled(
      organisation
        ? t('auth.invitationTitle', { organisation: organisation.name })
        : t('auth.staffInvitationTitle', { role }),
      errorList.length > 0,
    ),
    errorList,
    lead: organisation
      ? t('auth.invitationLead', {
          inviter: view.inviterName,
          organisation: organisation.name,
          country: countryName(organisation.country),
        })
      : t('auth.staffInvitationLead', {
          inviter: view.inviterName,
          role,
          affiliation: invitation.affiliation ?? 'none',
        }),
    button: organisation ? t('auth.invitationButton') : t('auth.staffInvitationButton'),
    signedIn: signedIn ? t('auth.invitationSignedIn', { name: signedIn.name }) : undefined,
    fields: {
      name: textField({
        name: 'name',
        label: t('auth.nameLabel'),
        autocomplete: 'name',
        value: values.name,
        error: errors.name,
      }),
      email: textField({
        name: 'email',
        type: 'email',
        label: t('auth.emailLabel'),
        hint: t('auth.emailHint'),
        autocomplete: 'email',
        value: values.email,
        error: errors.email,
      }),
      password: textField({
        name: 'password',
        type: 'password',
        label: t('auth.passwordLabel'),
        hint: t('auth.newPasswordHint', { min: settings.passwordMinLength }),
        autocomplete: 'new-password',
        error: errors.password,
      }),
    },
  }
}

interface AccountExtras {
  notice?: string | undefined
  proposalsPage?: number
  passwordErrors?: Record<string, string[]>
  tokenErrors?: Record<string, string[]>
  tokenName?: string
  newToken?: { value: string; name: string }
  invitation?: { link: string; expires: string }
}

async function baseAccountView(accounts: AccountService, settings: AuthSettings, user: User, extras: AccountExtras) {
  const [organisation, tokens] = await Promise.all([
    user.organisationId ? accounts.organisation(user.organisationId) : null,
    accounts.tokensOf(user),
  ])
  const members = organisation ? await accounts.members(organisation.id) : []
  const password = formErrors(extras.passwordErrors ?? {}, PASSWORD_IDS)
  const token = formErrors(extras.tokenErrors ?? {}, TOKEN_IDS)
  const errorList = [...token.errorList, ...password.errorList]
  return {
    ...titled(t('account.title'), errorList.length > 0),
    errorList,
    notice: extras.notice,
    newToken: extras.newToken,
    invitation: extras.invitation,
    profile: {
      name: displayName(user.name),
      email: user.email,
      role: roleLabel(user.role),
      affiliation: user.affiliation,
      since: formatDateTime(user.createdAt),
    },
    organisation: organisation ? organisationView(organisation) : null,
    membersCaption: organisation ? t('account.membersCaption', { organisation: organisation.name }) : '',
    members: members.map((m) => memberView(m, user)),
    canInvite: user.role === 'respondent' && organisation !== null,
    inviteText: t('account.inviteText', { days: Math.round(settings.invitationTtlMs / 86_400_000) }),
    tokens: tokens.map(tokenView),
    tokenName: textField({
      name: 'name',
      id: 'token-name',
      label: t('account.tokenNameLabel'),
      hint: t('account.tokenNameHint'),
      value: extras.tokenName,
      error: token.errors.name,
    }),
    currentPassword: textField({
      name: 'currentPassword',
      id: 'current-password',
      type: 'password',
      label: t('account.currentPasswordLabel'),
      autocomplete: 'current-password',
      error: password.errors.currentPassword,
    }),
    newPassword: textField({
      name: 'newPassword',
      id: 'new-password',
      type: 'password',
      label: t('account.newPasswordLabel'),
      hint: t('auth.newPasswordHint', { min: settings.passwordMinLength }),
      autocomplete: 'new-password',
      error: password.errors.newPassword,
    }),
    isAdmin: user.role === 'admin',
  }
}
