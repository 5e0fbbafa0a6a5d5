import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fieldErrors } from '../../src/http/validate.js'

const messages = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input)
  if (result.success) throw new Error('expected a failure')
  return fieldErrors(result.error)
}

describe('plain-language input messages', () => {
  it('replaces the validator’s wording for the common problems', () => {
    const schema = z.strictObject({
      name: z.string().min(3).max(5),
      title: z.string().min(1),
      tags: z.array(z.string()).min(1).max(2),
      count: z.number().int().gt(0),
      email: z.email(),
      site: z.url(),
      flag: z.boolean(),
    })
    expect(
      messages(schema, {
        name: 'ab',
        title: '',
        tags: [],
        count: 1.5,
        email: 'x',
        site: 'nope',
        flag: 'yes',
        extra: 1,
      }),
    ).toEqual({
      name: ['Enter at least 3 characters.'],
      title: ['Enter a value.'],
      tags: ['Choose at least 1.'],
      count: ['Enter a whole number.'],
      email: ['Enter an email address, like name@example.org.'],
      site: ['Enter a web address starting with https://.'],
      flag: ['Answer true or false.'],
      extra: ['Remove what is not expected here: extra.'],
    })
    expect(
      messages(schema, {
        name: 'abcdefg',
        title: 'x',
        tags: ['a', 'b', 'c'],
        count: 0,
        email: 'a@b.eu',
        site: 'https://x.eu',
        flag: true,
      }),
    ).toEqual({
      name: ['Use 5 characters or fewer.'],
      tags: ['Choose 2 or fewer.'],
      count: ['Enter a number greater than 0.'],
    })
    expect(messages(z.object({ n: z.number() }), {})).toEqual({ n: ['Enter a value.'] })
  })

  it('keeps a message a schema gives itself', () => {
    expect(messages(z.object({ n: z.number('Enter the population as a number') }), { n: 'many' })).toEqual({
      n: ['Enter the population as a number'],
    })
  })
})
