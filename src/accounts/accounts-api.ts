import { Router } from 'express'
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.js'
import { parse } from '../http/validate.js'
import { t } from '../i18n/i18n.js'
import { AccountId, LoginInput, RegisterInput, TokenName } from './account.js'
import { toMemberJson, toOrganisationJson, toUserJson } from './account-presenters.js'
import type { AccountService } from './account-service.js'
import { assertRespondentAccess, hasRole, principalOf, requireUser } from './access.js'
import { auditContext } from './principal.js'

const TokenRequest = LoginInput.extend({ name: TokenName.optional() })

/** /api/v1/auth/* (register, tokens, who am I) and /api/v1/organisations/:id. */
export function accountsApi(accounts: AccountService): Router {
  const router = Router()

  /** 202 whether or not the email already had an account (ADR 034); the client then asks for a token. */
  router.post('/auth/register', async (req, res) => {
    const input = parse(RegisterInput, req.body ?? {})
    await accounts.register(input, auditContext(req, 'api'))
    res.status(202).json({ status: 'accepted', message: t('auth.registeredApi'), token: '/api/v1/auth/token' })
  })

  router.post('/auth/token', async (req, res) => {
    const input = parse(TokenRequest, req.body ?? {})
    const context = auditContext(req, 'api')
    const user = await accounts.authenticate(input.email, input.password, context)
    const { token, record } = await accounts.createToken(
      user,
      input.name ?? `API token ${new Date().toISOString().slice(0, 10)}`,
      {
        ...context,
        actorId: user.id,
        actorEmail: user.email,
      },
    )
    res.json({ token, id: record.id, name: record.name, createdAt: record.createdAt })
  })

  /** Revokes the bearer token of the request (a script signing out). */
  router.delete('/auth/token', requireUser, async (req, res) => {
    const principal = principalOf(req)
    if (principal.via !== 'token') throw new UnauthorizedError(t('errors.api.bearerOnly'))
    await accounts.revokeToken(principal.user, principal.tokenId, auditContext(req, 'api'))
    res.status(204).end()
  })

  router.get('/auth/me', requireUser, async (req, res) => {
    const { user } = principalOf(req)
    const organisation = user.organisationId ? await accounts.organisation(user.organisationId) : null
    res.json({ user: toUserJson(user, organisation) })
  })

  /** An organisation and its members: its own respondents, reviewers and admins; 404 for other respondents. */
  router.get('/organisations/:id', requireUser, async (req, res) => {
    const id = parse(AccountId, req.params.id)
    const principal = principalOf(req)
    if (principal.user.role === 'respondent') assertRespondentAccess(principal, id, 'Organisation')
    else if (!hasRole(principal, 'reviewer', 'admin')) throw new ForbiddenError()
    const organisation = await accounts.organisation(id)
    if (!organisation) throw new NotFoundError('Organisation')
    const members = await accounts.members(id)
    res.json({ ...toOrganisationJson(organisation), members: members.map(toMemberJson) })
  })

  return router
}
