import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { SEED_DIR_PATH } from '../seed/seed-dir.js'
import type { Relevance } from '../shared/codelists.js'

/**
 * The relevance rule (ADR 050): a record is `migrants_refugees` when its title or target population
 * names migrants, refugees, asylum seekers, newcomers … in one of the terms of
 * seed/relevance-terms.json (a data file a curator edits), else `other`.
 */
export const RelevanceTerms = z.strictObject({
  description: z.string().max(2000),
  fields: z.array(z.enum(['title', 'targetGroupText', 'summary'])).min(1),
  terms: z
    .array(z.strictObject({ language: z.string().regex(/^[a-z]{2,3}$/), term: z.string().trim().min(3).max(80) }))
    .min(1),
})
export type RelevanceTerms = z.infer<typeof RelevanceTerms>

export const RELEVANCE_TERMS_FILE = join(SEED_DIR_PATH, 'relevance-terms.json')

/** Lower case, accents removed: "Réfugiés" → "refugies". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

export interface RelevanceRule {
  /** The relevance and the first term that decided it (null for `other`). */
  classify(record: { title?: string | null; targetGroupText?: string | null; summary?: string | null }): {
    relevance: Relevance
    term: string | null
  }
}

export function relevanceRule(terms: RelevanceTerms): RelevanceRule {
  const escaped = terms.terms.map((t) => fold(t.term).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  // A term matches at the start of a word ("refugee" finds "refugees", not "nonrefugee").
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})`, 'u')
  return {
    classify(record) {
      for (const field of terms.fields) {
        const found = pattern.exec(fold(record[field] ?? ''))
        if (found) return { relevance: 'migrants_refugees', term: found[1]! }
      }
      return { relevance: 'other', term: null }
    },
  }
}

let cached: RelevanceRule | null = null
/** The rule from seed/relevance-terms.json, read once. */
export function defaultRelevanceRule(): RelevanceRule {
  cached ??= relevanceRule(RelevanceTerms.parse(JSON.parse(readFileSync(RELEVANCE_TERMS_FILE, 'utf8'))))
  return cached
}
