import type { AuthSettings } from '../accounts/auth-settings.js'
import { DEVICE_COOKIE_MAX_AGE_S } from '../accounts/known-device.js'
import { LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE_S } from '../i18n/locale-middleware.js'

export interface CookieEntry {
  /** The name outside production; production adds the `__Host-` prefix to all but the language cookie. */
  name: string
  /** Message keys under privacy.cookiesPage.items.<id>. */
  id: 'session' | 'csrf' | 'device' | 'language'
  /** Seconds; null: until the browser closes. */
  maxAgeSeconds: number | null
}

/** Every cookie the app sets (src/accounts/principal.ts, src/http/csrf.ts, src/accounts/known-device.ts, src/i18n/locale-middleware.ts). */
export function cookieList(auth: Pick<AuthSettings, 'sessionAbsoluteMs'>): CookieEntry[] {
  return [
    { name: 'fi_session', id: 'session', maxAgeSeconds: auth.sessionAbsoluteMs / 1000 },
    { name: 'fi_csrf', id: 'csrf', maxAgeSeconds: null },
    { name: 'fi_device', id: 'device', maxAgeSeconds: DEVICE_COOKIE_MAX_AGE_S },
    { name: LANGUAGE_COOKIE, id: 'language', maxAgeSeconds: LANGUAGE_COOKIE_MAX_AGE_S },
  ]
}
