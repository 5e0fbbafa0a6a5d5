import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  allQuestions,
  optionsOf,
  QUESTION_TYPES,
  QuestionnaireDefinition,
} from '../../../src/questionnaires/definition.js'
import { readQuestionnaireFiles } from '../../../src/questionnaires/questionnaire-files.js'
import { SEED_DIR_PATH } from '../../../src/seed/seed-dir.js'
import { RESPONDENT_TYPES } from '../../../src/shared/codelists.js'

const definitions = readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires'))
const glossary = new Set(
  (JSON.parse(readFileSync(join(SEED_DIR_PATH, 'glossary.json'), 'utf8')) as { slug: string }[]).map((g) => g.slug),
)
const city = definitions.find((d) => d.respondentType === 'city')!

/** A copy of the city definition with a change, for the negative cases. */
function cityWith(change: (def: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(city) as unknown as Record<string, unknown>
  change(copy)
  return copy
}
const messages = (input: unknown) => {
  const result = QuestionnaireDefinition.safeParse(input)
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('questionnaire definitions (seed/questionnaires)', () => {
  // Changed (issue #18): every published version stays in the seed, side by side (v3: docs/adr/068).
  it('there are valid versions 1, 2 and 3 for every respondent type', () => {
    expect(definitions.map((d) => `${d.respondentType}.v${d.version}`).sort()).toEqual(
      RESPONDENT_TYPES.flatMap((type) => [`${type}.v1`, `${type}.v2`, `${type}.v3`]).sort(),
    )
    for (const definition of definitions) expect(messages(definition), definition.respondentType).toEqual([])
  })

  it('together they use every question type, conditional questions and codelist options', () => {
    const questions = definitions.flatMap(allQuestions)
    expect(new Set(questions.map((q) => q.type))).toEqual(new Set(QUESTION_TYPES))
    for (const definition of definitions) {
      expect(
        allQuestions(definition).some((q) => q.showIf),
        definition.respondentType,
      ).toBe(true)
      expect(
        allQuestions(definition).some((q) => 'codelist' in q && q.codelist === 'policyField'),
        definition.respondentType,
      ).toBe(true)
    }
  })

  it('every glossary link points at a term of seed/glossary.json', () => {
    for (const question of definitions.flatMap(allQuestions)) {
      for (const slug of question.glossary ?? []) expect(glossary.has(slug), `${question.id} → ${slug}`).toBe(true)
    }
  })

  it('codelist options carry their catalogue labels, not raw values', () => {
    const policy = allQuestions(city).find((q) => q.id === 'policy_fields')!
    expect(optionsOf(policy).map((o) => o.label)).toContain('Health and social care')
    const partners = allQuestions(city).find((q) => q.id === 'partners_present')!
    expect(optionsOf(partners).at(-1)).toEqual({
      value: 'none',
      label: 'None of these yet',
      hint: undefined,
      exclusive: true,
    })
  })

  it('the city questionnaire covers what Action 6 asks of cities', () => {
    const ids = new Set(allQuestions(city).map((q) => q.id))
    for (const id of [
      'population',
      'departments',
      'challenges',
      'policy_fields',
      'target_groups',
      'investment_total',
      'instruments_known',
      'funds_used',
      'borrowing_room',
      'data_target_groups',
      'partners_present',
      'instruments_interest',
      'blending_interest',
      'pilot_interest',
      'support_wanted',
      'barriers',
      'good_practice',
    ]) {
      expect(ids.has(id), id).toBe(true)
    }
  })

  it('rejects duplicate ids, conditions on later questions and unknown options, naming the path', () => {
    expect(
      messages(
        cityWith((d) => ((d.sections as { questions: { id: string }[] }[])[0]!.questions[1]!.id = 'population')),
      ),
    ).toContainEqual(expect.stringMatching(/sections\.0\.questions\.1\.id: Duplicate question id "population"/))
    expect(
      messages(
        cityWith(
          (d) =>
            ((d.sections as { questions: Record<string, unknown>[] }[])[0]!.questions[0]!.showIf = {
              question: 'good_practice',
              equals: true,
            }),
        ),
      ),
    ).toContainEqual(expect.stringMatching(/showIf: showIf must refer to an earlier question/))
    expect(
      messages(
        cityWith(
          (d) =>
            ((d.sections as { questions: Record<string, unknown>[] }[])[1]!.questions[4]!.showIf = {
              question: 'has_planned_investment',
              equals: 'maybe',
            }),
        ),
      ),
    ).toContainEqual(expect.stringMatching(/"maybe" is not an answer of has_planned_investment/))
  })

  it('rejects a needs-profile mapping that could give an invalid profile', () => {
    expect(
      messages(cityWith((d) => ((d.profile as Record<string, unknown>).partners = { question: 'partners_present' }))),
    ).toContainEqual(
      expect.stringMatching(
        /profile\.partners: The answer "none" of partners_present is not a valid partners: map or drop it/,
      ),
    )
    expect(
      messages(
        cityWith(
          (d) =>
            ((d.profile as Record<string, unknown>).borrowingCapacity = {
              question: 'borrowing_room',
              map: { available: 'plenty' },
            }),
        ),
      ),
    ).toContainEqual(expect.stringMatching(/map has no entry for the answer "limited"/))
    expect(
      messages(cityWith((d) => ((d.profile as Record<string, unknown>).country = { question: 'population' }))),
    ).toContainEqual(expect.stringMatching(/country cannot be copied from a number question/))
  })

  it('rejects readiness rules on answers a question does not have, and a dimension no rule feeds', () => {
    const noData = cityWith((d) => {
      for (const section of d.sections as { questions: { readiness?: { dimension: string }[] }[] }[])
        for (const q of section.questions) q.readiness = q.readiness?.filter((r) => r.dimension !== 'data')
    })
    expect(messages(noData)).toContainEqual(expect.stringMatching(/No readiness rule feeds the dimension "data"/))
    const badPoints = cityWith((d) => {
      const q = (d.sections as { questions: Record<string, unknown>[] }[])[3]!.questions[0]!
      q.readiness = [{ dimension: 'capacity', points: { lots: 10 }, raise: 'x' }]
    })
    expect(messages(badPoints)).toContainEqual(expect.stringMatching(/"lots" is not an answer of borrowing_room/))
  })
})

describe('docs/questionnaires.md', () => {
  it('holds the needs-profile mapping and readiness rules of every definition, as generated', async () => {
    const { definitionDocTables } = await import('../../../src/questionnaires/definition-doc.js')
    const doc = readFileSync(join(SEED_DIR_PATH, '..', 'docs', 'questionnaires.md'), 'utf8')
    for (const definition of definitions)
      expect(doc, `paste the tables of ${definition.respondentType} into docs/questionnaires.md`).toContain(
        definitionDocTables(definition),
      )
  })
})
