import type { Response } from 'express'
import type { ViewEngine } from './view-engine.js'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      viewEngine: ViewEngine
      /** Path and query of the current request, for "current page" links. */
      currentPath: string
      /** `currentPath` as a query-string value. */
      currentPathEncoded: string
      navSection: string | undefined
      showStackTraces: boolean
      /** EC_HOSTED: whether the header shows the EU identity (src/privacy). */
      site: { ecHosted: boolean }
    }
  }
}

export interface PageView {
  /** The <title> and <h1> unless the view sets its own heading. */
  title: string
  [key: string]: unknown
}

/** Renders a page inside the layout; `res.locals` (navigation, current path) are passed to every page. */
export function sendPage(res: Response, name: string, view: PageView, status = 200): void {
  const html = res.app.locals.viewEngine.render(name, { ...res.locals, ...view })
  res.status(status).type('html').send(html)
}
