import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

describe('loadConfig', () => {
  it('gives defaults for a plain development start', () => {
    expect(loadConfig({})).toMatchObject({ env: 'development', port: 3000, dataDir: './data', mongodbUri: undefined })
  })

  it('reads every setting', () => {
    const config = loadConfig({ PORT: '8080', DATA_DIR: '/tmp/x', MONGODB_URI: 'mongodb://127.0.0.1:27017/fi', NODE_ENV: 'test' })
    expect(config).toMatchObject({ port: 8080, dataDir: '/tmp/x', mongodbUri: 'mongodb://127.0.0.1:27017/fi', env: 'test' })
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
      expect(problems).toMatch(/SESSION_SECRET is required when NODE_ENV=production/)
    }
  })

  it('accepts production with a long enough secret and treats empty values as unset', () => {
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), MONGODB_URI: '' }).mongodbUri).toBeUndefined()
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/at least 32/)
  })
})
