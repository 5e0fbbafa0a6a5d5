import { z } from 'zod'
import { Confidence, RespondentType, SourceUrl } from '../../shared/codelists.js'
import { knownCountryCode } from '../../shared/countries.js'
import { OptionRef } from './option-ref.js'

const Country = knownCountryCode(() => 'Use a known ISO 3166-1 alpha-2 country code')

/** A sourced list of countries (EU Member States, CEB members, …), with the day it was checked. */
export const CountryList = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  countries: z.array(Country).min(1),
  sources: z.array(SourceUrl).min(1),
  checked: z.iso.date(),
  confidence: Confidence,
  note: z.string().min(1).optional(),
})
export type CountryList = z.infer<typeof CountryList>

/**
 * Who may use an option. In a country of an `openIn` list it is open; in a country of a `checkIn`
 * list (or anywhere else when `checkElsewhere`) it is possible only under conditions our sources do
 * not confirm, so the score is capped; anywhere else it is excluded (`not_suitable`, with the rule).
 * Texts: `matcher.eligibility.<name>.excluded`, `.excludedGap`, and `.check`, `.checkGap` when it can be checked.
 */
export const EligibilityRule = z.strictObject({
  id: z.string().regex(/^eligibility\.[a-z0-9-]+$/),
  option: OptionRef,
  openIn: z.array(z.string()).min(1),
  checkIn: z.array(z.string()).default([]),
  checkElsewhere: z.boolean().default(false),
  /** Where it is open, these respondents also get the gap `.openGap` (e.g. the CEB's approval by a member state). */
  openGapFor: z.array(RespondentType).default([]),
  sources: z.array(SourceUrl).min(1),
  checked: z.iso.date(),
  confidence: Confidence,
  note: z.string().min(1).optional(),
})
export type EligibilityRule = z.infer<typeof EligibilityRule>

export const EligibilityFile = z
  .strictObject({
    version: z.number().int().min(1),
    /** The score an option can reach at most where its use is only possible under unconfirmed conditions. */
    checkMaxScore: z.number().int().min(0).max(100),
    countryLists: z.array(CountryList).min(1),
    rules: z.array(EligibilityRule),
    /** The lists whose countries get no "outside every list" notice. */
    noticeUnless: z.array(z.string()).min(1),
  })
  .superRefine((file, ctx) => {
    const lists = new Set(file.countryLists.map((list) => list.id))
    const check = (id: string, path: (string | number)[]) => {
      if (!lists.has(id)) ctx.addIssue({ code: 'custom', message: `No country list "${id}"`, path })
    }
    file.rules.forEach((rule, i) => {
      rule.openIn.forEach((id, j) => check(id, ['rules', i, 'openIn', j]))
      rule.checkIn.forEach((id, j) => check(id, ['rules', i, 'checkIn', j]))
    })
    file.noticeUnless.forEach((id, j) => check(id, ['noticeUnless', j]))
    const options = file.rules.map((rule) => `${rule.option.kind}:${rule.option.slug}`)
    if (new Set(options).size !== options.length)
      ctx.addIssue({ code: 'custom', message: 'One eligibility rule per option', path: ['rules'] })
  })
export type EligibilityFile = z.infer<typeof EligibilityFile>
