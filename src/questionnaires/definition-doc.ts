import { allQuestions, DIMENSIONS, type QuestionnaireDefinition } from './definition.js'

/**
 * The needs-profile mapping and the readiness rules of a definition as Markdown tables, for
 * docs/questionnaires.md (a test checks that the document holds the tables of every seed definition).
 */
export function definitionDocTables(definition: QuestionnaireDefinition): string {
  const lines = [
    `### ${definition.title} (\`${definition.respondentType}\`, version ${definition.version})`,
    '',
    '| needs-profile field | from | rule |',
    '|---|---|---|',
  ]
  for (const [field, source] of Object.entries(definition.profile)) {
    let from: string
    let rule: string
    if ('organisation' in source) {
      from = 'the organisation'
      rule = 'its registered country'
    } else if ('value' in source) {
      from = '—'
      rule = `always \`${JSON.stringify(source.value)}\``
    } else {
      from = `\`${source.question}\``
      const parts = [
        source.map
          ? `map ${Object.entries(source.map)
              .map(([k, v]) => `${k} → ${v === null ? 'dropped' : JSON.stringify(v)}`)
              .join(', ')}`
          : 'as answered',
      ]
      if (source.drop) parts.push(`without ${source.drop.join(', ')}`)
      parts.push(
        source.default !== undefined
          ? `not answered or not shown: \`${JSON.stringify(source.default)}\``
          : 'needed for a profile',
      )
      rule = parts.join('; ')
    }
    lines.push(`| ${field} | ${from} | ${rule} |`)
  }
  lines.push('', '| dimension | question | points | max |', '|---|---|---|---|')
  for (const dimension of DIMENSIONS) {
    for (const question of allQuestions(definition)) {
      for (const rule of question.readiness ?? []) {
        if (rule.dimension !== dimension) continue
        let points: string
        let max: number
        if (rule.points) {
          points = Object.entries(rule.points)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')
          max = Math.max(...Object.values(rule.points))
        } else if (rule.each !== undefined) {
          points = `${rule.each} per option chosen${rule.except ? ` (except ${rule.except.join(', ')})` : ''}`
          max = rule.max ?? 0
        } else {
          points = `${rule.ifAnswered} if answered`
          max = rule.ifAnswered ?? 0
        }
        lines.push(`| ${dimension} | \`${question.id}\`${question.showIf ? ' (follow-up)' : ''} | ${points} | ${max} |`)
      }
    }
  }
  return lines.join('\n')
}
