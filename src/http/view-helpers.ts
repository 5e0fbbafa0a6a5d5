import type Handlebars from 'handlebars'
import { label, tDynamic } from '../i18n/i18n.js'
import { assetTable } from './assets.js'
import { ECL_LOGO_LANGUAGES } from './ecl-pins.js'

export { countryName, formatMoney, formatNumber } from '../i18n/format.js'

type HelperOptions = Handlebars.HelperOptions

/**
 * The template helpers. Their names are verbs or short operators and never a view-model field's name
 * (a helper called `country` once hid the `country` field and printed "[object Object]");
 * tests/unit/view-helpers.test.ts fails when a template uses a helper's name as a field.
 */
export const VIEW_HELPERS = {
  t: (key: string, options: HelperOptions) => tDynamic(key, options.hash),
  codeLabel: (list: string, value: string) => label(list, value),
  eq: (a: unknown, b: unknown) => a === b,
  /** `/assets/site.css` → its hashed, immutably cached name (src/http/assets.ts). */
  assetUrl: (path: string) => assetTable().url(path),
  /** The European Commission logo in the page's language (English where ECL has none for it). */
  ecLogoUrl: (locale: string) => {
    const language = (ECL_LOGO_LANGUAGES as readonly string[]).includes(locale) ? locale : 'en'
    return assetTable().url(`/assets/ecl/logo/logo-ec--${language}.svg`)
  },
} as const

export function registerViewHelpers(hbs: typeof Handlebars): void {
  for (const [name, helper] of Object.entries(VIEW_HELPERS)) hbs.registerHelper(name, helper)
}
