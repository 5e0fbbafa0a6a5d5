import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readQuestionnaireFiles } from '../../../src/questionnaires/questionnaire-files.js'
import { SIZE_QUESTIONS, TICKET_QUESTIONS } from '../../../src/review/response-figures.js'
import type { ResponseView, ResponseViews } from '../../../src/review/response-views.js'
import { sizeTotals } from '../../../src/review/review-figures.js'
import { ReviewFilters } from '../../../src/review/review-query.js'
import { SummaryRollup } from '../../../src/review/review-rollup.js'
import { allQuestions } from '../../../src/questionnaires/definition.js'
import { SEED_DIR_PATH } from '../../../src/seed/seed-dir.js'
import type { RespondentType } from '../../../src/shared/codelists.js'

const definitions = readQuestionnaireFiles(join(SEED_DIR_PATH, 'questionnaires'))
const definitionOf = (type: RespondentType, version: number) =>
  definitions.find((d) => d.respondentType === type && d.version === version)

let n = 0
function view(
  type: RespondentType,
  country: string,
  a: Record<string, unknown>,
  extra: Partial<ResponseView> = {},
): ResponseView {
  n++
  return {
    id: `r${n}`,
    version: 1,
    respondentType: type,
    definitionVersion: 1,
    status: 'submitted',
    statusChangedAt: '2026-01-01T00:00:00.000Z',
    submittedAt: '2026-01-01T00:00:00.000Z',
    visible: true,
    demo: false,
    synthetic: false,
    organisationId: `o${n}`,
    country,
    organisation: `Org ${n}`,
    a,
    valuesShown: 'submitted',
    draftChanged: [],
    submitted: undefined,
    ...extra,
  }
}
const viewsOf = (list: ResponseView[]) => ({ generation: 1, all: () => list.values() }) as unknown as ResponseViews
function summaryOf(list: ResponseView[], query: Record<string, string> = {}) {
  const rollup = new SummaryRollup(ReviewFilters.parse(query))
  rollup.update(viewsOf(list), definitionOf)
  return rollup.raw()
}

const city = (fields: string[], total: number, extra: Record<string, unknown> = {}) => ({
  policy_fields: fields,
  has_planned_investment: true,
  investment_total: total,
  ...extra,
})
const bank = (country: string, extra: Record<string, unknown> = {}) => ({
  appetite_fields: ['entrepreneurship'],
  products: ['microfinance'],
  main_country: country,
  ...extra,
})

describe('issue #18 defects 3-5: review figures', () => {
  it('places an intermediary in the country it lends in, not where it is registered', () => {
    const raw = summaryOf([
      view('financial_intermediary', 'LU', bank('PT', { ticket_typical: 5_000_000 })),
      view('city', 'PT', city(['entrepreneurship'], 1_000_000)),
    ])
    const cells = raw.demand.map((row) => `${row._id.t}:${row._id.c}`)
    expect(cells).toContain('financial_intermediary:PT')
    expect(cells).not.toContain('financial_intermediary:LU')
  })

  it('adds no Member State programme budget to city project costs, and counts each response once', () => {
    const raw = summaryOf([
      view('city', 'IT', city(['entrepreneurship', 'housing', 'employment'], 2_000_000)),
      view('member_state', 'IT', { policy_priorities: ['entrepreneurship'], integration_budget: 300_000_000 }),
    ])
    const totals = sizeTotals(raw.figures)
    expect(totals.find((row) => row.kind === 'city_project_cost' && row.country === 'IT')).toMatchObject({
      responses: 1,
      sumEur: 2_000_000,
    })
    expect(totals.find((row) => row.kind === 'member_state_programme_budget' && row.country === 'IT')).toMatchObject({
      responses: 1,
      sumEur: 300_000_000,
    })
    const entrepreneurship = raw.demand.filter((row) => row._id.f === 'entrepreneurship' && row._id.c === 'IT')
    expect(entrepreneurship.find((row) => row._id.t === 'city')!.sizeSum).toBe(2_000_000)
    expect(entrepreneurship.find((row) => row._id.t === 'member_state')!.sizeSum).toBe(0)
  })

  it("leaves out drafts unless asked for, and answers hidden by the form's own conditions", () => {
    const draft = view('city', 'IT', city(['housing'], 900_000_000, { has_planned_investment: false }), {
      status: 'draft',
    })
    const hidden = view('city', 'IT', city(['housing'], 700_000_000, { has_planned_investment: false }))
    expect(sizeTotals(summaryOf([draft, hidden]).figures)).toEqual([])
    expect(summaryOf([draft]).total).toBe(0)
    expect(summaryOf([draft], { includeDrafts: 'true' }).total).toBe(1)
    // Asked for, a draft still counts only what its form shows.
    const shown = view('city', 'IT', city(['housing'], 900_000_000), { status: 'draft' })
    expect(sizeTotals(summaryOf([shown], { includeDrafts: 'true' }).figures)[0]).toMatchObject({ sumEur: 900_000_000 })
  })

  it("takes the ticket range from the intermediary's own smallest and largest amounts, and shows what it could commit", () => {
    const raw = summaryOf([
      view(
        'financial_intermediary',
        'DE',
        bank('DE', {
          ticket_min: 1_000_000,
          ticket_typical: 5_000_000,
          ticket_max: 50_000_000,
          portfolio_available: 200_000_000,
        }),
      ),
    ])
    const row = raw.demand.find((r) => r._id.t === 'financial_intermediary')!
    expect([row.ticketMin, row.ticketMax, row.ticketTypicals]).toEqual([1_000_000, 50_000_000, [5_000_000]])
    expect(row.kinds.intermediary_committable).toEqual({ sum: 200_000_000, n: 1 })
  })

  it('reads sizes and tickets from questions every published version has, with the amount type', () => {
    for (const [kind, where] of Object.entries(SIZE_QUESTIONS)) {
      for (const definition of definitions.filter((d) => d.respondentType === where.type)) {
        const questions = new Map(allQuestions(definition).map((q) => [q.id, q]))
        for (const id of where.questions)
          if (questions.has(id)) expect(questions.get(id)!.type, `${kind} ${id}`).toBe('amount')
      }
    }
    for (const definition of definitions.filter((d) => d.respondentType === 'financial_intermediary')) {
      for (const id of Object.values(TICKET_QUESTIONS))
        expect(allQuestions(definition).some((q) => q.id === id && q.type === 'amount')).toBe(true)
    }
  })
})
