import type { AuthSettings } from './auth-settings.js'
import { hashSecret, randomSecret, SECRET_PATTERN } from './secrets.js'
import type { SessionRecord, SessionRepository } from './session-repository.js'

export interface StartedSession {
  /** Goes in the cookie; never stored. */
  id: string
  record: SessionRecord
}

/** Server-side sessions through the storage port, so they work on both engines and across instances. */
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly settings: AuthSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A brand-new session (a new id at every sign-in: no fixation); `replacing` is ended first. */
  async start(userId: string, replacing?: string): Promise<StartedSession> {
    if (replacing) await this.end(replacing)
    const at = this.now().toISOString()
    const id = randomSecret()
    const record: SessionRecord = {
      idHash: hashSecret(id),
      userId,
      csrfToken: randomSecret(),
      createdAt: at,
      lastSeenAt: at,
    }
    await this.sessions.insert(record)
    await this.sessions.keepNewest(userId, this.settings.maxSessionsPerAccount)
    await this.purgeExpired()
    return { id, record }
  }

  /** The live session for a cookie value, or null (unknown, idle too long, or too old: expired ones are deleted). */
  async resolve(id: string): Promise<SessionRecord | null> {
    if (!SECRET_PATTERN.test(id)) return null
    const record = await this.sessions.get(hashSecret(id))
    if (!record) return null
    const now = this.now()
    if (this.isExpired(record, now)) {
      await this.sessions.remove(record.idHash)
      return null
    }
    if (now.getTime() - Date.parse(record.lastSeenAt) >= this.settings.touchIntervalMs) {
      const at = now.toISOString()
      await this.sessions.touch(record.idHash, at)
      return { ...record, lastSeenAt: at }
    }
    return record
  }

  isExpired(record: SessionRecord, now = this.now()): boolean {
    const t = now.getTime()
    return (
      t - Date.parse(record.lastSeenAt) >= this.settings.sessionIdleMs ||
      t - Date.parse(record.createdAt) >= this.settings.sessionAbsoluteMs
    )
  }

  async end(id: string): Promise<void> {
    if (SECRET_PATTERN.test(id)) await this.sessions.remove(hashSecret(id))
  }

  async endRecord(record: SessionRecord): Promise<void> {
    await this.sessions.remove(record.idHash)
  }

  /** Ends every session of a user except the one given. */
  endOthers(userId: string, keep: SessionRecord | null): Promise<number> {
    return this.sessions.removeForUser(userId, keep?.idHash ?? null)
  }

  private async purgeExpired(): Promise<void> {
    const now = this.now().getTime()
    await this.sessions.removeExpired(
      new Date(now - this.settings.sessionIdleMs).toISOString(),
      new Date(now - this.settings.sessionAbsoluteMs).toISOString(),
    )
  }
}
