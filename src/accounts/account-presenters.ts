import { formatDateTime as formatBrusselsTime } from '../i18n/format.js'
import { label, t } from '../i18n/i18n.js'
import { countryName } from '../http/view-helpers.js'
import { displayName, type Organisation, type Role, type User } from './account.js'
import type { AuditEntry } from './audit-log.js'
import type { ApiTokenRecord } from './token-repository.js'

/** API shape of a user; never the password hash or internal fields. */
export function toUserJson(user: User, organisation: Organisation | null) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisation: organisation ? toOrganisationJson(organisation) : null,
    affiliation: user.affiliation,
    createdAt: user.createdAt,
  }
}

export function toOrganisationJson(organisation: Organisation) {
  return {
    id: organisation.id,
    name: organisation.name,
    respondentType: organisation.respondentType,
    country: organisation.country,
  }
}

export function toMemberJson(user: User) {
  return { id: user.id, name: user.name, email: user.email, role: user.role, createdAt: user.createdAt }
}

/** The site's one time convention, labelled Brussels time (src/i18n/format.ts); empty when there is no time. */
export function formatDateTime(iso: string | null): string {
  return iso ? formatBrusselsTime(iso) : ''
}

export function roleLabel(role: Role): string {
  return t(`account.roles.${role}`)
}

export function organisationView(organisation: Organisation) {
  return {
    name: organisation.name,
    respondentType: label('respondentType', organisation.respondentType),
    country: countryName(organisation.country),
  }
}

export function memberView(member: User, me: User) {
  return {
    name: displayName(member.name),
    email: member.email,
    role: roleLabel(member.role),
    since: formatDateTime(member.createdAt),
    isMe: member.id === me.id,
  }
}

export function tokenView(token: ApiTokenRecord) {
  return {
    id: token.id,
    name: token.name,
    createdAt: formatDateTime(token.createdAt),
    lastUsedAt: token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('account.tokenNeverUsed'),
    revokeUrl: `/account/tokens/${token.id}/revoke`,
  }
}

export function auditEntryView(entry: AuditEntry) {
  const actor = entry.via === 'cli' ? t('admin.commandLine') : (entry.actorEmail ?? '')
  return {
    at: formatDateTime(entry.at),
    event: t(`admin.events.${entry.event}`),
    actor,
    subject: entry.subjectEmail ?? '',
    ip: entry.ip ?? '',
    details: Object.entries(entry.details)
      .map(([key, value]) => `${key}: ${value}`)
      .join(' · '),
  }
}
