import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { isEuLanguage, type Locale, SOURCE_LOCALE } from './locales.js'

export const LOCALES_DIR = fileURLToPath(new URL('./locales', import.meta.url))

/** Who wrote a translation and whether a native speaker has reviewed it (shown on /languages and in the switcher). */
export const LocaleMeta = z.strictObject({
  translatedBy: z.string().min(1),
  nativeSpeakerReviewed: z.boolean(),
  reviewedBy: z.string().min(1).nullable().default(null),
  reviewedOn: z.iso.date().nullable().default(null),
  note: z.string().nullable().default(null),
})
export type LocaleMeta = z.infer<typeof LocaleMeta>

type Tree = { [key: string]: string | Tree }
const Tree: z.ZodType<Tree> = z.lazy(() => z.record(z.string(), z.union([z.string(), Tree])))
const LocaleFile = z.looseObject({ $meta: LocaleMeta })

export interface LocaleCatalogue {
  locale: Locale
  meta: LocaleMeta
  /** Every message by its dotted key. */
  messages: ReadonlyMap<string, string>
}

/** Flattens `{ a: { b: 'x' } }` to `a.b → x`. */
export function flatten(tree: Tree, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') into.set(`${prefix}${key}`, value)
    else flatten(value, `${prefix}${key}.`, into)
  }
  return into
}

/** Reads and checks every `locales/<code>.json`; a file named after a language that is not an official EU language is an error. */
export function loadCatalogues(dir = LOCALES_DIR): Map<Locale, LocaleCatalogue> {
  const catalogues = new Map<Locale, LocaleCatalogue>()
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const code = file.slice(0, -'.json'.length)
    if (!isEuLanguage(code)) throw new Error(`src/i18n/locales/${file}: "${code}" is not an official EU language code`)
    const raw: unknown = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'))
    const parsed = LocaleFile.safeParse(raw)
    if (!parsed.success) throw new Error(`src/i18n/locales/${file}: ${z.prettifyError(parsed.error)}`)
    const { $meta, ...messages } = parsed.data
    const tree = Tree.safeParse(messages)
    if (!tree.success)
      throw new Error(
        `src/i18n/locales/${file}: every value must be a string or a group of messages. ${z.prettifyError(tree.error)}`,
      )
    catalogues.set(code, { locale: code, meta: $meta, messages: flatten(tree.data) })
  }
  if (!catalogues.has(SOURCE_LOCALE)) throw new Error('src/i18n/locales/en.json, the source catalogue, is missing')
  return catalogues
}
