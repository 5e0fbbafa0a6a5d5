import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EMBEDDED_PASS_ONLY, UNIT_TESTS_ON_THE_TEST_STORE } from '../../vitest.config.js'

/**
 * The FerretDB pass leaves out the unit tests and the embedded engine's process tests (ADR 067):
 * that is only safe while none of them reaches MONGODB_URI. This fails when one does, so the file
 * is listed for the engine pass instead of its MongoDB coverage being lost without a word.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ENGINE_AWARE = [/process\.env\.MONGODB_URI/, /\bTEST_MONGODB_URI\b/, /\btestEngine\b/, /\bopenTestStore\b/]

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `${dir}/${name.split('\\').join('/')}`)
}

/** `*` within a path segment, `**` across segments: all the globs in vitest.config.ts use. */
function globMatches(glob: string, path: string): boolean {
  const pattern = glob
    .split('**')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*'))
    .join('.*')
  return new RegExp(`^${pattern}$`).test(path)
}

/** The file and every test-folder module it imports, directly or through others (the app's src/ reads no MONGODB_URI by itself). */
function testModulesReached(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen
  seen.add(file)
  const text = readFileSync(join(ROOT, file), 'utf8')
  for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
    const target = relative(ROOT, resolve(ROOT, dirname(file), spec!.replace(/\.js$/, '.ts')))
    if (target.startsWith('tests/')) testModulesReached(target, seen)
  }
  return seen
}

/** Left out although a module they import names the test store: what they use of it opens no MongoDB. */
const EMBEDDED_BY_DESIGN: Record<string, string> = {
  'tests/contract/embedded-store.test.ts':
    'the shared contract on openEmbeddedStore; tests/helpers/mongodb-server.ts only marks cases that need MongoDB 7 (mongodb-store.test.ts runs the contract on MongoDB)',
  'tests/api/migrations.test.ts':
    'takes only the cheap scrypt cost from tests/helpers/test-app.ts; migrates an embedded data directory',
}

function engineAwareModules(file: string): string[] {
  return [...testModulesReached(file)].filter((module) => {
    const text = readFileSync(join(ROOT, module), 'utf8')
    return ENGINE_AWARE.some((marker) => marker.test(text))
  })
}

const leftOut = [
  ...testFiles('tests/unit').filter((file) => !UNIT_TESTS_ON_THE_TEST_STORE.includes(file)),
  ...[...testFiles('tests/contract'), ...testFiles('tests/api')].filter((file) =>
    EMBEDDED_PASS_ONLY.some((glob) => globMatches(glob, file)),
  ),
]

describe('the FerretDB pass leaves out only tests that never reach MONGODB_URI', () => {
  it('finds the tests it leaves out, and the ones it must keep do reach the test store', () => {
    expect(leftOut).toContain('tests/unit/csv.test.ts')
    expect(leftOut).toContain('tests/contract/crash-units.test.ts')
    expect(leftOut).not.toContain('tests/contract/mongodb-store.test.ts')
    for (const file of UNIT_TESTS_ON_THE_TEST_STORE) expect(engineAwareModules(file), file).not.toEqual([])
    // The marker search sees through helper modules: the API suite reaches the store by tests/helpers/test-app.ts.
    expect(engineAwareModules('tests/api/catalogue-api.test.ts')).toContain('tests/helpers/test-store.ts')
  })

  it.each(leftOut.filter((file) => !(file in EMBEDDED_BY_DESIGN)))('%s never reaches MONGODB_URI', (file) => {
    expect(engineAwareModules(file)).toEqual([])
  })

  it('the files left out by design are still left out', () => {
    for (const file of Object.keys(EMBEDDED_BY_DESIGN)) expect(leftOut).toContain(file)
  })
})
