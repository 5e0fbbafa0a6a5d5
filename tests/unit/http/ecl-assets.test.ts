import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ECL_ICONS, ECL_PACKAGES } from '../../../src/http/ecl-pins.js'

const root = new URL('../../../', import.meta.url).pathname
const ecl = join(root, 'views/assets/ecl')
const manifest = JSON.parse(readFileSync(join(ecl, 'manifest.json'), 'utf8')) as {
  packages: typeof ECL_PACKAGES
  files: Record<string, string>
}

function files(dir: string, exts: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && exts.some((ext) => e.name.endsWith(ext)))
    .map((e) => join(e.parentPath, e.name))
}

/** Every `ecl-…` class written in a template or in our code. */
function eclClassesInUse(): Set<string> {
  const used = new Set<string>()
  for (const file of [...files(join(root, 'views'), ['.hbs']), ...files(join(root, 'views/assets'), ['.js'])]) {
    for (const attr of readFileSync(file, 'utf8').matchAll(/class="([^"]*)"/g)) {
      for (const name of attr[1]!.replace(/\{\{[^}]*\}\}/g, ' ').split(/\s+/)) {
        if (/^ecl-[a-z0-9_-]+$/.test(name) && !name.endsWith('-') && !name.endsWith('--')) used.add(name)
      }
    }
  }
  return used
}

describe('the vendored Europa Component Library (views/assets/ecl, npm run vendor:ecl)', () => {
  it('is what scripts/vendor-ecl.ts wrote from the pinned packages (nothing edited by hand)', () => {
    expect(manifest.packages).toEqual(ECL_PACKAGES)
    for (const [file, sha256] of Object.entries(manifest.files)) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(ecl, file)))
          .digest('hex'),
        file,
      ).toBe(sha256)
    }
    expect(Object.keys(manifest.files)).toContain('LICENSE.txt')
  })

  it('has a rule for every ECL class the templates use (run npm run vendor:ecl after using a new one)', () => {
    const css = readFileSync(join(ecl, 'ecl.css'), 'utf8')
    const missing = [...eclClassesInUse()].filter((name) => !new RegExp(`\\.${name}(?![a-z0-9_-])`).test(css))
    expect(missing).toEqual([])
  })

  it('asks the browser for nothing outside the app: fonts are ours, no CDN', () => {
    const css = readFileSync(join(ecl, 'ecl.css'), 'utf8')
    expect(css).not.toMatch(/url\(["']?(https?:)?\/\//)
    expect(css).toContain('url(fonts/InterVariable.woff2)')
  })

  it('draws every icon the templates name from its sprite', () => {
    const sprite = readFileSync(join(ecl, 'icons.svg'), 'utf8')
    for (const icon of ECL_ICONS) expect(sprite).toContain(`<symbol id="${icon}"`)
    const named = new Set<string>()
    for (const file of files(join(root, 'views'), ['.hbs'])) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\{\{> ecl-icon name="([^"]+)"/g)) named.add(m[1]!)
    }
    expect([...named].filter((name) => !(ECL_ICONS as readonly string[]).includes(name))).toEqual([])
  })
})
