/** The signed-in therapist, fetched once and shared by the therapist pages. */
import type { TherapistView } from '../../../shared/schemas';
import { call, client } from '../api';

let cached: TherapistView | undefined;

/** `GET /api/me`; rejects with ApiError 401 when signed out. */
export async function loadMe(fresh = false): Promise<TherapistView> {
  if (cached && !fresh) return cached;
  ({ therapist: cached } = await call(client.api.me.$get()));
  return cached;
}

export function rememberMe(therapist: TherapistView): void {
  cached = therapist;
}

export function forgetMe(): void {
  cached = undefined;
}
