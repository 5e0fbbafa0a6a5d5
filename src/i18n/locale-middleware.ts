import type { Request, RequestHandler, Response } from 'express'
import { readCookies, setCookie } from '../http/cookies.js'
import { catalogue, currentLocale, offeredLocales, withLocale } from './i18n.js'
import { isEuLanguage, type Locale, nativeName } from './locales.js'
import { negotiateLocale } from './negotiate.js'

export const LANGUAGE_COOKIE = 'fi_lang'
export const LANGUAGE_COOKIE_MAX_AGE_S = 365 * 24 * 3600

/** Where the request's language came from; a signed-in user's stored choice only beats the browser's default. */
export type LocaleSource = 'query' | 'cookie' | 'header' | 'default' | 'account'

/**
 * Query parameters no page or API route reads, that shared links carry: the language choice (read
 * here) and campaign tracking (ignored). They are taken out of the URL before routing, so strict
 * query schemas never see them and a shared link never fails.
 */
const TRACKING = /^(utm_[a-z0-9_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)$/i

export interface LanguageOption {
  code: Locale
  name: string
  href: string
  current: boolean
  draft: boolean
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      locale: Locale
      localeSource: LocaleSource
      /** The page's language, the switcher's options and the hreflang alternates. */
      languages: LanguageOption[]
      /** True when the page's language is a translation no native speaker has reviewed yet. */
      draftTranslation: boolean
    }
  }
}

/** Removes `lang` and tracking parameters from a URL; returns the language asked for, if any. */
export function stripIgnoredParams(url: string): { url: string; lang: string | undefined } {
  const mark = url.indexOf('?')
  if (mark === -1) return { url, lang: undefined }
  const query = url.slice(mark + 1)
  if (!/(?:^|&)(?:lang|utm_|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)/i.test(query))
    return { url, lang: undefined }
  let lang: string | undefined
  const kept = query.split('&').filter((pair) => {
    const name = safeDecode(pair.split('=')[0] ?? '')
    if (name === 'lang') {
      lang ??= safeDecode(pair.slice(pair.indexOf('=') + 1)).toLowerCase()
      return false
    }
    return !TRACKING.test(name)
  })
  return { url: kept.length > 0 ? `${url.slice(0, mark)}?${kept.join('&')}` : url.slice(0, mark), lang }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/**
 * Chooses the request's language: `?lang=` (kept in a cookie), then the cookie, then the browser's
 * Accept-Language, then English; the rest of the request runs in it (see i18n.ts).
 */
export function chooseLocale(options: { secureCookies: (req: Request) => boolean }): RequestHandler {
  return (req, res, next) => {
    const stripped = stripIgnoredParams(req.url)
    if (stripped.url !== req.url) req.url = stripped.url
    const offered = offeredLocales()
    let locale: Locale | undefined
    let source: LocaleSource = 'default'
    const asked = stripped.lang
    if (asked && isEuLanguage(asked) && offered.includes(asked)) {
      locale = asked
      source = 'query'
      if (readCookies(req).get(LANGUAGE_COOKIE) !== asked)
        setCookie(res, LANGUAGE_COOKIE, asked, {
          secure: options.secureCookies(req),
          maxAge: LANGUAGE_COOKIE_MAX_AGE_S,
        })
    }
    if (!locale) {
      const kept = readCookies(req).get(LANGUAGE_COOKIE)
      if (kept && isEuLanguage(kept) && offered.includes(kept)) {
        locale = kept
        source = 'cookie'
      }
    }
    if (!locale) {
      locale = negotiateLocale(req.headers['accept-language'], offered)
      if (locale) source = 'header'
    }
    useLocale(req, res, locale ?? 'en', source, next)
  }
}

/** Runs the rest of the request in `locale` and tells views and caches about it. */
export function useLocale(req: Request, res: Response, locale: Locale, source: LocaleSource, next: () => void): void {
  res.locals.locale = locale
  res.locals.localeSource = source
  res.locals.draftTranslation = catalogue(locale)?.meta.nativeSpeakerReviewed === false
  res.locals.languages = languageOptions(req.url, locale)
  res.setHeader('Content-Language', locale)
  res.vary('Accept-Language')
  if (currentLocale() === locale) next()
  else withLocale(locale, next)
}

/** The switcher: every offered language, each a link to this page in it. */
function languageOptions(url: string, current: Locale): LanguageOption[] {
  const separator = url.includes('?') ? '&' : '?'
  return offeredLocales().map((code) => ({
    code,
    name: nativeName(code),
    href: `${url}${separator}lang=${code}`,
    current: code === current,
    draft: catalogue(code)?.meta.nativeSpeakerReviewed === false,
  }))
}

/**
 * After the principal is known: a signed-in user's choice with the switcher is kept on the account,
 * and their stored choice applies when the request itself chose nothing (a new device or browser).
 */
export function accountLocale(
  store: (user: NonNullable<Request['principal']>['user'], locale: Locale, ip: string | undefined) => Promise<void>,
): RequestHandler {
  return (req, res, next) => {
    const user = req.principal?.user
    if (!user) return next()
    const source = res.locals.localeSource
    if (source === 'query' && user.locale !== res.locals.locale) {
      store(user, res.locals.locale, req.ip).then(() => next(), next)
      return
    }
    const stored = user.locale
    if (
      (source === 'header' || source === 'default') &&
      stored &&
      stored !== res.locals.locale &&
      offeredLocales().includes(stored)
    ) {
      useLocale(req, res, stored, 'account', next)
      return
    }
    next()
  }
}
