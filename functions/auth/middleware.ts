/** Who is calling: the therapist's session cookie, a partner's invite token, and Origin checks. */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Deps } from '../config';
import { isExpired, type Key } from '../db/table-client';
import { AppError, conflict, forbidden, unauthorized } from '../http/errors';
import { hit, LIMITS, refuseIfKnownOverLimit } from '../security/rate-limit';
import { hashToken } from '../security/tokens';
import { sessionTherapistId } from './service';

export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https://') ? '__Host-peegel_session' : 'peegel_session';
}

export function deps(c: Context<AppEnv>): Deps {
  return c.get('deps');
}

/** Requires a signed-in therapist; sets `therapistId`. */
export const requireTherapist: MiddlewareHandler<AppEnv> = async (c, next) => {
  const d = deps(c);
  const token = sessionToken(c);
  const therapistId = token ? await sessionTherapistId(d.table, token, d.now()) : undefined;
  if (!therapistId) throw unauthorized();
  c.set('therapistId', therapistId);
  await next();
};

export interface InviteItem {
  bookingId: string;
  /** The booking's therapist; absent on invites written before it was stored. */
  therapistId?: string;
  seat: 'A' | 'B';
  expiresAt: number;
  /** Set when the booking is cancelled: the link may still show the booking, nothing else. */
  cancelled?: boolean;
}

/** The therapist's session token from the cookie, if it has a plausible length. */
export function sessionToken(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, sessionCookieName(deps(c).config.publicUrl));
  return token && token.length <= 200 ? token : undefined;
}

/**
 * The invite token of `Authorization: Bearer …`, or undefined when the header is malformed. A
 * client known to be over its token-guess limit is refused here, before any look-up.
 */
export function bearerInviteToken(c: Context<AppEnv>): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(c.req.header('authorization') ?? '');
  if (!match) return undefined;
  const d = deps(c);
  refuseIfKnownOverLimit(d.table, LIMITS.tokenGuessPerClient, d.clientIp(c), d.now());
  return match[1]!;
}

/** Where an invite token's item is stored (only its hash). */
export const inviteKey = (token: string): Key => ({ pk: `INVITE#${hashToken(token)}`, sk: 'INVITE' });

/**
 * Judges a looked-up invite item: undefined for none (or expired), which counts against the
 * client's token-guess limit — only failed look-ups do. The link of a cancelled booking answers
 * 409 `booking_cancelled` unless the route only shows the booking (`allowCancelled`).
 */
export async function acceptInvite(
  c: Context<AppEnv>,
  invite: InviteItem | undefined,
  options: { allowCancelled?: boolean } = {},
): Promise<InviteItem | undefined> {
  const d = deps(c);
  if (!invite || isExpired(invite, d.now())) {
    await hit(d.table, LIMITS.tokenGuessPerClient, d.clientIp(c), d.now());
    return undefined;
  }
  if (invite.cancelled && !options.allowCancelled) {
    throw conflict('booking_cancelled', 'This session was cancelled');
  }
  return invite;
}

/**
 * Resolves a bearer invite token to its booking and seat, or undefined: one table read for a
 * valid token (see `acceptInvite` for misses and cancelled bookings).
 */
export async function partnerFromRequest(
  c: Context<AppEnv>,
  options: { allowCancelled?: boolean } = {},
): Promise<InviteItem | undefined> {
  const token = bearerInviteToken(c);
  if (!token) return undefined;
  const key = inviteKey(token);
  return acceptInvite(c, await deps(c).table.get<InviteItem>(key.pk, key.sk), options);
}

/** Requires a partner's invite token; sets `partner`. The booking routes also serve a cancelled one. */
export const requirePartner: MiddlewareHandler<AppEnv> = async (c, next) => {
  const invite = await partnerFromRequest(c, { allowCancelled: true });
  if (!invite) throw new AppError(401, 'invalid_token', 'This link is not valid or has expired');
  c.set('partner', { bookingId: invite.bookingId, seat: invite.seat, therapistId: invite.therapistId });
  await next();
};

/**
 * State-changing requests from a browser must come from our own origin (CSRF defence next to
 * SameSite=Lax). Requests without an Origin header (server-to-server, LiveKit) pass.
 */
export const checkOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
    const origin = c.req.header('origin');
    if (origin && origin !== new URL(deps(c).config.publicUrl).origin) {
      throw forbidden('Cross-origin request refused');
    }
  }
  await next();
};
