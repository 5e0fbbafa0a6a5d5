/**
 * `npm run vendor:ecl`: fetches the pinned Europa Component Library packages from the npm registry
 * (`npm pack`, integrity checked against the pins below), and writes what the app serves to
 * views/assets/ecl/ (committed, ADR 062): one stylesheet and one print stylesheet cut down to the
 * classes the templates use (PurgeCSS), the Inter fonts cut to our languages' characters, the EC logos of our languages and a sprite
 * of the icons we use. Run it again after a template starts using another ECL class; the test
 * tests/unit/http/ecl-assets.test.ts says when that is needed.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PurgeCSS } from 'purgecss'
import {
  ECL_ICONS,
  ECL_LOGO_LANGUAGES,
  ECL_PACKAGES,
  ECL_SAFELIST,
  FONT_LAYOUT_FEATURES,
  FONT_TOOLS,
  FONT_UNICODES,
} from '../src/http/ecl-pins.js'

const root = new URL('..', import.meta.url).pathname
const out = join(root, 'views/assets/ecl')
const cache = join(root, 'node_modules/.cache/ecl')

function packed(name: string, version: string, integrity: string): string {
  mkdirSync(cache, { recursive: true })
  const dir = join(cache, `${name.replace('/', '__')}-${version}`)
  if (!existsSync(join(dir, 'package/package.json'))) {
    const json = execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', cache], {
      encoding: 'utf8',
    })
    const [info] = JSON.parse(json) as { filename: string; integrity: string }[]
    if (!info || info.integrity !== integrity) {
      throw new Error(`${name}@${version}: integrity ${info?.integrity} is not the pinned ${integrity}`)
    }
    const tarball = join(cache, info.filename.replace(/^@/, '').replace('/', '-'))
    const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`
    if (actual !== integrity) throw new Error(`${tarball}: sha512 ${actual} is not the pinned ${integrity}`)
    mkdirSync(dir, { recursive: true })
    execFileSync('tar', ['-xzf', tarball, '-C', dir])
  }
  return join(dir, 'package')
}

/**
 * Our fonts are served by the app: the CDN source ECL lists first is left out (no third-party
 * requests). The italic face (168 KB) is left out too: the site has almost no italic text, and the
 * browser slants the regular face where there is some.
 */
function localFontsOnly(css: string): string {
  return css
    .replace(/@font-face\{[^}]*font-style:italic[^}]*\}/g, '')
    .replace(/url\(https:\/\/webtools\.europa\.eu\/[^)]*\) format\("woff2"\),/g, '')
}

async function purged(files: string[]): Promise<string> {
  const css = files
    .map((file) => localFontsOnly(readFileSync(file, 'utf8')))
    .join('\n')
    .replaceAll('url(../fonts/', 'url(fonts/')
  const [result] = await new PurgeCSS().purge({
    content: [join(root, 'views/**/*.hbs'), join(root, 'views/assets/*.js'), join(root, 'src/**/*.ts')],
    css: [{ raw: css }],
    safelist: { standard: ECL_SAFELIST },
  })
  return `/*! ${ECL_PACKAGES['@ecl/preset-ec'].version} of @ecl/preset-ec (EUPL-1.2), cut to the classes this app uses by scripts/vendor-ecl.ts */\n${result!.css.replace(/^@charset "UTF-8";\s*/, '').replace(/\/\*![^*]*\*\//g, '')}`
}

/** fontTools' pyftsubset, pinned, installed from PyPI into a virtual environment in the cache. */
function fontSubsetter(): string {
  const venv = join(cache, 'fonttools')
  const bin = join(venv, 'bin/pyftsubset')
  if (!existsSync(bin)) {
    execFileSync('python3', ['-m', 'venv', venv])
    execFileSync(join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...FONT_TOOLS])
  }
  return bin
}

function iconSprite(iconsDir: string): string {
  const symbols = ECL_ICONS.map((icon) => {
    const svg = readFileSync(join(iconsDir, 'dist/svg/all', `${icon}.svg`), 'utf8')
    const viewBox = /viewBox="([^"]+)"/.exec(svg)?.[1] ?? '0 0 24 24'
    const inner = svg.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '')
    return `<symbol id="${icon}" viewBox="${viewBox}">${inner}</symbol>`
  })
  return `<svg xmlns="http://www.w3.org/2000/svg">${symbols.join('')}</svg>\n`
}

async function main(): Promise<void> {
  const presetPin = ECL_PACKAGES['@ecl/preset-ec']
  const iconsPin = ECL_PACKAGES['@ecl/resources-icons']
  const preset = packed('@ecl/preset-ec', presetPin.version, presetPin.integrity)
  const icons = packed('@ecl/resources-icons', iconsPin.version, iconsPin.integrity)
  const styles = join(preset, 'dist/styles')

  rmSync(out, { recursive: true, force: true })
  mkdirSync(join(out, 'fonts'), { recursive: true })
  mkdirSync(join(out, 'logo'), { recursive: true })
  writeFileSync(
    join(out, 'ecl.css'),
    await purged([
      join(styles, 'optional/ecl-reset.css'),
      join(styles, 'ecl-ec.css'),
      join(styles, 'optional/ecl-ec-default.css'),
      join(styles, 'optional/ecl-ec-utilities.css'),
    ]),
  )
  writeFileSync(
    join(out, 'ecl-print.css'),
    await purged([join(styles, 'ecl-ec-print.css'), join(styles, 'optional/ecl-ec-default-print.css')]),
  )
  const subset = fontSubsetter()
  for (const font of ['InterVariable.woff2']) {
    execFileSync(subset, [
      join(preset, 'dist/fonts', font),
      `--unicodes=${FONT_UNICODES}`,
      `--layout-features=${FONT_LAYOUT_FEATURES}`,
      '--flavor=woff2',
      `--output-file=${join(out, 'fonts', font)}`,
    ])
  }
  for (const lang of ECL_LOGO_LANGUAGES) {
    copyFileSync(
      join(preset, 'dist/images/logo/positive', `logo-ec--${lang}.svg`),
      join(out, 'logo', `logo-ec--${lang}.svg`),
    )
  }
  copyFileSync(join(preset, 'dist/images/logo/logo-ec--mute.svg'), join(out, 'logo', 'logo-ec--mute.svg'))
  writeFileSync(join(out, 'icons.svg'), iconSprite(icons))
  copyFileSync(join(preset, 'LICENSE'), join(out, 'LICENSE.txt'))

  const files = Object.fromEntries(
    listed(out).map((file) => [
      file,
      createHash('sha256')
        .update(readFileSync(join(out, file)))
        .digest('hex'),
    ]),
  )
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify({ packages: ECL_PACKAGES, files }, null, 2)}\n`)
  console.log(`views/assets/ecl: ${Object.keys(files).length} files from ${Object.keys(ECL_PACKAGES).join(', ')}`)
}

function listed(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listed(dir, join(prefix, entry.name)) : [join(prefix, entry.name)]))
    .filter((file) => file !== 'manifest.json')
    .sort()
}

await main()
