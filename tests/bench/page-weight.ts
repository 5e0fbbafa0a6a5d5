/**
 * Bytes on the wire per main page, for a first visit (the page and every stylesheet and script it
 * links) and a repeat visit the next day (the page revalidated with its ETag and the cookies of the
 * first visit; an asset is fetched again unless it is cached for at least a day or `immutable`,
 * otherwise revalidated). Assets are the stylesheets, scripts, images and icon sprites a page links and
 * the fonts its stylesheets name (a browser fetches the fonts the page's text needs; all are counted).
 * Headers are counted (status line, header lines); requests are not.
 * `tsx tests/bench/page-weight.ts http://127.0.0.1:5151` measures any running server.
 */
import { get, type IncomingMessage } from 'node:http'

export const MAIN_PAGES = [
  '/',
  '/investments',
  '/investments?q=housing',
  '/investments/c01-koto-sib',
  '/instruments',
  '/funds',
  '/glossary',
  '/match',
  '/questionnaires',
  '/legal-notice',
]

interface Fetched {
  status: number
  headers: IncomingMessage['headers']
  bytes: number
  body: string
  cookies: string[]
}

function fetchOnce(url: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      let bodyBytes = 0
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => {
        bodyBytes += chunk.length
        chunks.push(chunk)
      })
      res.on('end', () => {
        let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          headerBytes += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`.length
        const raw = Buffer.concat(chunks)
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes: headerBytes + bodyBytes,
          body: res.headers['content-encoding'] ? '' : raw.toString(),
          cookies: ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!),
        })
      })
    }).on('error', reject)
  })
}

const ASSET_LINKS =
  /<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|img[^>]+src|source[^>]+srcset|use[^>]+href)="([^"#]+)/g
/** Fonts and images a stylesheet asks for (ECL's Inter fonts), resolved against the stylesheet's address. */
const CSS_URLS = /url\((["']?)([^)"']+)\1\)/g
function cssUrls(css: string, cssHref: string): string[] {
  return [...css.matchAll(CSS_URLS)]
    .map((m) => m[2]!)
    .filter((url) => !url.startsWith('data:'))
    .map((url) => new URL(url, `http://x${cssHref}`).pathname)
}
const cachedForADay = (cacheControl: string | undefined) =>
  /immutable/.test(cacheControl ?? '') || Number(/max-age=(\d+)/.exec(cacheControl ?? '')?.[1] ?? 0) >= 86_400

export interface PageWeight {
  path: string
  first: number
  repeat: number
  assets: number
}

/** One page as a browser that accepts `encoding` ('br, gzip' or 'identity') sees it. */
export async function pageWeight(base: string, path: string, encoding: string): Promise<PageWeight> {
  const accept = { 'accept-encoding': encoding }
  const page = await fetchOnce(`${base}${path}`, accept)
  // The links, from an uncompressed copy of the same page.
  const html = page.body || (await fetchOnce(`${base}${path}`, {})).body
  const links = [...new Set([...html.matchAll(ASSET_LINKS)].map((m) => m[1]!))].filter((href) => href.startsWith('/'))
  const cookie = page.cookies.join('; ')
  let first = page.bytes
  let repeat = 0
  const assets: Fetched[] = []
  for (let i = 0; i < links.length; i++) {
    const href = links[i]!
    const asset = await fetchOnce(`${base}${href}`, accept)
    assets.push(asset)
    first += asset.bytes
    if (String(asset.headers['content-type']).startsWith('text/css')) {
      const css = asset.body || (await fetchOnce(`${base}${href}`, {})).body
      for (const url of cssUrls(css, href)) if (!links.includes(url)) links.push(url)
    }
  }
  const revalidate = (f: Fetched): Record<string, string> => ({
    ...accept,
    ...(cookie ? { cookie } : {}),
    ...(f.headers.etag ? { 'if-none-match': String(f.headers.etag) } : {}),
    ...(f.headers['last-modified'] ? { 'if-modified-since': String(f.headers['last-modified']) } : {}),
  })
  repeat += (await fetchOnce(`${base}${path}`, revalidate(page))).bytes
  for (const [i, href] of links.entries()) {
    const asset = assets[i]!
    if (!cachedForADay(asset.headers['cache-control'] as string | undefined))
      repeat += (await fetchOnce(`${base}${href}`, revalidate(asset))).bytes
  }
  return { path, first, repeat, assets: links.length }
}

export async function pageWeightTable(base: string, paths: string[] = MAIN_PAGES): Promise<string> {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  const lines = [
    '| page | first visit, no compression | first visit, brotli/gzip | repeat visit next day | assets linked |',
    '|---|---|---|---|---|',
  ]
  for (const path of paths) {
    const plain = await pageWeight(base, path, 'identity')
    const compressed = await pageWeight(base, path, 'gzip, deflate, br')
    lines.push(
      `| ${path} | ${kb(plain.first)} | ${kb(compressed.first)} | ${kb(compressed.repeat)} | ${compressed.assets} |`,
    )
  }
  return lines.join('\n')
}

if (process.argv[1]?.endsWith('page-weight.ts') && process.argv[2]) {
  pageWeightTable(process.argv[2].replace(/\/$/, '')).then(
    (table) => console.log(table),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
