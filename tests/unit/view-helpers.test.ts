import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import Handlebars from 'handlebars'
import { describe, expect, it } from 'vitest'
import { VIEW_HELPERS } from '../../src/http/view-helpers.js'

const VIEWS = join(import.meta.dirname, '../../views')
// Handlebars' own block helpers: a field of the same name would be hidden as well.
const BUILT_IN = ['if', 'unless', 'each', 'with', 'lookup', 'log']

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return templates(path)
    return entry.endsWith('.hbs') ? [path] : []
  })
}

type Node = { type: string; [key: string]: unknown }
type Path = { type: 'PathExpression'; head?: unknown; parts: string[]; original: string; data?: boolean }

/**
 * Every name a template reads as a field: a mustache or block without arguments (`{{country}}`,
 * `{{#each country}}`'s parameter) and every path given as a parameter or hash value. Handlebars
 * calls a helper when one has the name, so each of these must not be a helper's name.
 */
function fieldNames(source: string): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = []
  const lineOf = (node: Node) => (node.loc as { start: { line: number } } | undefined)?.start.line ?? 0
  const asField = (expression: unknown, node: Node) => {
    const path = expression as Path
    if (path?.type === 'PathExpression' && !path.data && path.parts.length > 0)
      found.push({ name: path.parts[0]!, line: lineOf(node) })
    if ((expression as Node)?.type === 'SubExpression') visitCall(expression as Node)
  }
  const visitCall = (node: Node) => {
    const params = (node.params as unknown[]) ?? []
    const pairs = ((node.hash as { pairs?: { value: unknown }[] } | undefined)?.pairs ?? []).map((pair) => pair.value)
    if (params.length === 0 && pairs.length === 0) asField(node.path, node)
    for (const value of [...params, ...pairs]) asField(value, node)
  }
  const visit = (node: Node | undefined) => {
    if (!node) return
    if (
      node.type === 'MustacheStatement' ||
      node.type === 'BlockStatement' ||
      node.type === 'PartialStatement' ||
      node.type === 'PartialBlockStatement'
    ) {
      if (node.type.startsWith('Partial')) {
        for (const value of [
          ...((node.params as unknown[]) ?? []),
          ...((node.hash as { pairs?: { value: unknown }[] } | undefined)?.pairs ?? []).map((p) => p.value),
        ])
          asField(value, node)
      } else visitCall(node)
    }
    for (const child of ['body', 'program', 'inverse'] as const) {
      const value = node[child]
      if (Array.isArray(value)) for (const item of value) visit(item as Node)
      else if (value && typeof value === 'object') visit(value as Node)
    }
  }
  visit(Handlebars.parse(source) as unknown as Node)
  return found
}

describe('view helpers and template fields', () => {
  const helperNames = [...Object.keys(VIEW_HELPERS), ...BUILT_IN]

  it('registers the helpers the templates call', () => {
    expect(Object.keys(VIEW_HELPERS).sort()).toEqual(['assetUrl', 'codeLabel', 'ecLogoUrl', 'eq', 't'])
  })

  it('no template reads a field that has a helper’s name (the helper would hide it)', () => {
    const clashes: string[] = []
    for (const file of templates(VIEWS)) {
      for (const { name, line } of fieldNames(readFileSync(file, 'utf8'))) {
        if (helperNames.includes(name)) clashes.push(`${relative(VIEWS, file)}:${line} reads "${name}", a helper`)
      }
    }
    expect(clashes).toEqual([])
  })

  it('finds a clash such as the `country` helper and field of the review pages', () => {
    const names = fieldNames('<td>{{country}}</td>{{#each rows}}{{t "x" name=country}}{{/each}}').map((f) => f.name)
    expect(names).toEqual(['country', 'rows', 'country'])
  })
})
