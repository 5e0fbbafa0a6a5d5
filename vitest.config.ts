import { configDefaults, defineConfig } from 'vitest/config'

/**
 * `FI_ENGINE_PASS=mongodb` (set by `npm run test:mongodb` and CI's second pass on FerretDB) runs
 * the suite against MONGODB_URI without the tests that never touch it: the browser tests (they
 * check what pages say, in the embedded pass) and the embedded engine's crash and durability tests.
 * FerretDB answers more slowly than the in-process engine, so that pass gets longer bounds.
 */
const enginePass = process.env.FI_ENGINE_PASS === 'mongodb'
export const EMBEDDED_PASS_ONLY = [
  'tests/browser/**',
  'tests/contract/crash.test.ts',
  'tests/contract/embedded-*.test.ts',
  'tests/contract/questionnaire-kill.test.ts',
  'tests/contract/server-lifecycle.test.ts',
  'tests/api/migrations.test.ts',
]

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: enginePass ? [...configDefaults.exclude, ...EMBEDDED_PASS_ONLY] : configDefaults.exclude,
    environment: 'node',
    testTimeout: enginePass ? 90_000 : 20_000,
    hookTimeout: enginePass ? 240_000 : 60_000,
    // Crash and browser suites start processes; two cores do not like many at once.
    maxWorkers: 2,
  },
})
