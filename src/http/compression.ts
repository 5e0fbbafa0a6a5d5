import { createHash } from 'node:crypto'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Request, RequestHandler, Response } from 'express'
import { Lru } from '../shared/lru.js'

/** Smaller bodies gain less than the bytes of the header that announces the encoding. */
const MIN_BYTES = 1024
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|problem\+json)|image\/svg\+xml)/
/** Brotli quality 3: a 42 KB search page to 7.8 KB in 0.34 ms (gzip 6: 7.4 KB in 0.59 ms); 11 is for assets built once. */
const BROTLI_DYNAMIC = { params: { [constants.BROTLI_PARAM_QUALITY]: 3 } }
/** Pages many visitors get alike (the same search, anonymous) are compressed once: about 2.5 MB at most. */
const CACHE_ENTRIES = 256
const CACHE_MAX_BYTES = 256 * 1024

export type Encoding = 'br' | 'gzip'

/**
 * The encoding the client accepts, brotli before gzip when both are equally welcome (browsers list
 * gzip first); none without an Accept-Encoding header.
 */
export function chosenEncoding(req: Request): Encoding | null {
  const header = req.headers['accept-encoding']
  if (!header) return null
  const q = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
    q.set(name, weight === undefined ? 1 : Number(weight) || 0)
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0
  const br = of('br')
  const gz = of('gzip')
  if (br > 0 && br >= gz) return 'br'
  return gz > 0 ? 'gzip' : null
}

/**
 * Compresses what handlers send with `res.send`/`res.json` (pages, API answers, exports) when the
 * client accepts brotli or gzip, off the main thread (zlib's thread pool). Streams and the asset
 * handler (which serves precompressed files) are left alone.
 */
export function compressResponses(): RequestHandler {
  const cache = new Lru<string, Buffer>(CACHE_ENTRIES)
  return (req, res, next) => {
    if (req.method === 'HEAD') return next()
    const encoding = chosenEncoding(req)
    const send = res.send.bind(res) as (body?: unknown) => Response
    res.send = function compressedSend(body?: unknown) {
      res.vary('Accept-Encoding')
      if (encoding === null || res.headersSent || res.getHeader('Content-Encoding') !== undefined) return send(body)
      if (typeof body !== 'string' && !Buffer.isBuffer(body)) return send(body)
      const type = String(res.getHeader('Content-Type') ?? (typeof body === 'string' ? 'text/html; charset=utf-8' : ''))
      const status = res.statusCode
      if (status === 204 || status === 304 || status < 200 || !COMPRESSIBLE.test(type)) return send(body)
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
      if (bytes.length < MIN_BYTES) return send(body)
      res.setHeader(
        'Content-Type',
        typeof body === 'string' && !/charset=/i.test(type) ? `${type}; charset=utf-8` : type,
      )
      // The body's digest, not the URL: pages differ by user, language and CSRF token.
      const key =
        bytes.length <= CACHE_MAX_BYTES ? `${encoding}:${createHash('sha1').update(bytes).digest('base64')}` : null
      const done = (error: Error | null, out: Buffer) => {
        if (error) return void send(body)
        if (key) cache.set(key, out)
        res.setHeader('Content-Encoding', encoding)
        send(out)
      }
      const cached = key ? cache.get(key) : undefined
      if (cached) done(null, cached)
      else if (encoding === 'br') brotliCompress(bytes, BROTLI_DYNAMIC, done)
      else gzip(bytes, done)
      return res
    }
    next()
  }
}
