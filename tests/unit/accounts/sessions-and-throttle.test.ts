import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { authSettings } from '../../../src/accounts/auth-settings.js'
import { AttemptThrottle } from '../../../src/accounts/login-throttle.js'
import { SessionRepository } from '../../../src/accounts/session-repository.js'
import { SessionService } from '../../../src/accounts/session-service.js'
import { hashSecret } from '../../../src/accounts/secrets.js'
import type { DocumentStore } from '../../../src/storage/document-store.js'
import { openStore } from '../../../src/storage/open-store.js'

const MINUTE = 60_000
let dir: string
let store: DocumentStore
let clock: number
const now = () => new Date(clock)

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fi-accounts-'))
  store = await openStore({ dataDir: dir })
  clock = Date.parse('2026-03-01T08:00:00.000Z')
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('SessionService', () => {
  const settings = authSettings({
    sessionIdleMs: 120 * MINUTE,
    sessionAbsoluteMs: 720 * MINUTE,
    touchIntervalMs: MINUTE,
  })

  it('stores only the hash of the session id', async () => {
    const sessions = new SessionService(new SessionRepository(store), settings, now)
    const { id } = await sessions.start('user-1')
    const docs = await store.collection('sessions').find({})
    expect(docs.map((d) => d._id)).toEqual([hashSecret(id)])
    expect(JSON.stringify(docs)).not.toContain(id)
  })

  it('ends after two idle hours, but not while in use', async () => {
    const sessions = new SessionService(new SessionRepository(store), settings, now)
    const { id } = await sessions.start('user-1')
    for (let i = 0; i < 5; i++) {
      clock += 100 * MINUTE
      expect(await sessions.resolve(id)).not.toBeNull()
    }
    clock += 120 * MINUTE
    expect(await sessions.resolve(id)).toBeNull()
    expect(await store.collection('sessions').countDocuments({})).toBe(0)
  })

  it('ends twelve hours after sign-in however active', async () => {
    const sessions = new SessionService(new SessionRepository(store), settings, now)
    const { id } = await sessions.start('user-1')
    for (let i = 0; i < 11; i++) {
      clock += 60 * MINUTE
      expect(await sessions.resolve(id)).not.toBeNull()
    }
    clock += 60 * MINUTE
    expect(await sessions.resolve(id)).toBeNull()
  })

  it('rejects malformed ids without a lookup, and a new sign-in replaces the old session', async () => {
    const sessions = new SessionService(new SessionRepository(store), settings, now)
    expect(await sessions.resolve('{"$ne":null}')).toBeNull()
    const first = await sessions.start('user-1')
    const second = await sessions.start('user-1', first.id)
    expect(second.id).not.toBe(first.id)
    expect(await sessions.resolve(first.id)).toBeNull()
    expect(await sessions.resolve(second.id)).not.toBeNull()
  })
})

describe('AttemptThrottle', () => {
  it('allows max attempts per sliding window, then says how long to wait', async () => {
    const throttle = new AttemptThrottle(store, now)
    const limit = { key: 'login:account:a@b.eu', max: 3, windowMs: 15 * MINUTE }
    for (let i = 0; i < 3; i++) {
      expect(await throttle.attempt([limit])).toHaveProperty('ids')
      clock += MINUTE
    }
    const blocked = await throttle.attempt([limit])
    // The first attempt leaves the window 15 minutes after it was made: 12 minutes from now.
    expect(blocked).toEqual({ blockedForSeconds: 12 * 60 })
    clock += 12 * MINUTE
    expect(await throttle.attempt([limit])).toHaveProperty('ids')
  })

  it('blocked attempts do not extend the lock; reset clears a key', async () => {
    const throttle = new AttemptThrottle(store, now)
    const limit = { key: 'k', max: 1, windowMs: 10 * MINUTE }
    await throttle.attempt([limit])
    for (let i = 0; i < 5; i++) expect(await throttle.attempt([limit])).toHaveProperty('blockedForSeconds')
    clock += 10 * MINUTE + 1
    expect(await throttle.attempt([limit])).toHaveProperty('ids')
    await throttle.reset('k', 10 * MINUTE)
    expect(await throttle.attempt([limit])).toHaveProperty('ids')
  })
})
