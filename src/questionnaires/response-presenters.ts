import { completeness, type AnswerValue } from './answers.js'
import { allQuestions, optionsOf, type Question, type QuestionnaireDefinition } from './definition.js'
import { isLocked } from './response.js'
import { reconcile, type ResponseContext, type ResponseService, type StaleVersionError } from './response-service.js'

/** JSON shapes of the questionnaire API (DESIGN §5). */

export function questionJson(question: Question) {
  const options = optionsOf(question)
  return {
    ...question,
    ...(options.length > 0
      ? {
          options: options.map((o) => ({
            value: o.value,
            label: o.label,
            ...(o.hint ? { hint: o.hint } : {}),
            ...(o.exclusive ? { exclusive: true } : {}),
          })),
        }
      : {}),
    glossary: (question.glossary ?? []).map((slug) => ({ slug, url: `/glossary#${slug}` })),
  }
}

export function definitionSummaryJson(definition: QuestionnaireDefinition) {
  return {
    respondentType: definition.respondentType,
    version: definition.version,
    publishedAt: definition.publishedAt,
    title: definition.title,
    estimatedMinutes: definition.estimatedMinutes,
    sections: definition.sections.length,
    questions: allQuestions(definition).length,
    url: `/api/v1/questionnaires/${definition.respondentType}`,
    page: `/questionnaires/${definition.respondentType}`,
  }
}

export function definitionJson(definition: QuestionnaireDefinition, versions: { version: number }[]) {
  return {
    respondentType: definition.respondentType,
    version: definition.version,
    versions: versions.map((v) => v.version),
    publishedAt: definition.publishedAt,
    ...(definition.changeNote ? { changeNote: definition.changeNote } : {}),
    title: definition.title,
    intro: definition.intro,
    benefits: definition.benefits,
    estimatedMinutes: definition.estimatedMinutes,
    sections: definition.sections.map((section) => ({ ...section, questions: section.questions.map(questionJson) })),
    /** How answers become a needs profile (docs/questionnaires.md). */
    profileMapping: definition.profile,
    page: `/questionnaires/${definition.respondentType}`,
  }
}

export function responseJson(service: ResponseService, context: ResponseContext) {
  const { record, definition, organisation, role } = context
  const answers = service.answersFor(context)
  const check = completeness(definition, answers)
  const profile = service.profile(context, answers)
  const author = role === 'author'
  return {
    id: record.id,
    organisation: { id: organisation.id, name: organisation.name, country: organisation.country },
    respondentType: record.respondentType,
    questionnaireVersion: record.definitionVersion,
    status: record.status,
    locked: isLocked(record),
    version: record.version,
    consentToViewDraft: record.consentToViewDraft,
    demo: record.demo,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    submittedAt: record.submission?.at ?? null,
    changedSinceSubmission: author || record.consentToViewDraft ? record.changedSinceSubmission : false,
    answers,
    progress: {
      answered: check.answered,
      total: check.total,
      /** Visible questions still missing or not valid (what submit would list). */
      problems: [...check.problems].map(([questionId, message]) => ({ questionId, message })),
    },
    readiness: service.readiness(context, answers),
    needsProfile: profile.ok ? profile.profile : null,
    ...(profile.ok ? {} : { needsProfileMissing: profile.missing }),
    submission: record.submission
      ? { at: record.submission.at, by: record.submission.userName, version: record.submission.responseVersion }
      : null,
    history: record.history
      .slice()
      .reverse()
      .map((entry) => ({
        action: entry.action,
        at: entry.at,
        firstAt: entry.firstAt,
        by: entry.userName,
        fromVersion: entry.fromVersion,
        toVersion: entry.toVersion,
        ...(author || record.consentToViewDraft ? { questionIds: entry.changes.map((c) => c.questionId) } : {}),
      })),
    links: {
      self: `/api/v1/responses/${record.id}`,
      page: `/responses/${record.id}`,
      match: `/api/v1/responses/${record.id}/match`,
      questionnaire: `/api/v1/questionnaires/${record.respondentType}?version=${record.definitionVersion}`,
    },
  }
}

/** The 409 body: the current version and, per question someone else changed, their value and yours. */
export function conflictJson(error: StaleVersionError) {
  const { record, definition } = error.current
  const labels = new Map(allQuestions(definition).map((q) => [q.id, q.label]))
  return {
    error: {
      code: error.code,
      message: error.message,
      currentVersion: record.version,
      yourVersion: error.readVersion,
      changes: error.changes.map((change) => {
        const yours: AnswerValue | null | undefined = error.yours.has(change.questionId)
          ? error.yours.get(change.questionId)
          : undefined
        return {
          questionId: change.questionId,
          label: labels.get(change.questionId) ?? change.questionId,
          by: change.by,
          at: change.at,
          theirs: change.theirs,
          ...(yours !== undefined ? { yours } : {}),
          conflict: reconcile(change, yours) === 'conflict',
        }
      }),
    },
  }
}
