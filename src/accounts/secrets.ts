import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** 32 random bytes, base64url (43 characters): session ids, API tokens, invitation tokens, CSRF tokens. */
export function randomSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url')
}

/**
 * What the store keeps instead of a secret. Plain SHA-256 is enough for 256-bit random values
 * (nothing to brute-force); passwords use scrypt instead.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

export function hmac(key: string, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url')
}

/** Constant-time string comparison (for tokens that arrive from the client). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Shape of every secret we issue: an optional short prefix and 43 base64url characters. */
export const SECRET_PATTERN = /^(?:[a-z]{2,4}_)?[A-Za-z0-9_-]{43}$/
