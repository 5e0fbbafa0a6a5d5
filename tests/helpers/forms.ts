/**
 * Reads an HTML form the way a browser submits it (inputs, checked boxes, textareas, the selected
 * option), so page tests can change a few fields and post the rest as they were rendered.
 */
export class PageForm {
  constructor(
    readonly action: string,
    readonly pairs: [string, string][],
  ) {}

  get(name: string): string | undefined {
    return this.pairs.find(([n]) => n === name)?.[1]
  }

  all(name: string): string[] {
    return this.pairs.filter(([n]) => n === name).map(([, v]) => v)
  }

  /** Replaces every value of `name` (an array: several checked boxes). */
  set(name: string, value: string | string[]): this {
    const values = Array.isArray(value) ? value : [value]
    const at = this.pairs.findIndex(([n]) => n === name)
    const rest = this.pairs.filter(([n]) => n !== name)
    const insert = values.map((v): [string, string] => [name, v])
    if (at === -1) rest.push(...insert)
    else rest.splice(Math.min(at, rest.length), 0, ...insert)
    this.pairs.splice(0, this.pairs.length, ...rest)
    return this
  }

  encode(): string {
    return new URLSearchParams(this.pairs).toString()
  }
}

const unescape = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

const attr = (tag: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)
  return match ? unescape(match[1]!) : undefined
}

/** The form whose action is `action` (the first form when omitted). */
export function readForm(html: string, action?: string): PageForm {
  const forms = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0])
  const form = forms.find((f) => action === undefined || attr(f.slice(0, f.indexOf('>') + 1), 'action') === action)
  if (!form) throw new Error(`No form with action ${action ?? '(any)'}`)
  const pairs: [string, string][] = []
  const controls = /<input\b[^>]*>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>|<select\b[^>]*>([\s\S]*?)<\/select>/g
  for (const match of form.matchAll(controls)) {
    const tag = match[0].slice(0, match[0].indexOf('>') + 1)
    const name = attr(tag, 'name')
    if (!name) continue
    if (tag.startsWith('<input')) {
      const type = attr(tag, 'type') ?? 'text'
      if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag)) continue
      if (type === 'submit') continue
      pairs.push([name, attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')])
    } else if (tag.startsWith('<textarea')) {
      pairs.push([name, unescape(match[1] ?? '')])
    } else {
      const options = [...(match[2] ?? '').matchAll(/<option\b[^>]*>/g)].map((m) => m[0])
      const chosen = options.find((o) => /\sselected\b/.test(o)) ?? options[0]
      pairs.push([name, chosen ? (attr(chosen, 'value') ?? '') : ''])
    }
  }
  return new PageForm(attr(form.slice(0, form.indexOf('>') + 1), 'action') ?? '', pairs)
}
