import { describe, expect, it } from 'vitest'
import { PasswordHasher, passwordProblem } from '../../../src/accounts/passwords.js'

const CHEAP = { N: 2 ** 10, r: 8, p: 1 }

describe('passwordProblem', () => {
  it.each([
    ['short', 'too_short'],
    ['elevenchars', 'too_short'],
    ['password1234', 'too_common'],
    ['Password1234!', 'too_common'],
    ['!!Qwerty2024!!', 'too_common'],
    ['iloveyou1234', 'too_common'],
    ['aaaaaaaaaaaaaaa', 'too_common'],
    ['abcabcabcabc', 'too_common'],
    ['123456789012', 'too_common'],
    ['zyxwvutsrqpo', 'too_common'],
    ['qwertyuiopasdf', 'too_common'],
    ['x'.repeat(257), 'too_long'],
  ])('%s → %s', (password, problem) => {
    expect(passwordProblem(password, 12)).toBe(problem)
  })

  it.each(['orange kettle violin 42', 'correct-battery-staple-9', 'Tr4m-Ghent-2031!', '8204 3957 2611'])(
    'accepts %s',
    (password) => {
      expect(passwordProblem(password, 12)).toBeNull()
    },
  )

  it('refuses passwords built from the email address', () => {
    expect(passwordProblem('maria.rossi2025!', 12, { email: 'maria.rossi@comune.example' })).toBe('contains_email')
    expect(passwordProblem('orange kettle violin 42', 12, { email: 'maria.rossi@comune.example' })).toBeNull()
  })

  it('counts characters, not bytes', () => {
    expect(passwordProblem('ŝŝŝ ĉĉĉ ĝĝĝ', 12)).toBe('too_short')
  })
})

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(CHEAP)

  it('hashes with scrypt and a per-password salt; verifies in constant time', async () => {
    const a = await hasher.hash('orange kettle violin 42')
    const b = await hasher.hash('orange kettle violin 42')
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/)
    expect(a).not.toBe(b)
    expect(await hasher.verify('orange kettle violin 42', a)).toBe(true)
    expect(await hasher.verify('orange kettle violin 43', a)).toBe(false)
    expect(await hasher.verify('orange kettle violin 42', 'garbage')).toBe(false)
    expect(await hasher.verify('orange kettle violin 42', 'scrypt$99999999$8$1$AAAA$AAAA')).toBe(false)
  })

  it('a missing user still costs one scrypt and never verifies', async () => {
    const slow = new PasswordHasher({ N: 2 ** 14, r: 8, p: 1 })
    const stored = await slow.hash('orange kettle violin 42')
    const time = async (stored: string | null) => {
      const started = performance.now()
      await slow.verify('orange kettle violin 41', stored)
      return performance.now() - started
    }
    // Interleaved and compared by median, so load from other test files hits both alike.
    const unknown: number[] = []
    const wrong: number[] = []
    for (let i = 0; i < 7; i++) {
      unknown.push(await time(null))
      wrong.push(await time(stored))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    expect(await slow.verify('anything at all', null)).toBe(false)
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.25)
    expect(median(unknown) / median(wrong)).toBeLessThan(4)
  })

  it('tells when a stored hash is cheaper than the current settings', async () => {
    const old = await new PasswordHasher({ N: 2 ** 8, r: 8, p: 1 }).hash('orange kettle violin 42')
    expect(hasher.needsRehash(old)).toBe(true)
    expect(hasher.needsRehash(await hasher.hash('orange kettle violin 42'))).toBe(false)
  })
})
