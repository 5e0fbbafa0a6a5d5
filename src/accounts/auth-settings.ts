/** Security settings of accounts and sessions. Defaults are for production; tests pass cheaper scrypt costs. */
export interface AuthSettings {
  /** scrypt cost: N (CPU and memory), r (block size), p (parallelism); memory ≈ 128·N·r bytes. */
  readonly scrypt: { readonly N: number; readonly r: number; readonly p: number }
  readonly passwordMinLength: number
  /** A session ends after this long without a request. */
  readonly sessionIdleMs: number
  /** A session ends this long after sign-in, whatever the activity. */
  readonly sessionAbsoluteMs: number
  /** `lastSeenAt` / `lastUsedAt` are written at most this often (each write is an fsync on the embedded store). */
  readonly touchIntervalMs: number
  readonly invitationTtlMs: number
  /** An administrator's invitation to a reviewer, curator or administrator account lasts less. */
  readonly staffInvitationTtlMs: number
  /** Failed sign-ins allowed per account (normalised email) *from one client address* in the sliding window. */
  readonly loginFailuresPerAccount: number
  /** Failed sign-ins allowed per client address (any accounts) in the sliding window. */
  readonly loginFailuresPerAddress: number
  readonly loginWindowMs: number
  /**
   * The slower global back-off: failed sign-ins per account from all addresses together in the
   * longer window. A browser that signed in to the account before is exempt (src/accounts/known-device.ts).
   */
  readonly loginFailuresPerAccountGlobal: number
  readonly loginGlobalWindowMs: number
  /** Registrations (pages and API together) allowed per client address in the window. */
  readonly registrationsPerAddress: number
  readonly registrationWindowMs: number
  /** Live API tokens one account may hold (the list on /account stays short; ADR 033). */
  readonly maxTokensPerAccount: number
  /** Sessions one account may hold at once; the oldest ends when a new sign-in goes over. */
  readonly maxSessionsPerAccount: number
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE

export const AUTH_SETTINGS: AuthSettings = Object.freeze({
  // OWASP's scrypt minimum "N=2^15, r=8, p=3": 32 MiB per hash, ~0.2-0.6 s.
  scrypt: Object.freeze({ N: 2 ** 15, r: 8, p: 3 }),
  passwordMinLength: 12,
  sessionIdleMs: 2 * HOUR,
  sessionAbsoluteMs: 12 * HOUR,
  touchIntervalMs: MINUTE,
  invitationTtlMs: 7 * 24 * HOUR,
  staffInvitationTtlMs: 72 * HOUR,
  loginFailuresPerAccount: 5,
  loginFailuresPerAddress: 20,
  loginWindowMs: 15 * MINUTE,
  loginFailuresPerAccountGlobal: 50,
  loginGlobalWindowMs: HOUR,
  registrationsPerAddress: 10,
  registrationWindowMs: HOUR,
  maxTokensPerAccount: 50,
  maxSessionsPerAccount: 20,
})

export function authSettings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  return Object.freeze({ ...AUTH_SETTINGS, ...overrides })
}
