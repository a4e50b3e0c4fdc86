/** Request schemas of the session routes, validated at the edge. */
import * as z from 'zod/mini';
import { OverlayAction } from '../../shared/overlay';

/** A session id is its booking id. Anything else is a 404, not a 400. */
export const SessionParam = z.object({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) });

export const JoinRequest = z.strictObject({ together: z.optional(z.boolean()) });

export const SeatRequest = z.strictObject({ seat: z.enum(['A', 'B']) });

export const OverlayChangeRequest = z.strictObject({
  baseVersion: z.number().check(z.int(), z.minimum(0)),
  action: OverlayAction,
});

export const SignalRequest = z.strictObject({ kind: z.enum(['pause', 'ouch']) });
