import { Router } from 'express'
import type { SiteSettings } from '../config.js'
import { formatDate } from '../i18n/format.js'
import { t, tDynamic } from '../i18n/i18n.js'
import { sendPage } from '../http/pages.js'
import type { CookieEntry } from './cookie-list.js'
import { personalDataInventory } from './personal-data.js'
import { retentionParams, type RetentionPeriods } from './retention-periods.js'

/** The day the accessibility statement was last checked against the tests (change it when you review it). */
export const ACCESSIBILITY_REVIEWED_ON = '2026-12-02'

export interface LegalPagesDeps {
  site: SiteSettings
  periods: RetentionPeriods
  cookies: CookieEntry[]
}

/** Legal notice, privacy statement, cookies, accessibility statement and contact (footer of every page; ADR 057). */
export function legalPages({ site, periods, cookies }: LegalPagesDeps): Router {
  const router = Router()
  router.get('/legal-notice', (_req, res) => {
    sendPage(res, 'pages/privacy/legal-notice', { title: t('privacy.legal.title'), operator: operatorView(site) })
  })
  router.get('/privacy', (_req, res) => {
    sendPage(res, 'pages/privacy/privacy-statement', {
      title: t('privacy.privacyPage.title'),
      operator: operatorView(site),
      items: privacyRows(periods),
    })
  })
  router.get('/cookies', (_req, res) => {
    sendPage(res, 'pages/privacy/cookies', { title: t('privacy.cookiesPage.title'), cookies: cookieRows(cookies) })
  })
  router.get('/accessibility', (_req, res) => {
    sendPage(res, 'pages/privacy/accessibility', {
      title: t('privacy.accessibilityPage.title'),
      reviewed: t('privacy.accessibilityPage.reviewed', { date: formatDate(ACCESSIBILITY_REVIEWED_ON) }),
    })
  })
  router.get('/contact', (_req, res) => {
    sendPage(res, 'pages/privacy/contact', { title: t('privacy.contactPage.title'), operator: operatorView(site) })
  })
  return router
}

function operatorView(site: SiteSettings) {
  return {
    who: site.operatorName ? t('privacy.operator.named', { name: site.operatorName }) : t('privacy.operator.unnamed'),
    address: site.operatorAddress ? t('privacy.operator.address', { address: site.operatorAddress }) : null,
    email: site.operatorEmail ?? null,
    hosted: site.ecHosted ? t('privacy.operator.ecHosted') : null,
  }
}

/** One row per item of seed/privacy/personal-data.json, with the periods in force. */
export function privacyRows(periods: RetentionPeriods) {
  const params = retentionParams(periods)
  return personalDataInventory().items.map((item) => ({
    id: item.id,
    what: tDynamic(`privacy.data.items.${item.id}.what`),
    why: tDynamic(`privacy.data.items.${item.id}.why`),
    where: tDynamic(`privacy.data.storedIn.${item.storedIn}`),
    retention: tDynamic(`privacy.data.retention.${item.retention}`, params[item.retention]),
    seenBy: item.seenBy.map((who) => tDynamic(`privacy.data.seenBy.${who}`)),
  }))
}

function cookieRows(cookies: CookieEntry[]) {
  return cookies.map((cookie) => {
    const seconds = cookie.maxAgeSeconds
    const params = seconds === null ? {} : { hours: Math.ceil(seconds / 3600), days: Math.ceil(seconds / 86_400) }
    return {
      name: cookie.name,
      purpose: tDynamic(`privacy.cookiesPage.items.${cookie.id}.purpose`),
      when: tDynamic(`privacy.cookiesPage.items.${cookie.id}.when`),
      duration: tDynamic(`privacy.cookiesPage.items.${cookie.id}.duration`, params),
    }
  })
}
