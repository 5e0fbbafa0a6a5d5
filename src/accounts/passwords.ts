import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { readFileSync } from 'node:fs'

type ScryptParams = { N: number; r: number; p: number }

const KEY_LENGTH = 32
const SALT_BYTES = 16
/** Refuse absurd stored costs (a tampered hash must not make us allocate gigabytes). */
const MAX_N = 2 ** 20

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  }
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

/** Stored instead of a hash for an account that must not sign in (demonstration accounts): not a scrypt hash, so no password verifies. */
export const NO_SIGN_IN = 'demo-account:no-password'

/**
 * scrypt password hashes as `scrypt$N$r$p$salt$key` (base64url), so the cost can rise later:
 * `needsRehash` tells when a stored hash is cheaper than the current settings.
 */
export class PasswordHasher {
  private readonly dummy: Promise<string>

  constructor(private readonly params: ScryptParams) {
    // Verified against when the email is unknown, so that answer takes as long as a wrong password.
    this.dummy = this.hash(randomBytes(24).toString('base64url'))
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES)
    const key = await scrypt(password, salt, this.params)
    const { N, r, p } = this.params
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$')
  }

  /** Constant-time comparison; `null` (no such user) still costs one full scrypt. */
  async verify(password: string, stored: string | null): Promise<boolean> {
    const encoded = stored ?? (await this.dummy)
    const parsed = parseHash(encoded)
    if (!parsed) return false
    const key = await scrypt(password, parsed.salt, parsed.params)
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key) && stored !== null
  }

  needsRehash(stored: string): boolean {
    const parsed = parseHash(stored)
    if (!parsed) return true
    const { N, r, p } = parsed.params
    return N !== this.params.N || r !== this.params.r || p !== this.params.p
  }
}

function parseHash(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key] = encoded.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return null
  const params = { N: Number(n), r: Number(r), p: Number(p) }
  if (![params.N, params.r, params.p].every((v) => Number.isInteger(v) && v > 0) || params.N > MAX_N) return null
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') }
}

const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line !== '' && !line.startsWith('#')),
)

const SEQUENCES = [
  '0123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  'qwertzuiopasdfghjklyxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
]

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_email'
export const PASSWORD_MAX_LENGTH = 256

/**
 * NIST SP 800-63B style checks: a minimum length, no maximum below 64, and no password that is
 * common, repetitive, sequential or built from the user's email address. No composition rules.
 */
export function passwordProblem(
  password: string,
  minLength: number,
  context: { email?: string } = {},
): PasswordProblem | null {
  const length = [...password].length
  if (length < minLength) return 'too_short'
  if (length > PASSWORD_MAX_LENGTH) return 'too_long'
  const lower = password.toLowerCase()
  if (isCommon(lower)) return 'too_common'
  const local = context.email?.toLowerCase().split('@')[0] ?? ''
  if (local.length >= 4 && lower.includes(local)) return 'contains_email'
  if (context.email && lower.includes(context.email.toLowerCase())) return 'contains_email'
  return null
}

function isCommon(lower: string): boolean {
  if (COMMON.has(lower)) return true
  // A common word with digits and symbols around it: "Password1234!", "!!qwerty2024".
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '')
  if (core !== '' && COMMON.has(core)) return true
  // The same short unit repeated: "abcabcabcabc", "passpasspass", "aaaaaaaaaaaa".
  if (/^(.{1,4})\1+$/.test(lower)) return true
  if (new Set(lower).size <= 3) return true
  // A run along the keyboard or the alphabet, forwards or backwards: "123456789012", "zyxwvutsrqpo".
  const alnum = lower.replace(/[^a-z0-9]/g, '')
  if (alnum.length >= lower.length - 2 && SEQUENCES.some((seq) => isRunOf(alnum, seq))) return true
  return false
}

function isRunOf(text: string, sequence: string): boolean {
  const cycle = sequence.repeat(Math.ceil(text.length / sequence.length) + 2)
  const reversed = [...cycle].reverse().join('')
  return cycle.includes(text) || reversed.includes(text)
}
