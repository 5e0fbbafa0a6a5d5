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
    BACKUP_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    INDIGO_DIR: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })

export interface Config {
  readonly env: 'development' | 'test' | 'production'
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly mongodbUri: string | undefined
  readonly sessionSecret: string | undefined
  /** Signs backups: BACKUP_KEY, else SESSION_SECRET (ADR 024). */
  readonly backupKey: string | undefined
  /** How long a shutdown waits for requests in flight before closing their connections. */
  readonly shutdownTimeoutMs: number
  /** The folder of the INDIGO export that /admin/storage imports from (on the server). */
  readonly indigoDir: string | undefined
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Parses the environment once; reports every problem at once. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = Env.safeParse(present)
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`)
  // Checked apart from the schema so it is reported together with any other problem.
  if (present.NODE_ENV === 'production' && present.SESSION_SECRET === undefined) problems.push('SESSION_SECRET is required when NODE_ENV=production')
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const e = parsed.data
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    mongodbUri: e.MONGODB_URI,
    sessionSecret: e.SESSION_SECRET,
    backupKey: e.BACKUP_KEY ?? e.SESSION_SECRET,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    indigoDir: e.INDIGO_DIR,
    logLevel: e.LOG_LEVEL,
  })
}
