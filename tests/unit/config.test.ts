import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

describe('loadConfig', () => {
  it('gives defaults for a plain development start', () => {
    expect(loadConfig({})).toMatchObject({ env: 'development', port: 3000, dataDir: './data', mongodbUri: undefined })
  })

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/tmp/x',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/fi',
      NODE_ENV: 'test',
    })
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/tmp/x',
      mongodbUri: 'mongodb://127.0.0.1:27017/fi',
      env: 'test',
    })
  })

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: 'abc', NODE_ENV: 'production', MONGODB_URI: 'postgres://x' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const problems = (error as ConfigError).problems.join('\n')
      expect(problems).toMatch(/PORT/)
      expect(problems).toMatch(/MONGODB_URI/)
      expect(problems).toMatch(/SESSION_SECRET \(or SESSION_SECRET_FILE\) is required when NODE_ENV=production/)
    }
  })

  it('accepts production with a long enough secret and treats empty values as unset', () => {
    expect(
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), MONGODB_URI: '' }).mongodbUri,
    ).toBeUndefined()
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/at least 32/)
  })

  it('reads the MongoDB driver settings, the sync interval and the trusted proxies, with defaults', () => {
    expect(loadConfig({})).toMatchObject({
      mongodb: {
        allowNoTransactions: false,
        serverSelectionTimeoutMS: 5000,
        connectTimeoutMS: 5000,
        socketTimeoutMS: 30_000,
        maxPoolSize: 20,
      },
      syncIntervalMs: 1000,
      trustProxy: ['loopback'],
    })
    const config = loadConfig({
      MONGODB_ALLOW_NO_TRANSACTIONS: 'true',
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1500',
      MONGODB_MAX_POOL_SIZE: '50',
      SYNC_INTERVAL_MS: '250',
      TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,uniquelocal',
    })
    expect(config).toMatchObject({
      mongodb: { allowNoTransactions: true, serverSelectionTimeoutMS: 1500, maxPoolSize: 50 },
      syncIntervalMs: 250,
      trustProxy: ['10.0.0.0/8', '192.168.1.7', 'uniquelocal'],
    })
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false)
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2)
  })

  it('refuses settings that would hang or mislead: huge sync intervals, unknown proxies, yes/no flags', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env)
        return ''
      } catch (error) {
        return (error as ConfigError).problems.join('\n')
      }
    }
    expect(problems({ SYNC_INTERVAL_MS: '5000' })).toMatch(/SYNC_INTERVAL_MS/)
    expect(problems({ TRUST_PROXY: '10.0.0.0/33' })).toMatch(/TRUST_PROXY has "10.0.0.0\/33"/)
    expect(problems({ TRUST_PROXY: 'proxy.internal' })).toMatch(/TRUST_PROXY/)
    expect(problems({ MONGODB_ALLOW_NO_TRANSACTIONS: 'yes' })).toMatch(/MONGODB_ALLOW_NO_TRANSACTIONS/)
    expect(problems({ MONGODB_SOCKET_TIMEOUT_MS: '10' })).toMatch(/MONGODB_SOCKET_TIMEOUT_MS/)
  })

  it('reads the secret from SESSION_SECRET_FILE (Docker secrets), without its final line break', () => {
    const files: Record<string, string> = {
      '/run/secrets/session': `${'s'.repeat(40)}\n`,
      '/run/secrets/short': 'short\n',
    }
    const readFile = (path: string) => {
      if (!(path in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' })
      return files[path]!
    }
    expect(
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET_FILE: '/run/secrets/session' }, { readFile }).sessionSecret,
    ).toBe('s'.repeat(40))
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET_FILE: '/run/secrets/short' }, { readFile }),
    ).toThrow(/SESSION_SECRET_FILE \(the file it names\) must be at least 32 characters/)
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET_FILE: '/run/secrets/none' }, { readFile }),
    ).toThrow(/SESSION_SECRET_FILE \/run\/secrets\/none cannot be read \(ENOENT\)/)
    expect(() =>
      loadConfig({ SESSION_SECRET: 'x'.repeat(32), SESSION_SECRET_FILE: '/run/secrets/session' }, { readFile }),
    ).toThrow(/both set/)
  })

  it('lets the command line run in production without a secret it never uses', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/)
    expect(loadConfig({ NODE_ENV: 'production' }, { requireSessionSecret: false })).toMatchObject({
      env: 'production',
      sessionSecret: undefined,
    })
  })

  it('reads the operator, the EC switch and the retention periods, with defaults', () => {
    expect(loadConfig({})).toMatchObject({
      site: { ecHosted: false, operatorName: undefined },
      retention: {
        auditDays: 365,
        auditIpDays: 90,
        invitationDays: 30,
        sweepMinutes: 60,
        sessionIdleMinutes: 120,
        sessionMaxHours: 12,
      },
    })
    const config = loadConfig({
      EC_HOSTED: 'true',
      OPERATOR_NAME: 'DG HOME',
      OPERATOR_EMAIL: 'fi@example.eu',
      RETENTION_AUDIT_DAYS: '180',
      RETENTION_AUDIT_IP_DAYS: '30',
      RETENTION_INVITATION_DAYS: '7',
      RETENTION_SWEEP_MINUTES: '15',
      SESSION_IDLE_MINUTES: '30',
      SESSION_MAX_HOURS: '8',
    })
    expect(config).toMatchObject({
      site: { ecHosted: true, operatorName: 'DG HOME', operatorEmail: 'fi@example.eu' },
      retention: {
        auditDays: 180,
        auditIpDays: 30,
        invitationDays: 7,
        sweepMinutes: 15,
        sessionIdleMinutes: 30,
        sessionMaxHours: 8,
      },
    })
    expect(() => loadConfig({ EC_HOSTED: 'yes' })).toThrow(/EC_HOSTED/)
    expect(() => loadConfig({ OPERATOR_EMAIL: 'nobody' })).toThrow(/OPERATOR_EMAIL/)
    expect(() => loadConfig({ RETENTION_AUDIT_DAYS: '10' })).toThrow(/RETENTION_AUDIT_DAYS/)
    expect(() => loadConfig({ SESSION_MAX_HOURS: '100' })).toThrow(/SESSION_MAX_HOURS/)
  })
})
