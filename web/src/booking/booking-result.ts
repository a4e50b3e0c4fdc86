import type { BookingStatus } from '../../../shared/schemas';

/** 201 body of `POST /api/therapists/:slug/bookings` (DESIGN §4). */
export interface BookingResult {
  booking: { id: string; start: string; end: string; status: BookingStatus };
  manageUrl?: string;
}
