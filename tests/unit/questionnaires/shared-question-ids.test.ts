import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allQuestions, optionsOf, type Question } from '../../../src/questionnaires/definition.js'
import { readQuestionnaireFiles } from '../../../src/questionnaires/questionnaire-files.js'
import { SHARED_IDS, sharedIdIn, storedIdFor } from '../../../src/questionnaires/shared-question-ids.js'
import { SEED_DIR_PATH } from '../../../src/seed/seed-dir.js'
import { RESPONDENT_TYPES, type RespondentType } from '../../../src/shared/codelists.js'

/** Issue #18, docs/adr/068: one id per concept across the four questionnaires, one concept per id. */
const definitions = readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires'))
const questionsOf = (type: RespondentType, version: number): Map<string, Question> => {
  const definition = definitions.find((d) => d.respondentType === type && d.version === version)
  return new Map(allQuestions(definition!).map((q) => [q.id, q]))
}
const concepts = Object.entries(SHARED_IDS.concepts)

/** What a question is, as far as an id can tell: its type, codelist and option values. */
const shape = (q: Question) => ({
  type: q.type,
  codelist: 'codelist' in q ? (q.codelist ?? null) : null,
  values: optionsOf(q).map((o) => o.value),
})
const subset = (a: string[], b: string[]) => a.every((v) => b.includes(v))

/** The problems of one id asked by several types in one version: the same concept or different ids. */
function sameConcept(id: string, questions: [RespondentType, Question][]): string[] {
  const problems: string[] = []
  const [[firstType, first], ...rest] = questions as [[RespondentType, Question], ...[RespondentType, Question][]]
  const a = shape(first)
  for (const [type, q] of rest) {
    const b = shape(q)
    const where = `${id}: ${firstType} and ${type}`
    if (a.type !== b.type) problems.push(`${where} differ in type (${a.type}, ${b.type})`)
    if (a.codelist !== b.codelist) problems.push(`${where} differ in codelist (${a.codelist}, ${b.codelist})`)
    // A codelist may be narrowed per type (`only`); a question's own options must be the same.
    const sameOptions = a.codelist
      ? subset(a.values, b.values) || subset(b.values, a.values)
      : subset(a.values, b.values) && subset(b.values, a.values)
    if (!(id in SHARED_IDS.optionsVaryByType) && !sameOptions)
      problems.push(`${where} offer different options (${a.values.join('|')} / ${b.values.join('|')})`)
  }
  return problems
}

/** Every id asked by more than one type in a version, with its questions. */
function idsAcrossTypes(version: number): Map<string, [RespondentType, Question][]> {
  const byId = new Map<string, [RespondentType, Question][]>()
  for (const type of RESPONDENT_TYPES)
    for (const [id, q] of questionsOf(type, version)) byId.set(id, [...(byId.get(id) ?? []), [type, q]])
  return new Map([...byId].filter(([, list]) => list.length > 1))
}

describe('one id per concept across the four questionnaires (seed/questionnaire-shared-ids.json)', () => {
  it.each(concepts)('%s has one id in version 3 of every type that asks it', (concept, { ids }) => {
    expect(Object.keys(ids).length).toBeGreaterThan(1)
    for (const type of RESPONDENT_TYPES) {
      const v3 = questionsOf(type, 3)
      if (!ids[type]) {
        expect(v3.has(concept), `${type} asks ${concept} but the table does not list it`).toBe(false)
        continue
      }
      expect(ids[type]['3'], type).toBe(concept)
      expect(v3.has(concept), `${type}.v3 asks ${concept}`).toBe(true)
      // No version 3 keeps an older name of the concept.
      for (const old of Object.values(ids[type]))
        if (old !== concept) expect(v3.has(old), `${type}.v3 ${old}`).toBe(false)
    }
  })

  it.each(concepts)('%s: every id the table gives is that version’s question, of the same kind', (concept, { ids }) => {
    const questions: [RespondentType, Question][] = []
    for (const [type, byVersion] of Object.entries(ids) as [RespondentType, Record<string, string>][])
      for (const [version, id] of Object.entries(byVersion)) {
        const q = questionsOf(type, Number(version)).get(id)
        expect(q, `${type}.v${version} has ${id}`).toBeDefined()
        questions.push([type, q!])
      }
    expect(sameConcept(concept, questions)).toEqual([])
  })

  // Version 1 is frozen with the defect issue #18 names; version 2 fixed it, version 3 keeps it fixed.
  it.each([2, 3])('no id means two different things across the four version %i files', (version) => {
    const problems = [...idsAcrossTypes(version)].flatMap(([id, list]) => sameConcept(id, list))
    expect(problems).toEqual([])
  })

  it('the check catches one id used for two concepts (version 1 used repayment_source, cofinancing and barriers so)', () => {
    const v1 = [...idsAcrossTypes(1)]
    const problems = v1.flatMap(([id, list]) => sameConcept(id, list))
    expect(new Set(problems.map((p) => p.split(':')[0]))).toEqual(
      new Set(['repayment_source', 'cofinancing', 'barriers']),
    )
  })

  it('an id the table does not give is read as it is; a shared one under each version’s own id', () => {
    expect(storedIdFor('partners', 'city', 2)).toBe('partners_present')
    expect(storedIdFor('partners', 'city', 3)).toBe('partners')
    expect(storedIdFor('policy_fields', 'member_state', 1)).toBe('policy_priorities')
    expect(storedIdFor('outcomes_measured', 'financial_intermediary', 2)).toBe('outcomes_tracked')
    expect(storedIdFor('partners_present', 'city', 2)).toBe('partners_present')
    expect(storedIdFor('repayment_source', 'city', 2)).toBe('repayment_source')
    // An intermediary's team_experience (social or impact finance) is not the shared expertise.
    expect(sharedIdIn('expertise', 'financial_intermediary', 3)).toBeUndefined()
  })
})
