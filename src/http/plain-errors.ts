import { z } from 'zod'
import { t, tDynamic } from '../i18n/i18n.js'

/**
 * Plain-language messages for input checks that carry no message of their own, from the message
 * catalogue (`validation.*`), instead of zod's developer wording ("Invalid option: expected one of
 * …", "Too small: expected number to be >=1"). A message given in a schema still wins.
 */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_value':
      return issue.values.length <= 12
        ? t('validation.oneOf', { values: issue.values.map(String).join(', ') })
        : undefined
    case 'invalid_type':
      if (issue.input === undefined) return t('validation.required')
      if (issue.expected === 'int') return t('validation.wholeNumber')
      return typeKeys[issue.expected] ? tDynamic(typeKeys[issue.expected]!) : undefined
    case 'too_small': {
      const min = String(issue.minimum)
      if (issue.origin === 'number' || issue.origin === 'int')
        return t(issue.inclusive === false ? 'validation.numberAbove' : 'validation.numberAtLeast', { min })
      if (issue.origin === 'string')
        return issue.minimum === 1 ? t('validation.required') : t('validation.textAtLeast', { min })
      if (issue.origin === 'array' || issue.origin === 'set') return t('validation.listAtLeast', { min })
      return undefined
    }
    case 'too_big': {
      const max = String(issue.maximum)
      if (issue.origin === 'number' || issue.origin === 'int')
        return t(issue.inclusive === false ? 'validation.numberBelow' : 'validation.numberAtMost', { max })
      if (issue.origin === 'string') return t('validation.textAtMost', { max })
      if (issue.origin === 'array' || issue.origin === 'set') return t('validation.listAtMost', { max })
      return undefined
    }
    case 'invalid_format':
      return t(
        issue.format === 'email' ? 'validation.email' : issue.format === 'url' ? 'validation.url' : 'validation.format',
      )
    case 'unrecognized_keys':
      return t('validation.unknownFields', { keys: issue.keys.join(', ') })
    default:
      return undefined
  }
}

const typeKeys: Record<string, string> = {
  number: 'validation.number',
  string: 'validation.text',
  boolean: 'validation.yesNo',
  array: 'validation.list',
  object: 'validation.object',
}

z.config({ customError: plainMessage })
