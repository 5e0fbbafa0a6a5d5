import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { z } from 'zod'
import { MONGODB_DEFAULTS } from './storage/mongodb/mongo-store.js'

const Milliseconds = (fallback: number) => z.coerce.number().int().min(100).max(600_000).default(fallback)
/** Names Express knows for address ranges, then addresses or subnets (`10.0.0.0/8`). */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])
const ProxyAddress = z.string().refine((value) => PROXY_NAMES.has(value) || isAddressOrSubnet(value), {
  error: 'is not an address, subnet or loopback/linklocal/uniquelocal',
})

/**
 * `TRUST_PROXY`: which hops in front of the app are trusted to report the client's address and
 * protocol (`X-Forwarded-For`, `X-Forwarded-Proto`): `false` none, a number of hops, or addresses,
 * subnets and names separated by commas. Default `loopback` (a proxy on the same host).
 */
const TrustProxy = z
  .string()
  .default('loopback')
  .transform((value, ctx): false | number | string[] => {
    if (value === 'false') return false
    if (/^\d+$/.test(value)) return Number(value)
    const list = value.split(',').map((item) => item.trim())
    const bad = list.filter((item) => !ProxyAddress.safeParse(item).success)
    if (bad.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `has ${bad.map((b) => JSON.stringify(b)).join(', ')}: give false, a number of hops, or addresses, subnets and loopback/linklocal/uniquelocal separated by commas`,
      })
    return list
  })

/** Who runs the site; the legal notice and contact page show it (unset: they say it is not configured). */
export interface SiteSettings {
  /** EC_HOSTED=true: a deployment the European Commission hosts shows the EU identity in the header. */
  readonly ecHosted: boolean
  readonly operatorName: string | undefined
  readonly operatorEmail: string | undefined
  readonly operatorAddress: string | undefined
}

/** How long personal data is kept (days); sessions and sign-in attempts follow the auth settings. */
export interface RetentionSettings {
  /** Audit entries are deleted this long after they were written. */
  readonly auditDays: number
  /** Client addresses are removed from audit entries this long after they were written. */
  readonly auditIpDays: number
  /** Invitations are deleted this long after they expired. */
  readonly invitationDays: number
  /** How often the server runs the retention sweep. */
  readonly sweepMinutes: number
  /** A session ends (and is deleted) after this long without a request… */
  readonly sessionIdleMinutes: number
  /** …or this long after sign-in. */
  readonly sessionMaxHours: number
}

export const DEFAULT_SITE: SiteSettings = Object.freeze({
  ecHosted: false,
  operatorName: undefined,
  operatorEmail: undefined,
  operatorAddress: undefined,
})
export const DEFAULT_RETENTION: RetentionSettings = Object.freeze({
  auditDays: 365,
  auditIpDays: 90,
  invitationDays: 30,
  sweepMinutes: 60,
  sessionIdleMinutes: 120,
  sessionMaxHours: 12,
})

const Flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true')

const Env = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  // 0 asks the system for a free port (tests; the `listening` line names it).
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_ALLOW_NO_TRANSACTIONS: Flag,
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: Milliseconds(MONGODB_DEFAULTS.serverSelectionTimeoutMS),
  MONGODB_CONNECT_TIMEOUT_MS: Milliseconds(MONGODB_DEFAULTS.connectTimeoutMS),
  MONGODB_SOCKET_TIMEOUT_MS: Milliseconds(MONGODB_DEFAULTS.socketTimeoutMS),
  MONGODB_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(MONGODB_DEFAULTS.maxPoolSize),
  SYNC_INTERVAL_MS: z.coerce.number().int().min(50).max(2000).default(1000),
  TRUST_PROXY: TrustProxy,
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** A file holding the secret (Docker and Kubernetes secrets are mounted as files). */
  SESSION_SECRET_FILE: z.string().min(1).optional(),
  BACKUP_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  INDIGO_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  // Who runs this deployment (legal notice, contact page) and whether the Commission hosts it (ADR 057).
  EC_HOSTED: Flag,
  OPERATOR_NAME: z.string().trim().min(1).max(200).optional(),
  OPERATOR_EMAIL: z.email('must be an email address').max(254).optional(),
  OPERATOR_ADDRESS: z.string().trim().min(1).max(300).optional(),
  // Retention of personal data (ADR 058; the privacy statement reads these).
  RETENTION_AUDIT_DAYS: z.coerce.number().int().min(30).max(3650).default(DEFAULT_RETENTION.auditDays),
  RETENTION_AUDIT_IP_DAYS: z.coerce.number().int().min(1).max(3650).default(DEFAULT_RETENTION.auditIpDays),
  RETENTION_INVITATION_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_RETENTION.invitationDays),
  RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(1).max(1440).default(DEFAULT_RETENTION.sweepMinutes),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(DEFAULT_RETENTION.sessionIdleMinutes),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(DEFAULT_RETENTION.sessionMaxHours),
})

export interface MongoSettings {
  readonly allowNoTransactions: boolean
  readonly serverSelectionTimeoutMS: number
  readonly connectTimeoutMS: number
  readonly socketTimeoutMS: number
  readonly maxPoolSize: number
}

export interface Config {
  readonly env: 'development' | 'test' | 'production'
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly mongodbUri: string | undefined
  readonly mongodb: MongoSettings
  /** How often an instance reads what other instances wrote (the changes feed; docs/adr/026). */
  readonly syncIntervalMs: number
  /** Express's `trust proxy` setting (see TRUST_PROXY). */
  readonly trustProxy: false | number | string[]
  readonly sessionSecret: string | undefined
  /** Signs backups: BACKUP_KEY, else SESSION_SECRET (ADR 024). */
  readonly backupKey: string | undefined
  /** How long a shutdown waits for requests in flight before closing their connections. */
  readonly shutdownTimeoutMs: number
  /** The folder of the INDIGO export that /admin/storage imports from (on the server). */
  readonly indigoDir: string | undefined
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  readonly site: SiteSettings
  readonly retention: RetentionSettings
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
   * line does not demand it (it only signs backups with it when BACKUP_KEY is unset; issue #19.7).
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
  const name = (path: PropertyKey[]) =>
    path[0] === 'SESSION_SECRET' && fromFile !== undefined
      ? 'SESSION_SECRET_FILE (the file it names)'
      : path.join('.') || 'environment'
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => `${name(issue.path)} ${issue.message}`))
  // Checked apart from the schema so it is reported together with any other problem.
  if (
    (options.requireSessionSecret ?? true) &&
    present.NODE_ENV === 'production' &&
    present.SESSION_SECRET === undefined &&
    present.SESSION_SECRET_FILE === undefined
  )
    problems.push('SESSION_SECRET (or SESSION_SECRET_FILE) is required when NODE_ENV=production')
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const e = parsed.data
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    mongodbUri: e.MONGODB_URI,
    mongodb: Object.freeze({
      allowNoTransactions: e.MONGODB_ALLOW_NO_TRANSACTIONS,
      serverSelectionTimeoutMS: e.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
      connectTimeoutMS: e.MONGODB_CONNECT_TIMEOUT_MS,
      socketTimeoutMS: e.MONGODB_SOCKET_TIMEOUT_MS,
      maxPoolSize: e.MONGODB_MAX_POOL_SIZE,
    }),
    syncIntervalMs: e.SYNC_INTERVAL_MS,
    trustProxy: e.TRUST_PROXY,
    sessionSecret: e.SESSION_SECRET,
    backupKey: e.BACKUP_KEY ?? e.SESSION_SECRET,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    indigoDir: e.INDIGO_DIR,
    logLevel: e.LOG_LEVEL,
    site: Object.freeze({
      ecHosted: e.EC_HOSTED,
      operatorName: e.OPERATOR_NAME,
      operatorEmail: e.OPERATOR_EMAIL,
      operatorAddress: e.OPERATOR_ADDRESS,
    }),
    retention: Object.freeze({
      auditDays: e.RETENTION_AUDIT_DAYS,
      auditIpDays: Math.min(e.RETENTION_AUDIT_IP_DAYS, e.RETENTION_AUDIT_DAYS),
      invitationDays: e.RETENTION_INVITATION_DAYS,
      sweepMinutes: e.RETENTION_SWEEP_MINUTES,
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
      sessionMaxHours: e.SESSION_MAX_HOURS,
    }),
  })
}

function isAddressOrSubnet(value: string): boolean {
  const [address, bits, ...rest] = value.split('/')
  if (rest.length > 0 || address === undefined) return false
  const version = isIP(address)
  if (version === 0) return false
  if (bits === undefined) return true
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128)
}

/** The secret in SESSION_SECRET_FILE, without the final line break `echo` or an editor adds. */
function secretFromFile(
  present: Record<string, string | undefined>,
  readFile: (path: string) => string,
  problems: string[],
): string | undefined {
  const path = present.SESSION_SECRET_FILE
  if (path === undefined) return undefined
  if (present.SESSION_SECRET !== undefined) {
    problems.push('SESSION_SECRET and SESSION_SECRET_FILE are both set: keep one')
    return undefined
  }
  try {
    return readFile(path).replace(/\r?\n$/, '')
  } catch (error) {
    problems.push(
      `SESSION_SECRET_FILE ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    )
    return undefined
  }
}
