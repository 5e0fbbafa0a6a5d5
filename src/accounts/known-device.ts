import type { Request, Response } from 'express'
import { readCookies, setCookie } from '../http/cookies.js'
import { hmac, randomSecret, safeEqual } from './secrets.js'

export const DEVICE_COOKIE_MAX_AGE_S = 180 * 24 * 60 * 60

/**
 * "This browser has signed in to this account before" (a device cookie, ADR 034). A browser that
 * carries one for the email typed is exempt from the account's global sign-in back-off, so
 * failures from elsewhere can never lock the owner out of their usual browser. The cookie holds
 * a random nonce and an HMAC of the email and the nonce: no email, nothing stored on the server.
 */
export class KnownDevices {
  readonly name: string

  constructor(
    private readonly secret: string,
    private readonly production: boolean,
  ) {
    this.name = production ? '__Host-fi_device' : 'fi_device'
  }

  remember(req: Request, res: Response, email: string): void {
    const nonce = randomSecret()
    setCookie(res, this.name, `${nonce}.${this.sign(email, nonce)}`, {
      secure: this.production || req.secure,
      maxAge: DEVICE_COOKIE_MAX_AGE_S,
    })
  }

  /** True when the request carries this browser's proof of an earlier sign-in to `email`. */
  knows(req: Request, email: string): boolean {
    const [nonce, signature, extra] = (readCookies(req).get(this.name) ?? '').split('.')
    if (!nonce || !signature || extra !== undefined || nonce.length > 64) return false
    return safeEqual(signature, this.sign(email, nonce))
  }

  private sign(email: string, nonce: string): string {
    return hmac(this.secret, `known-device\n${email}\n${nonce}`)
  }
}
