/** Secrets in URLs and cookies: random or HMAC-derived, stored only as SHA-256 hashes. */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A 256-bit random token, base64url. */
export const randomToken = () => randomBytes(32).toString('base64url');

/** SHA-256 hex of a token: the only form in which tokens are stored. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A 256-bit token derived from the server's signing key, so that a partner's personal link can be
 * put into every later email (reschedule, reminder) without storing the token itself.
 */
export const derivedToken = (signingKey: string, purpose: string) =>
  createHmac('sha256', signingKey).update(purpose).digest('base64url');

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
