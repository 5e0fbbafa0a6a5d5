import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, posix, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { RequestHandler } from 'express'
import { chosenEncoding } from './compression.js'

export const ASSETS_DIR = fileURLToPath(new URL('../../views/assets', import.meta.url))
export const IMMUTABLE = 'public, max-age=31536000, immutable'

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
}
const TEXT = new Set(['.css', '.js', '.json', '.svg'])

interface Asset {
  /** `site.css` (path under views/assets, forward slashes). */
  name: string
  /** `site.1a2b3c4d5e6f.css`: changes whenever the content does. */
  hashedName: string
  hash: string
  type: string
  mtimeMs: number
  body: Buffer
  br: Buffer | null
  gzip: Buffer | null
}

/**
 * A stylesheet's `url(fonts/x.woff2)` points at the hashed name of that file, so fonts and icons are
 * cached immutably too (ECL's stylesheet names its fonts by plain relative paths).
 */
function withHashedUrls(css: string, name: string, hashedNameOf: (name: string) => string | undefined): string {
  const base = posix.dirname(name)
  return css.replace(/url\((["']?)([^)"':]+)\1\)/g, (whole, quote: string, target: string) => {
    const hashed = hashedNameOf(posix.normalize(posix.join(base, target)))
    return hashed ? `url(${quote}${posix.relative(base, hashed)}${quote})` : whole
  })
}

function load(dir: string, file: string, hashedNameOf: (name: string) => string | undefined = () => undefined): Asset {
  const name = relative(dir, file).split(sep).join('/')
  const ext = extname(name)
  const raw = readFileSync(file)
  const body = ext === '.css' ? Buffer.from(withHashedUrls(raw.toString('utf8'), name, hashedNameOf)) : raw
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  const compress = TEXT.has(ext) && body.length >= 512
  return {
    name,
    hashedName: `${name.slice(0, name.length - ext.length)}.${hash}${ext}`,
    hash,
    type: TYPES[ext] ?? 'application/octet-stream',
    mtimeMs: statSync(file).mtimeMs,
    body,
    br: compress ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) : null,
    gzip: compress ? gzipSync(body, { level: 9 }) : null,
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? listFiles(path) : [path]
  })
}

/**
 * The files of views/assets, read, hashed and compressed (brotli 11, gzip 9) once at start. Pages
 * link the hashed names (`{{assetUrl "/assets/site.css"}}`), served with a year-long immutable
 * cache; the plain names still answer, to be revalidated (`no-cache`). With `watch` (development)
 * a changed file is read again, so its hash and links follow the edit.
 */
export class AssetTable {
  private byName = new Map<string, Asset>()
  private byHashed = new Map<string, Asset>()

  constructor(
    private readonly dir: string = ASSETS_DIR,
    private readonly watch = false,
  ) {
    const files = listFiles(dir)
    const isCss = (file: string) => extname(file) === '.css'
    for (const file of files.filter((f) => !isCss(f))) this.add(load(dir, file))
    for (const file of files.filter(isCss)) this.add(load(dir, file, this.hashedNameOf))
  }

  private readonly hashedNameOf = (name: string): string | undefined => this.byName.get(name)?.hashedName

  private add(asset: Asset): void {
    const old = this.byName.get(asset.name)
    if (old) this.byHashed.delete(old.hashedName)
    this.byName.set(asset.name, asset)
    this.byHashed.set(asset.hashedName, asset)
  }

  private current(asset: Asset): Asset {
    if (!this.watch) return asset
    const file = join(this.dir, asset.name)
    try {
      if (statSync(file).mtimeMs !== asset.mtimeMs) this.add((asset = load(this.dir, file, this.hashedNameOf)))
    } catch {
      // removed meanwhile: keep serving what was read
    }
    return asset
  }

  /** `/assets/site.css` → `/assets/site.1a2b3c4d5e6f.css`; an unknown path is returned unchanged. */
  url(path: string): string {
    const asset = this.byName.get(path.replace(/^\/assets\//, ''))
    return asset ? `/assets/${this.current(asset).hashedName}` : path
  }

  names(): string[] {
    return [...this.byName.keys()]
  }

  /** GET/HEAD /assets/*: the hashed name immutable, the plain name revalidated; precompressed bodies when accepted. */
  handler(): RequestHandler {
    return (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next()
      const path = decodeURIComponent(req.path.replace(/^\//, ''))
      const hashed = this.byHashed.get(path)
      const plain = hashed ? undefined : this.byName.get(path)
      const found = hashed ?? (plain && this.current(plain))
      if (!found) return next()
      const encoding = found.br ? chosenEncoding(req) : null
      const body = encoding === 'br' ? found.br! : encoding === 'gzip' ? found.gzip! : found.body
      const etag = `"${found.hash}${encoding ? `-${encoding}` : ''}"`
      res.setHeader('Cache-Control', hashed ? IMMUTABLE : 'no-cache')
      res.setHeader('Content-Type', found.type)
      res.setHeader('ETag', etag)
      if (found.br) res.setHeader('Vary', 'Accept-Encoding')
      if (encoding) res.setHeader('Content-Encoding', encoding)
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end()
        return
      }
      res.setHeader('Content-Length', String(body.length))
      res.status(200).end(body)
    }
  }
}

let shared: AssetTable | null = null
const built = new Map<string, AssetTable>()

/** The table of `dir`, read and compressed once per process unless it is watched (development). */
export function assetTableFor(dir: string, watch: boolean): AssetTable {
  if (watch) return new AssetTable(dir, true)
  let table = built.get(dir)
  if (!table) built.set(dir, (table = new AssetTable(dir)))
  return table
}

/** The table templates link through (`assetUrl`); app.ts installs the one it serves. */
export function assetTable(): AssetTable {
  shared ??= new AssetTable()
  return shared
}

export function useAssetTable(table: AssetTable): void {
  shared = table
}
