/**
 * Write quotas (ADR 033): how often one account, and one client address, may make each kind of
 * write a self-registered user can make. Sliding windows, counted in the store (`write_quotas`) so
 * that every app instance shares them. Per-address limits are wider than per-account ones: the
 * officials of a city hall often share one address.
 */
export const QUOTA_ACTIONS = [
  'proposal',
  'responseStart',
  'responseSave',
  'token',
  'invitation',
  'passwordChange',
  'locale',
  'translationReport',
] as const
export type QuotaAction = (typeof QUOTA_ACTIONS)[number]

export interface Window {
  readonly max: number
  readonly windowMs: number
}

export interface QuotaRule {
  readonly perAccount: readonly Window[]
  readonly perAddress: readonly Window[]
}

export type QuotaSettings = Readonly<Record<QuotaAction, QuotaRule>>

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const QUOTA_SETTINGS: QuotaSettings = Object.freeze({
  /** Proposed cases (`/proposals/new`, `POST /api/v1/proposals`); a refused form counts too. */
  proposal: {
    perAccount: [
      { max: 30, windowMs: HOUR },
      { max: 100, windowMs: DAY },
    ],
    perAddress: [{ max: 100, windowMs: HOUR }],
  },
  /** Starting a questionnaire response (the organisation's open one is returned when there is one). */
  responseStart: { perAccount: [{ max: 30, windowMs: HOUR }], perAddress: [{ max: 200, windowMs: HOUR }] },
  /** Saves of answers: autosave, a section's "Save and continue", consent, submit. Autosave waits and retries. */
  responseSave: {
    perAccount: [
      { max: 60, windowMs: MINUTE },
      { max: 1500, windowMs: HOUR },
    ],
    perAddress: [{ max: 300, windowMs: MINUTE }],
  },
  /** API tokens (`/account` and `POST /api/v1/auth/token`). */
  token: { perAccount: [{ max: 20, windowMs: HOUR }], perAddress: [{ max: 100, windowMs: HOUR }] },
  /** Invitation links into an organisation. */
  invitation: { perAccount: [{ max: 20, windowMs: DAY }], perAddress: [{ max: 100, windowMs: DAY }] },
  /** Password changes (wrong current passwords are limited like sign-ins as well). */
  passwordChange: { perAccount: [{ max: 10, windowMs: HOUR }], perAddress: [{ max: 50, windowMs: HOUR }] },
  /** Remembering the language a signed-in user picks; over the limit the choice still applies, unsaved. */
  locale: { perAccount: [{ max: 20, windowMs: HOUR }], perAddress: [{ max: 200, windowMs: HOUR }] },
  /** "Report a translation problem" (anyone may send one, signed in or not). */
  translationReport: { perAccount: [{ max: 20, windowMs: DAY }], perAddress: [{ max: 10, windowMs: HOUR }] },
})

export function quotaSettings(overrides: Partial<Record<QuotaAction, Partial<QuotaRule>>> = {}): QuotaSettings {
  const merged = { ...QUOTA_SETTINGS } as Record<QuotaAction, QuotaRule>
  for (const [action, rule] of Object.entries(overrides) as [QuotaAction, Partial<QuotaRule>][])
    merged[action] = { ...QUOTA_SETTINGS[action], ...rule }
  return Object.freeze(merged)
}
