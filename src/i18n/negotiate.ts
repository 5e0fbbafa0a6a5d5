import type { Locale } from './locales.js'

/**
 * The best offered locale for an Accept-Language header (RFC 9110 §12.5.4): languages by weight,
 * a regional tag matching its language ("de-AT" → de); none when nothing offered is acceptable.
 */
export function negotiateLocale(header: string | undefined, offered: readonly Locale[]): Locale | undefined {
  if (!header) return undefined
  const ranges = header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const weight = q ? Number(q.slice(2)) : 1
      return {
        language: range.trim().toLowerCase().split('-')[0] ?? '',
        weight: Number.isFinite(weight) ? weight : 0,
        index,
      }
    })
    .filter((range) => range.weight > 0 && range.language !== '')
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
  for (const range of ranges) {
    if (range.language === '*') return offered[0]
    const found = offered.find((locale) => locale === range.language)
    if (found) return found
  }
  return undefined
}
