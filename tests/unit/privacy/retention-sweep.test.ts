import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AUTH_SETTINGS } from '../../../src/accounts/auth-settings.js'
import { DEFAULT_RETENTION } from '../../../src/config.js'
import { retentionPeriods, sessionLimits } from '../../../src/privacy/retention-periods.js'
import { RetentionSweep } from '../../../src/privacy/retention-sweep.js'
import type { DocumentStore } from '../../../src/storage/document-store.js'
import { openTestStore } from '../../helpers/test-store.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const NOW = new Date('2026-12-02T12:00:00.000Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString()

let dir: string
let store: DocumentStore
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fi-retention-'))
  store = await openTestStore(dir)
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const periods = retentionPeriods(
  { ...DEFAULT_RETENTION, auditDays: 365, auditIpDays: 90, invitationDays: 30 },
  AUTH_SETTINGS,
  DAY,
)
const ids = async (name: string) => (await store.collection(name).find({}, { sort: { _id: 1 } })).map((d) => d._id)

describe('the retention sweep, with a clock', () => {
  it('deletes expired sessions, old counters, old audit entries and long-expired invitations, and keeps the rest', async () => {
    await store.collection('sessions').insertMany([
      { _id: 'fresh', userId: 'u', csrfToken: 'c', createdAt: ago(HOUR), lastSeenAt: ago(60_000) },
      { _id: 'idle', userId: 'u', csrfToken: 'c', createdAt: ago(3 * HOUR), lastSeenAt: ago(2 * HOUR + 1) },
      { _id: 'too-old', userId: 'u', csrfToken: 'c', createdAt: ago(12 * HOUR + 1), lastSeenAt: ago(60_000) },
    ])
    await store.collection('login_attempts').insertMany([
      { _id: 'recent', key: 'login:ip:203.0.113.9', at: ago(30 * 60_000) },
      { _id: 'old', key: 'login:account-ip:a@b.eu:203.0.113.9', at: ago(HOUR + 1) },
    ])
    await store.collection('write_quotas').insertMany([
      { _id: 'today', key: 'proposal:ip:203.0.113.9:1', at: ago(23 * HOUR) },
      { _id: 'yesterday', key: 'proposal:ip:203.0.113.9:1', at: ago(DAY + 1) },
    ])
    await store.collection('audit_log').insertMany([
      { _id: 'a-new', at: ago(DAY), event: 'sign_in', ip: '203.0.113.9', actorEmail: 'a@b.eu' },
      { _id: 'a-91', at: ago(91 * DAY), event: 'sign_in', ip: '203.0.113.9', actorEmail: 'a@b.eu' },
      { _id: 'a-366', at: ago(366 * DAY), event: 'sign_in', ip: '203.0.113.9', actorEmail: 'a@b.eu' },
    ])
    await store.collection('invitations').insertMany([
      { _id: 'open', tokenHash: 'h1', expiresAt: ago(-DAY), usedAt: null },
      { _id: 'expired-lately', tokenHash: 'h2', expiresAt: ago(29 * DAY), usedAt: null },
      { _id: 'expired-long-ago', tokenHash: 'h3', expiresAt: ago(31 * DAY), usedAt: ago(35 * DAY) },
    ])
    const report = await new RetentionSweep(store, periods, () => NOW).sweep()
    expect(report).toEqual({
      at: NOW.toISOString(),
      sessions: 2,
      signInAttempts: 1,
      writeCounters: 1,
      auditEntries: 1,
      auditAddresses: 1,
      invitations: 1,
    })
    expect(await ids('sessions')).toEqual(['fresh'])
    expect(await ids('login_attempts')).toEqual(['recent'])
    expect(await ids('write_quotas')).toEqual(['today'])
    expect(await ids('invitations')).toEqual(['expired-lately', 'open'])
    const audit = await store.collection('audit_log').find({}, { sort: { _id: 1 } })
    expect(audit.map((d) => [d._id, d.ip, d.actorEmail])).toEqual([
      ['a-91', null, 'a@b.eu'],
      ['a-new', '203.0.113.9', 'a@b.eu'],
    ])
    // Nothing left to do: a second sweep changes nothing.
    expect(await new RetentionSweep(store, periods, () => NOW).sweep()).toMatchObject({
      sessions: 0,
      signInAttempts: 0,
      writeCounters: 0,
      auditEntries: 0,
      auditAddresses: 0,
      invitations: 0,
    })
  })

  it('follows the configured periods', async () => {
    await store
      .collection('audit_log')
      .insertOne({ _id: 'a-40', at: ago(40 * DAY), event: 'sign_in', ip: '203.0.113.9' })
    const short = retentionPeriods({ ...DEFAULT_RETENTION, auditDays: 30, auditIpDays: 7 }, AUTH_SETTINGS, DAY)
    expect((await new RetentionSweep(store, periods, () => NOW).sweep()).auditEntries).toBe(0)
    expect((await new RetentionSweep(store, short, () => NOW).sweep()).auditEntries).toBe(1)
  })

  it('the server schedules a sweep at once, and stopping waits for it', async () => {
    await store.collection('login_attempts').insertOne({ _id: 'old', key: 'login:ip:203.0.113.9', at: ago(2 * HOUR) })
    const reports: unknown[] = []
    const stop = new RetentionSweep(store, periods, () => NOW).schedule(
      (r) => reports.push(r),
      (e) => reports.push(e),
    )
    await stop()
    expect(reports).toMatchObject([{ signInAttempts: 1 }])
    expect(await store.collection('login_attempts').countDocuments({})).toBe(0)
  })

  it('SESSION_IDLE_MINUTES and SESSION_MAX_HOURS set how long sessions live and when the sweep deletes them', async () => {
    await store
      .collection('sessions')
      .insertOne({ _id: 'idle-40', userId: 'u', csrfToken: 'c', createdAt: ago(HOUR), lastSeenAt: ago(40 * 60_000) })
    const limits = sessionLimits({ ...DEFAULT_RETENTION, sessionIdleMinutes: 30, sessionMaxHours: 8 })
    expect(limits).toEqual({ sessionIdleMs: 30 * 60_000, sessionAbsoluteMs: 8 * HOUR })
    expect((await new RetentionSweep(store, periods, () => NOW).sweep()).sessions).toBe(0)
    expect(
      (
        await new RetentionSweep(
          store,
          retentionPeriods(DEFAULT_RETENTION, { ...AUTH_SETTINGS, ...limits }, DAY),
          () => NOW,
        ).sweep()
      ).sessions,
    ).toBe(1)
  })

  it('never keeps an address longer than its audit entry', () => {
    expect(
      retentionPeriods({ ...DEFAULT_RETENTION, auditDays: 30, auditIpDays: 90 }, AUTH_SETTINGS, DAY).auditIpMs,
    ).toBe(30 * DAY)
  })
})
