import { Router } from 'express'
import { z } from 'zod'
import { ValidationError } from '../errors.js'
import { t } from '../i18n/i18n.js'
import { formErrors, textField } from '../http/forms.js'
import { sendPage } from '../http/pages.js'
import { fieldErrors, parse, parseQuery, singleParam } from '../http/validate.js'
import { PageParam, paginationView } from '../http/pagination.js'
import { AccountId, displayName, Role, ROLES } from './account.js'
import { auditEntryView, formatDateTime, roleLabel } from './account-presenters.js'
import { type AccountService, STAFF_ROLES, type UserSearch } from './account-service.js'
import { principalOf, requireRole } from './access.js'
import { AUDIT_EVENTS, type AuditLog } from './audit-log.js'
import { auditContext } from './principal.js'

const PAGE_SIZE = 50
const AuditQuery = z.strictObject({ event: z.enum(AUDIT_EVENTS).or(z.literal('')).optional(), page: PageParam })
const SearchText = (max: number, key: 'qTooLong' | 'organisationTooLong') =>
  singleParam(
    z
      .string()
      .trim()
      .max(max, {
        error: () =>
          key === 'qTooLong' ? t('admin.search.qTooLong', { max }) : t('admin.search.organisationTooLong', { max }),
      })
      .optional(),
  ).transform((v) => v || undefined)
const UsersQuery = z.strictObject({
  page: PageParam,
  changed: AccountId.optional(),
  q: SearchText(100, 'qTooLong'),
  organisation: SearchText(150, 'organisationTooLong'),
  role: singleParam(z.enum(ROLES, { error: () => t('admin.search.roleInvalid') }).optional()),
})
type UsersQuery = z.infer<typeof UsersQuery>
const NO_SEARCH: UserSearch = {}
const StaffInvitationBody = z.strictObject({
  role: z.enum(STAFF_ROLES, { error: () => t('auth.errors.roleRequired') }),
  affiliation: z
    .string()
    .trim()
    .max(150, { error: () => t('auth.errors.organisationLength') })
    .transform((value) => (value === '' ? null : value))
    .optional(),
})

/** /admin/*: administrators only (401 → sign-in page, 403 for other roles). */
export function adminPages(accounts: AccountService, audit: AuditLog): Router {
  const router = Router()
  router.use('/admin', requireRole('admin'))

  /** Where an administrator lands after signing in: the administration pages and the back offices. */
  router.get('/admin', (req, res) => {
    parseQuery(z.strictObject({}), req.query)
    const links = ['users', 'audit', 'storage', 'review', 'curation'] as const
    const href = {
      users: '/admin/users',
      audit: '/admin/audit',
      storage: '/admin/storage',
      review: '/review',
      curation: '/curation',
    }
    sendPage(res, 'pages/admin/index', {
      title: t('admin.home.title'),
      links: links.map((key) => ({
        href: href[key],
        text: t(`admin.home.${key}`),
        description: t(`admin.home.${key}Text`),
      })),
    })
  })

  router.get('/admin/audit', async (req, res) => {
    const query = parseQuery(AuditQuery, req.query)
    const event = query.event || undefined
    const { entries, total } = await audit.page({ event, skip: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE })
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
    const link = (page: number) =>
      `/admin/audit?${new URLSearchParams({ ...(event ? { event } : {}), page: String(page) }).toString()}`
    const pagination = paginationView(query.page, total, PAGE_SIZE, link)
    sendPage(res, 'pages/admin/audit', {
      title: t('admin.auditTitle'),
      caption: t('admin.auditCaption', { page: query.page, pages }),
      entries: entries.map(auditEntryView),
      events: AUDIT_EVENTS.map((value) => ({ value, label: t(`admin.events.${value}`), selected: value === event })),
      pagination,
    })
  })

  router.get('/admin/users', async (req, res) => {
    const query = parseQuery(UsersQuery, req.query)
    sendPage(
      res,
      'pages/admin/users',
      await usersView(accounts, principalOf(req).user.id, query.page, query.changed, searchOf(query)),
    )
  })

  /** A single-use link that creates a reviewer, curator or administrator account (while the server runs). */
  router.post('/admin/invitations', async (req, res) => {
    const admin = principalOf(req).user
    const parsed = StaffInvitationBody.safeParse(req.body ?? {})
    if (!parsed.success) {
      const view = await usersView(accounts, admin.id, 1, undefined)
      const { errorList } = formErrors(fieldErrors(parsed.error), {
        role: `invite-role-${STAFF_ROLES[0]}`,
        affiliation: 'invite-affiliation',
      })
      return sendPage(
        res,
        'pages/admin/users',
        { ...view, title: t('errors.titlePrefix', { title: view.title }), errorList },
        400,
      )
    }
    const { role, affiliation } = parsed.data
    const { token, expiresAt } = await accounts.createStaffInvitation(
      admin,
      { role, affiliation: affiliation ?? null },
      auditContext(req, 'page'),
    )
    const link = `${req.protocol}://${req.get('host') ?? 'localhost'}/invitations/${token}`
    const view = await usersView(accounts, admin.id, 1, undefined)
    sendPage(
      res,
      'pages/admin/users',
      {
        ...view,
        invitation: {
          heading: t('admin.inviteCreated', { role: roleLabel(role) }),
          link,
          expires: t('account.inviteExpires', { date: formatDateTime(expiresAt) }),
        },
      },
      201,
    )
  })

  router.post('/admin/users/:id/role', async (req, res) => {
    const id = parse(AccountId, req.params.id)
    const parsed = z.strictObject({ role: Role }).safeParse(req.body ?? {})
    try {
      if (!parsed.success) throw new ValidationError({ role: [t('auth.errors.roleRequired')] })
      await accounts.changeRole(principalOf(req).user, id, parsed.data.role, auditContext(req, 'page'))
      res.redirect(303, `/admin/users?changed=${id}`)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const view = await usersView(accounts, principalOf(req).user.id, 1, undefined)
      const { errorList } = formErrors({ role: error.fields?.role ?? [] }, { role: `role-${id}` })
      sendPage(
        res,
        'pages/admin/users',
        { ...view, title: t('errors.titlePrefix', { title: view.title }), errorList },
        400,
      )
    }
  })

  return router
}

function searchOf(query: UsersQuery): UserSearch {
  return { q: query.q, role: query.role, organisation: query.organisation }
}

/** The search as a query string (for pagination links), empty values left out. */
function searchQuery(search: UserSearch, page: number): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(search)) if (value) params.set(key, String(value))
  params.set('page', String(page))
  return params.toString()
}

async function usersView(
  accounts: AccountService,
  meId: string,
  page: number,
  changedId: string | undefined,
  search: UserSearch = NO_SEARCH,
) {
  const searching = Object.values(search).some(Boolean)
  const { users, organisations, total } = await (searching
    ? accounts.searchUsers({ ...search, skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE })
    : accounts.listUsers({ skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }))
  const changed = changedId ? (users.find((u) => u.id === changedId) ?? (await accounts.getUser(changedId))) : null
  return {
    title: t('admin.usersTitle'),
    heading: t('admin.usersTitle'),
    staffInvite: {
      text: t('admin.inviteText', { hours: Math.round(accounts.staffInvitationHours()) }),
      roles: STAFF_ROLES.map((value, i) => ({
        value,
        id: `invite-role-${value}`,
        label: roleLabel(value),
        checked: i === 0,
      })),
      affiliation: textField({
        name: 'affiliation',
        id: 'invite-affiliation',
        label: t('admin.inviteAffiliationLabel'),
        hint: t('admin.inviteAffiliationHint'),
        autocomplete: 'off',
      }),
    },
    notice: changed
      ? t('admin.roleChanged', { name: changed.name.trim() || changed.email, role: roleLabel(changed.role) })
      : undefined,
    users: users.map((user) => {
      const organisation = user.organisationId ? organisations.get(user.organisationId) : undefined
      return {
        id: user.id,
        name: displayName(user.name),
        email: user.email,
        organisation: organisation?.name ?? user.affiliation ?? '',
        since: formatDateTime(user.createdAt),
        role: roleLabel(user.role),
        isMe: user.id === meId,
        action: `/admin/users/${user.id}/role`,
        roleLabel: t('admin.roleOf', { name: user.name.trim() || user.email }),
        hiddenSuffix: t('admin.changeRoleHidden', { name: user.name.trim() || user.email }),
        roles: ROLES.map((value) => ({ value, label: roleLabel(value), selected: value === user.role })),
      }
    }),
    pagination: paginationView(page, total, PAGE_SIZE, (p) => `/admin/users?${searchQuery(search, p)}`),
    search: {
      q: search.q ?? '',
      organisation: search.organisation ?? '',
      roles: ROLES.map((value) => ({ value, label: roleLabel(value), selected: value === search.role })),
      active: searching,
      found: t('admin.search.found', { count: total }),
    },
  }
}
