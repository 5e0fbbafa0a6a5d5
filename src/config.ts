import { readFileSync } from 'node:fs'
import { z } from 'zod'

const Env = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** A file holding the secret (Docker and Kubernetes secrets are mounted as files). */
    SESSION_SECRET_FILE: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })

export interface Config {
  readonly env: 'development' | 'test' | 'production'
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly mongodbUri: string | undefined
  readonly sessionSecret: string | undefined
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

export interface LoadOptions {
  /**
   * Whether production needs SESSION_SECRET. The server does (it signs CSRF tokens); the command
   * line does not, since none of its commands signs anything with it (issue #19.7).
   */
  requireSessionSecret?: boolean
  readFile?: (path: string) => string
}

/** Parses the environment once; reports every problem at once. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const problems: string[] = []
  const fromFile = secretFromFile(present, options.readFile ?? ((path) => readFileSync(path, 'utf8')), problems)
  if (fromFile !== undefined) present.SESSION_SECRET = fromFile
  const parsed = Env.safeParse(present)
  const name = (path: PropertyKey[]) => (path[0] === 'SESSION_SECRET' && fromFile !== undefined ? 'SESSION_SECRET_FILE (the file it names)' : path.join('.') || 'environment')
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => `${name(issue.path)} ${issue.message}`))
  // Checked apart from the schema so it is reported together with any other problem.
  if ((options.requireSessionSecret ?? true) && present.NODE_ENV === 'production' && present.SESSION_SECRET === undefined && present.SESSION_SECRET_FILE === undefined)
    problems.push('SESSION_SECRET (or SESSION_SECRET_FILE) is required when NODE_ENV=production')
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const e = parsed.data
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    mongodbUri: e.MONGODB_URI,
    sessionSecret: e.SESSION_SECRET,
    logLevel: e.LOG_LEVEL,
  })
}

/** The secret in SESSION_SECRET_FILE, without the final line break `echo` or an editor adds. */
function secretFromFile(present: Record<string, string | undefined>, readFile: (path: string) => string, problems: string[]): string | undefined {
  const path = present.SESSION_SECRET_FILE
  if (path === undefined) return undefined
  if (present.SESSION_SECRET !== undefined) {
    problems.push('SESSION_SECRET and SESSION_SECRET_FILE are both set: keep one')
    return undefined
  }
  try {
    return readFile(path).replace(/\r?\n$/, '')
  } catch (error) {
    problems.push(`SESSION_SECRET_FILE ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
    return undefined
  }
}
