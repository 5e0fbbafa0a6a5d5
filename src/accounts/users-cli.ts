import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createAccounts } from '../services.js'
import type { DocumentStore } from '../storage/document-store.js'
import { RespondentType } from '../shared/codelists.js'
import { Email, OrganisationCountry, PersonName, Role } from './account.js'
import { authSettings } from './auth-settings.js'
import { ValidationError } from '../errors.js'

const EMPTY_PASSWORD =
  'No password was read from standard input. Pipe one in, for example: printf \'%s\' "$ADMIN_PASSWORD" | npm run cli -- users:create … --password-stdin (and check that the variable is set)'

export const USERS_CREATE_USAGE = `  users:create --email E --role respondent|reviewer|curator|admin [--name N]
               [--organisation O] [--respondent-type T --country C] --password-stdin
                                         Create an account. The password is read from standard
                                         input (never an argument). A respondent joins the
                                         organisation named O, created when new (then give
                                         --respondent-type and --country); for other roles O is
                                         an affiliation such as "DG HOME"`

const UsersCreateOptions = z.strictObject({
  email: Email,
  role: Role,
  name: PersonName.optional(),
  organisation: z.string().trim().min(2).max(150).optional(),
  'respondent-type': z.enum(RespondentType.options).optional(),
  country: z.string().trim().toUpperCase().pipe(OrganisationCountry).optional(),
  'password-stdin': z.literal(true, {
    error: 'Give --password-stdin and pipe the password in: passwords are never taken as arguments',
  }),
})
export type UsersCreateOptions = z.infer<typeof UsersCreateOptions>

/** Parses `users:create` arguments; throws a ZodError naming every problem. */
export function parseUsersCreateArgs(args: string[]): UsersCreateOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      organisation: { type: 'string' },
      'respondent-type': { type: 'string' },
      country: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  })
  return UsersCreateOptions.parse({ ...values, 'password-stdin': values['password-stdin'] ?? false })
}

/** Everything on standard input, without the final line break (`echo "$PW" | …` adds one). */
export async function readPassword(input: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (input.isTTY) process.stderr.write('Type the password, then press Enter and Ctrl-D:\n')
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** Creates the account (audit-logged as the command line) and returns a line to print. */
export async function createUserFromCli(
  store: DocumentStore,
  options: UsersCreateOptions,
  password: string,
): Promise<string> {
  // `printf '%s' "$ADMIN_PASSWORD" | …` with the variable unset pipes nothing in (issue #19.2).
  if (password === '') throw new ValidationError({ password: [EMPTY_PASSWORD] })
  const { accounts } = await createAccounts(store, authSettings())
  const { user, organisation } = await accounts.createUser(
    {
      email: options.email,
      name: options.name ?? '',
      role: options.role,
      password,
      organisation: options.organisation,
      respondentType: options['respondent-type'],
      country: options.country,
    },
    { actorId: null, actorEmail: null, ip: null, via: 'cli' },
  )
  const where = organisation
    ? ` in ${organisation.name} (${organisation.country})`
    : user.affiliation
      ? ` (${user.affiliation})`
      : ''
  return `Created ${user.role} ${user.email}${where}, id ${user.id}`
}
