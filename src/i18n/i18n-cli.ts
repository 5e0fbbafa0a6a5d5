import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { readSeedFiles } from '../seed/seed-files.js'
import { SEED_DIR_PATH } from '../seed/seed-dir.js'
import { registerSeedContent } from './content-sources.js'
import { checkLocale, mergeMessages, missingMessages } from './i18n-tools.js'
import { EU_LANGUAGES } from './locales.js'

export const I18N_USAGE = `  i18n:missing --locale L [--out F]   The messages locale L lacks, with their English text (JSON)
  i18n:check --locale L                Checks placeholders and plural forms of locale L
  i18n:merge --locale L --in F [--translated-by WHO]
                                       Adds the translations in F (JSON, key → text) to locale L`

const Locale = z.enum(EU_LANGUAGES, { error: 'Give --locale with an official EU language code, for example de' })

/** Runs an i18n:* command; returns the exit code. */
export function runI18nCommand(command: string, args: string[], out: (line: string) => void): number {
  const { values } = parseArgs({
    args,
    options: {
      locale: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      'translated-by': { type: 'string' },
    },
    strict: true,
  })
  const locale = Locale.parse(values.locale)
  registerSeedContent({ sourceGlossary: () => readSeedFiles(SEED_DIR_PATH).glossary })
  if (command === 'i18n:missing') {
    const missing = missingMessages(locale)
    const text = `${JSON.stringify(missing, null, 2)}\n`
    if (values.out) writeFileSync(values.out, text)
    else out(text)
    out(`${Object.keys(missing).length} messages missing in ${locale}`)
    return 0
  }
  if (command === 'i18n:check') {
    const problems = checkLocale(locale)
    for (const problem of problems) out(problem)
    out(problems.length === 0 ? `${locale}: no problems` : `${locale}: ${problems.length} problems`)
    return problems.length === 0 ? 0 : 1
  }
  if (command === 'i18n:merge') {
    if (!values.in) throw new Error('Give --in with a JSON file of translations')
    const incoming = JSON.parse(readFileSync(values.in, 'utf8')) as Record<string, unknown>
    const meta = values['translated-by']
      ? {
          translatedBy: values['translated-by'],
          nativeSpeakerReviewed: false,
          reviewedBy: null,
          reviewedOn: null,
          note: null,
        }
      : null
    const { merged, refused } = mergeMessages(locale, incoming, meta)
    for (const problem of refused) out(`refused ${problem}`)
    out(`${merged} messages merged into ${locale}, ${refused.length} refused`)
    return refused.length === 0 ? 0 : 1
  }
  throw new Error(`Unknown command ${command}`)
}
