import { existsSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { vi } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/test-app.js'

// A keyboard journey with axe checks takes ~9 s alone and several times that while the crash and
// bench-like suites share the two cores; the global 20 s bound is for unit and API tests.
vi.setConfig({ testTimeout: 120_000 })

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** In CI the browser must be there (.ci/run installs it); locally the suite is skipped with a reason. */
export const browserAvailable = existsSync(CHROMIUM)
if (!browserAvailable) {
  const reason = `Chromium not found at ${CHROMIUM}: browser tests skipped (apt-get install -y chromium)`
  if (process.env.CI) throw new Error(reason)
  console.warn(reason)
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface BrowserRig {
  baseUrl: string
  browser: Browser
  app: TestApp
  newPage(): Promise<Page>
  close(): Promise<void>
}

/** The real app on a loopback port and a headless Debian Chromium (flags from research/probe.md §4). */
export async function startRig(): Promise<BrowserRig> {
  const app = await createTestApp()
  const server: Server = await new Promise((resolve) => {
    const s = app.app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const context = await browser.newContext()
  // The network is closed: answer every off-site request with a stub page so source links can be followed.
  await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: '<!DOCTYPE html><html lang="en"><title>External source</title><h1>External source</h1></html>',
    }),
  )
  return {
    baseUrl,
    browser,
    app,
    newPage: () => context.newPage(),
    async close() {
      await context.close()
      await browser.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await app.close()
    },
  }
}

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) in the page; evaluated over the DevTools protocol, so the CSP is untouched. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // Every rule still runs and every violation keeps all its nodes; axe just skips describing each passing node (ADR 067).
      resultTypes: ['violations'],
    })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }))
  })
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n')
}

/**
 * Ticks a checkbox or radio button as a person does, by clicking its label: ECL hides the input
 * itself visually and draws the box beside the label text, so a click on the input's own box is
 * taken by the label (Playwright's `check()` waits for it in vain). Checks the state afterwards.
 */
export async function tick(input: Locator): Promise<void> {
  const id = await input.getAttribute('id')
  if (!id) throw new Error('tick(): the input has no id, so no label can point at it')
  await input.page().locator(`label[for="${id}"]`).click()
  if (!(await input.isChecked())) throw new Error(`tick(): #${id} is not checked after clicking its label`)
}
