import { configDefaults, defineConfig } from 'vitest/config'

/**
 * `FI_ENGINE_PASS=mongodb` (set by `npm run test:mongodb` and CI's second pass on FerretDB) runs
 * the suite against MONGODB_URI without the tests that never touch it: they ran in the embedded
 * pass, and running them again would test the same thing twice (ADR 067). FerretDB answers more
 * slowly than the in-process engine, so that pass gets longer bounds.
 */
const enginePass = process.env.FI_ENGINE_PASS === 'mongodb'

/** Unit tests run in the embedded pass only, but for these: they open the engine-aware test store (tests/helpers/test-store.ts). */
export const UNIT_TESTS_ON_THE_TEST_STORE = ['tests/unit/privacy/retention-sweep.test.ts']
export const ENGINE_PASS_INCLUDE = [
  'tests/api/**/*.test.ts',
  'tests/contract/**/*.test.ts',
  ...UNIT_TESTS_ON_THE_TEST_STORE,
]
/** Left out of the engine pass: they open data directories of the embedded engine, never MONGODB_URI. */
export const EMBEDDED_PASS_ONLY = [
  'tests/contract/crash.test.ts',
  'tests/contract/crash-units.test.ts',
  'tests/contract/embedded-*.test.ts',
  'tests/contract/questionnaire-kill.test.ts',
  'tests/contract/recovery.test.ts',
  'tests/contract/restore-kill.test.ts',
  'tests/contract/server-lifecycle.test.ts',
  'tests/contract/store-lock.test.ts',
  'tests/api/migrations.test.ts',
]

export default defineConfig({
  test: {
    // The browser tests check what pages say: the embedded pass runs them.
    include: enginePass ? ENGINE_PASS_INCLUDE : ['tests/**/*.test.ts'],
    exclude: enginePass ? [...configDefaults.exclude, ...EMBEDDED_PASS_ONLY] : configDefaults.exclude,
    environment: 'node',
    // A directory for the seeded store's snapshot that test apps restore instead of seeding again (ADR 067).
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: enginePass ? 90_000 : 20_000,
    hookTimeout: enginePass ? 240_000 : 60_000,
    // Crash and browser suites start processes; two cores do not like many at once.
    maxWorkers: 2,
  },
})
