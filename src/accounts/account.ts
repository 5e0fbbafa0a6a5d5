import { z } from 'zod'
import { type Locale, t } from '../i18n/i18n.js'
import { EU_MEMBER_STATES } from '../matching/rules/eu-member-states.js'
import { RespondentType } from '../shared/codelists.js'
import { PASSWORD_MAX_LENGTH } from './passwords.js'

export const ROLES = ['respondent', 'reviewer', 'curator', 'admin'] as const
export const Role = z.enum(ROLES, { error: () => t('auth.errors.roleRequired') })
export type Role = z.infer<typeof Role>

/**
 * Countries an organisation can register from: the EU Member States, the EEA and Switzerland, the
 * United Kingdom and the EU candidate countries (ISO 3166-1 alpha-2; Greece is GR).
 */
export const REGISTRATION_COUNTRIES = [
  ...EU_MEMBER_STATES,
  ...['IS', 'LI', 'NO', 'CH', 'GB'],
  ...['AL', 'BA', 'GE', 'MD', 'ME', 'MK', 'RS', 'TR', 'UA'],
] as const
export const OrganisationCountry = z.enum(REGISTRATION_COUNTRIES, { error: () => t('auth.errors.countryRequired') })

export const AccountId = z.uuid()

/** Email addresses are compared trimmed and in lower case; the unique index is on that form. */
export const Email = z
  .string({ error: () => t('auth.errors.emailRequired') })
  .trim()
  .min(1, { error: () => t('auth.errors.emailRequired'), abort: true })
  .max(254, { error: () => t('auth.errors.emailTooLong'), abort: true })
  .toLowerCase()
  .regex(z.regexes.email, { error: () => t('auth.errors.emailFormat') })

export const PersonName = z
  .string({ error: () => t('auth.errors.nameRequired') })
  .trim()
  .min(1, { error: () => t('auth.errors.nameRequired'), abort: true })
  .max(100, { error: () => t('auth.errors.nameTooLong') })

/** How a person is named on pages: an account made without a name says so, never by its e-mail's local part. */
export function displayName(name: string | null | undefined): string {
  return name?.trim() || t('account.nameNotGiven')
}

export const OrganisationName = z
  .string({ error: () => t('auth.errors.organisationRequired') })
  .trim()
  .min(1, { error: () => t('auth.errors.organisationRequired'), abort: true })
  .min(2, { error: () => t('auth.errors.organisationLength'), abort: true })
  .max(150, { error: () => t('auth.errors.organisationLength') })

/** A password as typed when signing in: only bounded, never trimmed. Strength is checked apart (it needs the email). */
export const PasswordInput = z
  .string({ error: () => t('auth.errors.passwordRequired') })
  .min(1, { error: () => t('auth.errors.passwordRequired'), abort: true })
  .max(PASSWORD_MAX_LENGTH, { error: () => t('auth.errors.passwordTooLong') })

export const NewPasswordInput = z
  .string({ error: () => t('auth.errors.newPasswordRequired') })
  .min(1, { error: () => t('auth.errors.newPasswordRequired'), abort: true })
  .max(PASSWORD_MAX_LENGTH, { error: () => t('auth.errors.passwordTooLong') })

export const RespondentTypeInput = z.enum(RespondentType.options, {
  error: () => t('auth.errors.respondentTypeRequired'),
})

export const RegisterInput = z.strictObject({
  name: PersonName,
  email: Email,
  password: NewPasswordInput,
  organisation: OrganisationName,
  respondentType: RespondentTypeInput,
  country: OrganisationCountry,
})
export type RegisterInput = z.infer<typeof RegisterInput>

export const InvitedRegisterInput = RegisterInput.pick({ name: true, email: true, password: true })
export type InvitedRegisterInput = z.infer<typeof InvitedRegisterInput>

export const LoginInput = z.strictObject({ email: Email, password: PasswordInput })
export type LoginInput = z.infer<typeof LoginInput>

export const TokenName = z
  .string({ error: () => t('auth.errors.tokenNameRequired') })
  .trim()
  .min(1, { error: () => t('auth.errors.tokenNameRequired'), abort: true })
  .max(80, { error: () => t('auth.errors.tokenNameTooLong') })

export const ChangePasswordInput = z.strictObject({
  currentPassword: z
    .string({ error: () => t('auth.errors.currentPasswordRequired') })
    .min(1, { error: () => t('auth.errors.currentPasswordRequired'), abort: true })
    .max(PASSWORD_MAX_LENGTH, { error: () => t('auth.errors.passwordTooLong') }),
  newPassword: NewPasswordInput,
})
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>

export interface User {
  id: string
  email: string
  name: string
  role: Role
  /** Respondents belong to exactly one organisation; other roles usually to none. */
  organisationId: string | null
  /** Free text for staff accounts ("DG HOME", "CEB"); null for respondents. */
  affiliation: string | null
  /** The language the user chose with the switcher (null: follow the browser). */
  locale: Locale | null
  createdAt: string
  updatedAt: string
}

export interface Organisation {
  id: string
  name: string
  respondentType: RespondentType
  country: string
  createdAt: string
  /** Demonstration data (`npm run cli -- demo`): its responses are demo responses. */
  demo?: boolean
}
