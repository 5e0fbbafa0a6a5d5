import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { Fund, GlossaryTerm, Instrument } from '../catalogue/catalogue.js'
import { Guidance } from '../guidance/guidance.js'
import { InvestmentSeed } from '../investments/investment.js'
import { FUNDS, INSTRUMENTS } from '../shared/codelists.js'
import type { QuestionnaireDefinition } from '../questionnaires/definition.js'
import { readQuestionnaireFiles } from '../questionnaires/questionnaire-files.js'

export interface SeedData {
  instruments: Instrument[]
  funds: Fund[]
  glossary: GlossaryTerm[]
  investments: InvestmentSeed[]
  /** seed/guidance.json: the guidance library (ADR 051). */
  guidance: Guidance[]
  /** seed/questionnaires/<respondentType>.json (src/questionnaires/definition.ts). */
  questionnaires: QuestionnaireDefinition[]
}

export class SeedFileError extends Error {}

const uniqueBy = <T>(key: (item: T) => string, what: string) => (items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>()
  items.forEach((item, index) => {
    if (seen.has(key(item))) ctx.addIssue({ code: 'custom', path: [index], message: `Duplicate ${what} "${key(item)}"` })
    seen.add(key(item))
  })
}

const files = {
  instruments: z
    .array(Instrument)
    .superRefine(uniqueBy((i) => i.slug, 'slug'))
    .refine((list) => INSTRUMENTS.every((slug) => list.some((i) => i.slug === slug)), 'Every instrument of the codelist needs an entry'),
  funds: z
    .array(Fund)
    .superRefine(uniqueBy((f) => f.slug, 'slug'))
    .refine((list) => FUNDS.every((slug) => list.some((f) => f.slug === slug)), 'Every fund of the codelist needs an entry'),
  glossary: z.array(GlossaryTerm).superRefine(uniqueBy((g) => g.slug, 'slug')),
  investments: z.array(InvestmentSeed).superRefine(uniqueBy((i) => i.id, 'id')),
  guidance: z.array(Guidance.strict()).superRefine(uniqueBy((g) => g.id, 'id')),
} as const

/** Reads and validates every seed file; a problem names the file and the path inside it. */
export function readSeedFiles(dir: string): SeedData {
  const read = <K extends keyof typeof files>(name: K): z.infer<(typeof files)[K]> => {
    const path = join(dir, `${name}.json`)
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new SeedFileError(`${path}: ${(error as Error).message}`)
    }
    const result = files[name].safeParse(raw)
    if (!result.success) {
      const problems = result.error.issues.slice(0, 20).map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      throw new SeedFileError(`${path} is not valid:\n${problems.join('\n')}`)
    }
    return result.data as z.infer<(typeof files)[K]>
  }
  return {
    instruments: read('instruments'),
    funds: read('funds'),
    glossary: read('glossary'),
    investments: read('investments'),
    guidance: read('guidance'),
    questionnaires: readQuestionnaireFiles(join(dir, 'questionnaires')),
  }
}
