/** The signed-in therapist, fetched once and shared by the therapist pages. */
import type { TherapistView } from '../../../shared/schemas';
import { api } from '../api';

let cached: TherapistView | undefined;

/** Reads a body that is either the therapist or `{ therapist }`. */
export function unwrapTherapist(body: TherapistView | { therapist: TherapistView }): TherapistView {
  return 'therapist' in body ? body.therapist : body;
}

/** `GET /api/me`; rejects with ApiError 401 when signed out. */
export async function loadMe(fresh = false): Promise<TherapistView> {
  if (cached && !fresh) return cached;
  cached = unwrapTherapist(await api.get<TherapistView | { therapist: TherapistView }>('/api/me'));
  return cached;
}

export function rememberMe(therapist: TherapistView): void {
  cached = therapist;
}

export function forgetMe(): void {
  cached = undefined;
}
