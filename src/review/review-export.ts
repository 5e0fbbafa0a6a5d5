import { brusselsIso, exportTimeZones } from '../i18n/format.js'
import { csvDocument, type CsvValue } from '../shared/csv.js'
import { answerText, type AnswerValue } from '../questionnaires/answers.js'
import { allQuestions, DIMENSIONS, type Question, type QuestionnaireDefinition } from '../questionnaires/definition.js'
import type { ReviewService } from './review-service.js'
import type { Contact } from '../privacy/contact-directory.js'
import { label, t } from '../i18n/i18n.js'
import { GAP_NOT_STATED, type GapRow } from './review-gap.js'

type Rows = Awaited<ReturnType<ReviewService['exportRows']>>

// submitted_at is ISO 8601 in UTC (Z); submitted_at_brussels the same moment in Brussels time with its offset.
const FIXED = [
  'id',
  'organisation',
  'respondent_type',
  'country',
  'status',
  'questionnaire_version',
  'submitted_at',
  'submitted_at_brussels',
  'values_shown',
  'draft_changed_questions',
] as const
const READINESS = ['readiness_overall', ...DIMENSIONS.map((d) => `readiness_${d}`)] as const

/** The questions of every definition in the rows, in questionnaire order, each id once. */
function questionColumns(rows: Rows): Question[] {
  const seen = new Map<string, Question>()
  const definitions = new Map<string, QuestionnaireDefinition>()
  for (const row of rows) definitions.set(`${row.definition.respondentType}@${row.definition.version}`, row.definition)
  for (const definition of definitions.values())
    for (const q of allQuestions(definition)) if (!seen.has(q.id)) seen.set(q.id, q)
  return [...seen.values()]
}

const code = (value: unknown): string =>
  value === undefined || value === null
    ? ''
    : Array.isArray(value)
      ? value.join(';')
      : typeof value === 'boolean'
        ? value
          ? 'yes'
          : 'no'
        : String(value)

/** Members' contact details by organisation: only when a reviewer asked for them with a reason (audited). */
type Contacts = ReadonlyMap<string, Contact[]>
const contactText = (list: Contact[] | undefined) => (list ?? []).map((c) => `${c.name} <${c.email}>`).join('; ')

/** One row per response, one column per question with its codes and one with its labels. */
export function reviewCsv(rows: Rows, contacts?: Contacts): string {
  const questions = questionColumns(rows)
  const header = [
    ...FIXED,
    ...READINESS,
    ...(contacts ? ['contacts'] : []),
    ...questions.flatMap((q) => [q.id, `${q.id}_label`]),
  ]
  const lines = rows.map(({ item, organisationId, definition, answers, valuesShown, draftChanged }) => {
    const own = new Map(allQuestions(definition).map((q) => [q.id, q]))
    const cells: CsvValue[] = [
      item.id,
      item.organisation,
      item.respondentType,
      item.country,
      item.status,
      item.definitionVersion,
      item.submittedAt,
      item.submittedAt ? brusselsIso(item.submittedAt) : null,
      valuesShown,
      draftChanged.join(';'),
    ]
    cells.push(item.readiness?.overall ?? null, ...DIMENSIONS.map((d) => item.readiness?.dimensions[d] ?? null))
    if (contacts) cells.push(contactText(contacts.get(organisationId)))
    for (const q of questions) {
      const value = answers[q.id] as AnswerValue | undefined
      const question = own.get(q.id)
      cells.push(code(value), question && value !== undefined ? answerText(question, value) : '')
    }
    return cells
  })
  return csvDocument(header, lines)
}

export function reviewJson(rows: Rows, contacts?: Contacts) {
  return {
    total: rows.length,
    timeZones: exportTimeZones(['submittedAt', 'statusChangedAt'], ['submittedAtBrussels']),
    items: rows.map(({ item, organisationId, definition, answers, valuesShown, draftChanged, submitted }) => ({
      ...item,
      submittedAtBrussels: item.submittedAt ? brusselsIso(item.submittedAt) : null,
      valuesShown,
      draftChangedQuestions: draftChanged,
      ...(contacts ? { contacts: contacts.get(organisationId) ?? [] } : {}),
      answers: Object.fromEntries(
        allQuestions(definition)
          .filter((q) => answers[q.id] !== undefined || draftChanged.includes(q.id))
          .map((q) => {
            const shown = {
              value: (answers[q.id] ?? null) as AnswerValue,
              label: answers[q.id] === undefined ? '' : answerText(q, answers[q.id] as AnswerValue),
            }
            if (!draftChanged.includes(q.id)) return [q.id, shown]
            // A newer draft value: say so, with the value that was submitted.
            const before = submitted[q.id] as AnswerValue | undefined
            return [
              q.id,
              {
                ...shown,
                draft: true,
                submitted: before === undefined ? null : { value: before, label: answerText(q, before) },
              },
            ]
          }),
      ),
    })),
  }
}

const GAP_HEADER = [
  'policy_field',
  'policy_field_label',
  'country',
  'instrument',
  'instrument_label',
  'demand_responses',
  'demand_organisations',
  'wanted_city_project_cost_eur',
  'wanted_city_project_cost_answered',
  'wanted_service_provider_need_eur',
  'wanted_service_provider_need_answered',
  'wanted_eur',
  'wanted_answered',
  'intermediaries',
  'supply_organisations',
  'committable_eur',
  'committable_answered',
  'difference_eur',
  'coverage',
] as const

/** The gap table by instrument (docs/adr/066): one row per country × policy field × instrument, euros as plain numbers. */
export function gapCsv(rows: readonly GapRow[]): string {
  return csvDocument(
    GAP_HEADER,
    rows.map((row) => [
      row.policyField,
      label('policyField', row.policyField),
      row.country,
      row.instrument,
      gapInstrumentLabel(row.instrument),
      row.demandResponses,
      row.demandOrganisations.join('; '),
      row.wantedByKind.city_project_cost?.sumEur ?? 0,
      row.wantedByKind.city_project_cost?.answered ?? 0,
      row.wantedByKind.service_provider_need?.sumEur ?? 0,
      row.wantedByKind.service_provider_need?.answered ?? 0,
      row.wantedEur,
      row.wantedAnswered,
      row.intermediaries,
      row.supplyOrganisations.join('; '),
      row.committableEur,
      row.committableAnswered,
      row.differenceEur,
      row.coverage,
    ]),
  )
}

/** An instrument's label, or the words for "no instrument named". */
export function gapInstrumentLabel(instrument: string): string {
  return instrument === GAP_NOT_STATED ? t('review.gapInstrument.notStated') : label('instrument', instrument)
}
