import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authSettings } from '../../src/accounts/auth-settings.js'
import { loadDemo } from '../../src/demo/demo-command.js'
import { checkRecords } from '../../src/migrations/record-checks.js'
import { createTestApp, TEST_SERVICE_OPTIONS, type TestApp } from '../helpers/test-app.js'
import { bound } from '../helpers/test-store.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
}, bound(60_000))
afterAll(async () => {
  await t?.close()
})

describe('npm run cli -- demo, then npm start', () => {
  // The server checks every stored record at start and refused a store holding demo accounts
  // made without --password-stdin (their password field is a no-sign-in marker, not a hash).
  it('leaves a store the start-up record check accepts when the demo accounts were made without a password', async () => {
    await loadDemo(t.services.store, { settings: authSettings(TEST_SERVICE_OPTIONS.auth) })
    const report = await checkRecords(t.services.store)
    expect(report.problems).toEqual([])
  })
})
