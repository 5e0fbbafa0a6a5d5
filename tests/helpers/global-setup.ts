import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Once per vitest run: a directory for the seeded store's snapshot (tests/helpers/test-app.ts), removed at the end. */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'fi-test-seed-'))
  process.env.FI_TEST_SEED_DIR = dir
  return () => rmSync(dir, { recursive: true, force: true })
}
