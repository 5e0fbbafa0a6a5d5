import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

// A file another process renames between readdir and stat (its snapshot's temp file, found by the
// lock race test under load) must not stop this process from opening or reporting LOCKED.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  const stat = (async (path: string, ...rest: unknown[]) => {
    if (String(path).endsWith('vanishing.tmp'))
      throw Object.assign(new Error(`ENOENT: no such file or directory, stat '${path}'`), { code: 'ENOENT' })
    return (real.stat as (...a: unknown[]) => unknown)(path, ...rest)
  }) as typeof real.stat
  return { ...real, stat, default: { ...real, stat } }
})

const { ensureDataDir } = await import('../../../src/storage/embedded/data-files.js')

describe('ensureDataDir', () => {
  it('skips a file that vanished after the directory was listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fi-dir-'))
    writeFileSync(join(dir, 'vanishing.tmp'), 'x')
    await expect(ensureDataDir(dir)).resolves.toBeUndefined()
  })

  it('still reports any other error', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fi-dir-')), 'file')
    writeFileSync(dir, 'not a directory')
    await expect(ensureDataDir(join(dir, 'sub'))).rejects.toThrow()
  })
})
