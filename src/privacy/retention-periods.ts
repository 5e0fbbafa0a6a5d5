import type { AuthSettings } from '../accounts/auth-settings.js'
import type { RetentionSettings } from '../config.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Every retention period in milliseconds: the sweep enforces them, the privacy statement states them. */
export interface RetentionPeriods {
  sessionIdleMs: number
  sessionAbsoluteMs: number
  /** Sign-in and registration attempts: the longest window a throttling limit looks back. */
  signInAttemptsMs: number
  /** Write-quota counters: the longest quota window. */
  writeCountersMs: number
  auditMs: number
  auditIpMs: number
  /** Kept this long after the invitation expired. */
  invitationMs: number
  sweepIntervalMs: number
}

/** SESSION_IDLE_MINUTES and SESSION_MAX_HOURS as the auth settings that end sessions (and set the cookie's Max-Age). */
export function sessionLimits(retention: RetentionSettings): Pick<AuthSettings, 'sessionIdleMs' | 'sessionAbsoluteMs'> {
  return { sessionIdleMs: retention.sessionIdleMinutes * 60_000, sessionAbsoluteMs: retention.sessionMaxHours * HOUR }
}

export function retentionPeriods(
  retention: RetentionSettings,
  auth: AuthSettings,
  longestQuotaWindowMs: number,
): RetentionPeriods {
  return {
    sessionIdleMs: auth.sessionIdleMs,
    sessionAbsoluteMs: auth.sessionAbsoluteMs,
    signInAttemptsMs: Math.max(auth.loginWindowMs, auth.loginGlobalWindowMs, auth.registrationWindowMs),
    writeCountersMs: longestQuotaWindowMs,
    auditMs: retention.auditDays * DAY,
    auditIpMs: Math.min(retention.auditIpDays, retention.auditDays) * DAY,
    invitationMs: retention.invitationDays * DAY,
    sweepIntervalMs: retention.sweepMinutes * 60_000,
  }
}

/** The values the privacy statement's retention messages take (whole hours, days, minutes; rounded up). */
export function retentionParams(p: RetentionPeriods): Record<string, Record<string, number>> {
  const hours = (ms: number) => Math.ceil(ms / HOUR)
  const days = (ms: number) => Math.ceil(ms / DAY)
  return {
    session: {
      idleHours: hours(p.sessionIdleMs),
      maxHours: hours(p.sessionAbsoluteMs),
      sweepMinutes: Math.ceil(p.sweepIntervalMs / 60_000),
    },
    signInAttempts: { hours: hours(p.signInAttemptsMs) },
    writeCounters: { hours: hours(p.writeCountersMs) },
    audit: { days: days(p.auditMs) },
    auditAddress: { days: days(p.auditIpMs) },
    invitation: { days: days(p.invitationMs) },
  }
}
