import { label } from '../i18n/i18n.js'
import type { PolicyField, TargetGroup } from '../shared/codelists.js'

/** Codelist label from the message catalogue, lower-cased for use inside a sentence. */
function inSentence(list: 'policyField' | 'targetGroup', value: string): string {
  const text = label(list, value)
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`
}

export const policyFieldInSentence = (field: PolicyField) => inSentence('policyField', field)
export const targetGroupInSentence = (group: TargetGroup) => inSentence('targetGroup', group)

/** Name shown when the catalogue given to the matcher lacks an entry. */
export const fallbackName = (kind: 'instrument' | 'fund', slug: string) => label(kind, slug)

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}
