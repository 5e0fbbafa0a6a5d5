import { Router, type Response } from 'express'
import { z } from 'zod'
import { PasswordInput, type User } from '../accounts/account.js'
import { principalOf, requireUser } from '../accounts/access.js'
import { auditContext, type SessionCookies } from '../accounts/principal.js'
import type { AccountService } from '../accounts/account-service.js'
import { AppError, TooManyRequestsError, ValidationError } from '../errors.js'
import { formErrors, textField } from '../http/forms.js'
import { sendPage } from '../http/pages.js'
import { parse, parseQuery } from '../http/validate.js'
import { t } from '../i18n/i18n.js'
import type { RetentionPeriods } from './retention-periods.js'
import type { YourData } from './your-data.js'

const EMPTY = z.strictObject({})
const DeleteInput = z.strictObject({ password: PasswordInput })
const DAY = 86_400_000

export interface YourDataPagesDeps {
  yourData: YourData
  accounts: AccountService
  cookies: SessionCookies
  periods: RetentionPeriods
}

/** POST /account/data (the JSON download), /account/delete (ask, then delete), /account/deleted. */
export function yourDataPages({ yourData, accounts, cookies, periods }: YourDataPagesDeps): Router {
  const router = Router()
  const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store')

  router.post('/account/data', requireUser, async (req, res) => {
    parse(EMPTY, req.body)
    const { user } = principalOf(req)
    const data = await yourData.export(user, auditContext(req, 'page'))
    noStore(res)
    res
      .attachment('fi-for-inclusion-your-data.json')
      .type('application/json')
      .send(`${JSON.stringify(data, null, 2)}\n`)
  })

  const deletePage = async (res: Response, user: User, fields: Record<string, string[]> = {}, status = 200) => {
    noStore(res)
    const leaving = await yourData.leaving(user)
    const { errors, errorList } = formErrors(fields, { password: 'delete-password', confirm: 'delete-password' })
    const title = t('privacy.yourData.deleteTitle')
    sendPage(
      res,
      'pages/privacy/delete-account',
      {
        title: errorList.length > 0 ? t('errors.titlePrefix', { title }) : title,
        heading: title,
        errorList,
        audit: t('privacy.yourData.whatAudit', {
          days: Math.ceil(periods.auditMs / DAY),
          ipDays: Math.ceil(periods.auditIpMs / DAY),
        }),
        lastMember:
          leaving.lastMember && leaving.organisationName
            ? {
                heading: t('privacy.yourData.lastMemberHeading', { organisation: leaving.organisationName }),
                text: t('privacy.yourData.lastMember', {
                  organisation: leaving.organisationName,
                  count: leaving.responses,
                }),
                canInvite: user.role === 'respondent',
              }
            : null,
        lastAdmin: leaving.lastAdmin,
        password: textField({
          name: 'password',
          id: 'delete-password',
          type: 'password',
          label: t('privacy.yourData.passwordLabel'),
          hint: t('privacy.yourData.passwordHint'),
          autocomplete: 'current-password',
          error: errors.password ?? errors.confirm,
        }),
      },
      status,
    )
  }

  router.get('/account/delete', requireUser, async (req, res) => {
    parseQuery(EMPTY, req.query)
    await deletePage(res, principalOf(req).user)
  })

  router.post('/account/delete', requireUser, async (req, res) => {
    const { user } = principalOf(req)
    const context = auditContext(req, 'page')
    try {
      const input = parse(DeleteInput, req.body)
      await accounts.confirmPassword(user, input.password, context)
      await yourData.deleteAccount(user, context)
    } catch (error) {
      if (error instanceof ValidationError) return deletePage(res, user, error.fields ?? {}, 400)
      if (error instanceof TooManyRequestsError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds))
        return deletePage(res, user, { password: [error.message] }, 429)
      }
      if (error instanceof AppError && error.code === 'last_admin')
        return deletePage(res, user, error.fields ?? {}, 409)
      throw error
    }
    await cookies.end(req, res)
    res.redirect(303, '/account/deleted')
  })

  router.get('/account/deleted', (req, res) => {
    parseQuery(EMPTY, req.query)
    sendPage(res, 'pages/privacy/account-deleted', { title: t('privacy.yourData.deletedTitle') })
  })
  return router
}
