/** View models for GOV.UK-style forms: an error summary linking to fields, and fields wired to their hint and error. */

export interface ErrorLink {
  text: string
  href: string
}

export interface FormErrors {
  /** For views/partials/error-summary.hbs, in the order of the form. */
  errorList: ErrorLink[]
  /** First message per field name. */
  errors: Record<string, string>
}

/**
 * Turns a ValidationError's `fields` into the summary and per-field messages. `ids` maps field
 * names to input ids in form order; a field not on the form links to the first input.
 */
export function formErrors(fields: Record<string, string[]>, ids: Record<string, string>): FormErrors {
  const names = Object.keys(ids)
  const errors: Record<string, string> = {}
  for (const [name, messages] of Object.entries(fields)) if (messages[0]) errors[name] = messages[0]
  const ordered = [...names.filter((n) => n in errors), ...Object.keys(errors).filter((n) => !names.includes(n))]
  const fallback = names[0] ? ids[names[0]] : 'main'
  return { errors, errorList: ordered.map((name) => ({ text: errors[name]!, href: `#${ids[name] ?? fallback}` })) }
}

export interface TextFieldSpec {
  name: string
  id?: string
  label: string
  hint?: string | undefined
  type?: 'text' | 'email' | 'password'
  autocomplete?: string
  value?: string | undefined
  error?: string | undefined
  /** CSS width modifier: `medium`, `short`. */
  width?: string
  spellcheck?: boolean
}

export interface TextField extends TextFieldSpec {
  id: string
  type: NonNullable<TextFieldSpec['type']>
  hintId: string | undefined
  errorId: string | undefined
  describedBy: string | undefined
}

/** The context of views/partials/text-field.hbs. Password values are never echoed back. */
export function textField(spec: TextFieldSpec): TextField {
  const id = spec.id ?? spec.name
  const type = spec.type ?? 'text'
  const hintId = spec.hint ? `${id}-hint` : undefined
  const errorId = spec.error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return { ...spec, id, type, hintId, errorId, describedBy, value: type === 'password' ? undefined : spec.value }
}

/** A string field of a parsed urlencoded body, for re-displaying what the user typed. */
export function bodyString(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : ''
}
