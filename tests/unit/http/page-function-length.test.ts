import { readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/** The lines of each function (declaration, expression or arrow) in a source file, by name. */
function functionLengths(path: string, text = readFileSync(path, 'utf8')): { name: string; lines: number }[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true)
  const found: { name: string; lines: number }[] = []
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line
      const name = ts.isFunctionDeclaration(node)
        ? (node.name?.text ?? '(anonymous)')
        : `(function at line ${start + 1})`
      found.push({ name, lines: end - start + 1 })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

// The page routers only wire routes to named handlers (issue #12, "Code"); a handler that grows belongs in its own module.
const ROUTERS = ['src/questionnaires/questionnaire-pages.ts', 'src/curation/curation-pages.ts']
const MAX_ROUTER_LINES = 40
const PAGE_MODULES = [
  'src/questionnaires/questionnaire-page-handlers.ts',
  'src/questionnaires/questionnaire-page-views.ts',
  'src/questionnaires/questionnaire-section-handlers.ts',
  'src/questionnaires/questionnaire-section-views.ts',
  'src/questionnaires/response-page-handlers.ts',
  'src/curation/curation-page-forms.ts',
  'src/curation/curation-page-handlers.ts',
  'src/curation/curation-moderation-handlers.ts',
  'src/curation/curation-proposal-views.ts',
  'src/curation/curation-record-handlers.ts',
  'src/curation/curation-record-views.ts',
]
const MAX_HANDLER_LINES = 50

const overBound = (path: string, max: number) => functionLengths(path).filter((f) => f.lines > max)

describe('page routers and their handlers stay small', () => {
  it.each(ROUTERS)(`%s: every function is at most ${MAX_ROUTER_LINES} lines`, (path) => {
    expect(functionLengths(path).length).toBeGreaterThan(0)
    expect(overBound(path, MAX_ROUTER_LINES)).toEqual([])
  })

  it.each(PAGE_MODULES)(`%s: every function is at most ${MAX_HANDLER_LINES} lines`, (path) => {
    expect(overBound(path, MAX_HANDLER_LINES)).toEqual([])
  })

  it('counts the lines of every kind of function, nested ones included', () => {
    const body = Array.from({ length: 5 }, (_, i) => `  const a${i} = ${i}`).join('\n')
    const text = `export function outer() {\n  const inner = () => {\n${body}\n  }\n  return inner\n}\n`
    expect(functionLengths('sample.ts', text)).toEqual([
      { name: 'outer', lines: 10 },
      { name: '(function at line 2)', lines: 7 },
    ])
  })
})
