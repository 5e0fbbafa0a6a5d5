import { Router } from 'express'
import { t } from './i18n/i18n.js'
import { sendPage } from './http/pages.js'
import type { Services } from './services.js'

export function homePages({ search }: Services): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    res.locals.navSection = 'home'
    const all = search.onTopic()
    const countries = new Set(all.flatMap((i) => i.countries)).size
    sendPage(res, 'pages/home', {
      title: t('home.title'),
      stats: t('home.statsInvestments', { count: all.length, countries }),
    })
  })
  return router
}
