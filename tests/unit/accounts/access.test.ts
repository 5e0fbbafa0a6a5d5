import { describe, expect, it } from 'vitest'
import type { User } from '../../../src/accounts/account.js'
import { assertRespondentAccess, requireRole, respondentMayAccess } from '../../../src/accounts/access.js'
import type { Principal } from '../../../src/accounts/principal.js'
import { readCookies } from '../../../src/http/cookies.js'
import type { Request, Response } from 'express'

const user = (role: User['role'], organisationId: string | null): Principal => ({
  via: 'token',
  tokenId: 't',
  user: {
    id: 'u',
    email: 'u@x.eu',
    name: 'U',
    role,
    organisationId,
    affiliation: null,
    locale: null,
    createdAt: '',
    updatedAt: '',
  },
})

describe('access helpers', () => {
  it('respondentMayAccess: only respondents of that very organisation', () => {
    expect(respondentMayAccess(user('respondent', 'org-a'), 'org-a')).toBe(true)
    expect(respondentMayAccess(user('respondent', 'org-b'), 'org-a')).toBe(false)
    expect(respondentMayAccess(user('admin', 'org-a'), 'org-a')).toBe(false)
    expect(respondentMayAccess(user('respondent', null), '')).toBe(false)
    expect(respondentMayAccess(undefined, 'org-a')).toBe(false)
    expect(() => assertRespondentAccess(user('respondent', 'org-b'), 'org-a', 'Response')).toThrow('Response not found')
  })

  it('requireRole: 401 anonymous, 403 other roles, next() for the role', () => {
    const guard = requireRole('reviewer', 'admin')
    const run = (principal?: Principal) => {
      let passed: unknown = 'not called'
      guard({ principal } as Request, {} as Response, (error?: unknown) => (passed = error))
      return passed as { status?: number } | undefined
    }
    expect(run()?.status).toBe(401)
    expect(run(user('curator', null))?.status).toBe(403)
    expect(run(user('reviewer', null))).toBeUndefined()
  })
})

describe('readCookies', () => {
  it('parses the header, keeps the first of duplicates and skips undecodable values', () => {
    const cookies = readCookies({
      headers: { cookie: 'a=1; fi_session=abc; fi_session=evil; b=%E0%A4%A; c="q"' },
    } as Request)
    expect(cookies.get('fi_session')).toBe('abc')
    expect(cookies.get('a')).toBe('1')
    expect(cookies.has('b')).toBe(false)
    expect(cookies.get('c')).toBe('q')
  })
})
