/** Request schemas of the session routes, validated at the edge. */
import { z } from 'zod';
import { OverlayAction } from '../../shared/overlay';

/** A session id is its booking id. Anything else is a 404, not a 400. */
export const SessionParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const JoinRequest = z.object({ together: z.boolean().optional() }).strict();

export const SeatRequest = z.object({ seat: z.enum(['A', 'B']) }).strict();

export const OverlayChangeRequest = z
  .object({ baseVersion: z.number().int().min(0), action: OverlayAction })
  .strict();
