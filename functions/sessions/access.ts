/**
 * Who may touch a session: its therapist (session cookie) or one of its two partners (invite
 * token as `Authorization: Bearer`). A session that exists but is not the caller's is a 404.
 *
 * `loadSession` reads everything a session request starts from — the caller's credential item,
 * the booking, the session's state items and (for a therapist whose cookie names them) the
 * therapist's profile — in ONE BatchGet: the keys of all of them follow from the session id and
 * the credential alone (repo.ts keeps the state keys independent of the booking's start for this).
 * Deployed, each sequential DynamoDB round trip is milliseconds of latency; the partner's overlay
 * poll is this one round trip and nothing else.
 */
import type { Context } from 'hono';
import type { Seat } from '../../shared/schemas';
import type { AppEnv } from '../config';
import { acceptInvite, bearerInviteToken, deps, inviteKey, sessionToken, type InviteItem } from '../auth/middleware';
import { authKey, therapistIdHint, therapistOfSession, type AuthItem } from '../auth/service';
import { bookingKey, type BookingItem } from '../booking/repo';
import { isExpired, type Key } from '../db/table-client';
import { AppError, conflict, notFound, unauthorized } from '../http/errors';
import { getTherapist, profileKey, type TherapistItem } from '../therapists/repo';
import { sessionStateFrom, sessionStateKeys, type SessionState } from './repo';

export type Caller =
  | { kind: 'therapist'; therapistId: string }
  | { kind: 'partner'; bookingId: string; seat: Seat };

export interface SessionContext {
  caller: Caller;
  booking: BookingItem;
  session: SessionState;
  /** The items of `LoadOptions.extraKeys` that exist (same BatchGet; read only once accepted). */
  extra: { pk: string; sk: string }[];
}

export interface LoadOptions {
  /** Only the session's therapist (cookie); a partner's token is not looked at. */
  therapistOnly?: boolean;
  /** More items of this session to read in the same BatchGet (e.g. this minute's join records). */
  extraKeys?: Key[];
  /** Also serve a cancelled booking (its partners' links answer 409 otherwise). */
  allowCancelled?: boolean;
}

type Loaded = { pk: string; sk: string };
const find = <T>(items: Loaded[], key: Key) =>
  items.find((i) => i.pk === key.pk && i.sk === key.sk) as T | undefined;

/**
 * The caller, the booking and the session state of session `id`, in one round trip; 401 for a
 * missing or invalid credential, 404 for a session that is not the caller's. A request with an
 * `Authorization` header is a partner's (an invalid token is a 401, never a fallback to the
 * cookie). With `therapist`, the therapist's profile comes too: in the same round trip when the
 * cookie names the therapist, else in a second one.
 */
export async function loadSession(
  c: Context<AppEnv>,
  id: string,
  options: LoadOptions & { therapist: true },
): Promise<SessionContext & { therapist: TherapistItem }>;
export async function loadSession(c: Context<AppEnv>, id: string, options?: LoadOptions): Promise<SessionContext>;
export async function loadSession(
  c: Context<AppEnv>,
  id: string,
  options: LoadOptions & { therapist?: boolean },
): Promise<SessionContext & { therapist?: TherapistItem }>;
export async function loadSession(
  c: Context<AppEnv>,
  id: string,
  options: LoadOptions & { therapist?: boolean } = {},
): Promise<SessionContext & { therapist?: TherapistItem }> {
  const d = deps(c);
  const now = d.now();
  const asPartner = !options.therapistOnly && c.req.header('authorization') !== undefined;

  let credential: Key;
  let hint: string | undefined;
  let token: string | undefined;
  if (asPartner) {
    token = bearerInviteToken(c);
    if (!token) throw invalidToken();
    credential = inviteKey(token);
  } else {
    token = sessionToken(c);
    if (!token) throw unauthorized();
    credential = authKey(token);
    hint = options.therapist ? therapistIdHint(token) : undefined;
  }
  const booking = bookingKey(id);
  const extraKeys = options.extraKeys ?? [];
  const keys = [credential, booking, ...sessionStateKeys(id), ...(hint ? [profileKey(hint)] : []), ...extraKeys];
  const items = await d.table.batchGet<Loaded>(keys);

  let caller: Caller;
  if (asPartner) {
    const invite = await acceptInvite(c, find<InviteItem>(items, credential), options);
    if (!invite) throw invalidToken();
    caller = { kind: 'partner', bookingId: invite.bookingId, seat: invite.seat };
  } else {
    const therapistId = therapistOfSession(find<AuthItem>(items, credential), now);
    if (!therapistId) throw unauthorized();
    caller = { kind: 'therapist', therapistId };
  }

  const item = find<BookingItem>(items, booking);
  if (
    !item ||
    isExpired(item, now) ||
    item.status === 'pending' ||
    (caller.kind === 'partner' && caller.bookingId !== id) ||
    (caller.kind === 'therapist' && item.therapistId !== caller.therapistId)
  ) {
    throw notFound('No such session');
  }
  const context = {
    caller,
    booking: item,
    session: sessionStateFrom(items, item, now),
    extra: extraKeys.flatMap((key) => find<Loaded>(items, key) ?? []),
  };
  if (!options.therapist) return context;

  const therapistId = item.therapistId;
  const therapist =
    (hint === therapistId ? find<TherapistItem>(items, profileKey(therapistId)) : undefined) ??
    (await getTherapist(d.table, therapistId));
  if (!therapist) throw notFound('No such session');
  return { ...context, therapist };
}

const invalidToken = () => new AppError(401, 'invalid_token', 'This link is not valid or has expired');

/** Throws 409 `booking_cancelled` for a cancelled booking. */
export function assertNotCancelled(booking: BookingItem): void {
  if (booking.status === 'cancelled') throw conflict('booking_cancelled', 'This session was cancelled');
}
