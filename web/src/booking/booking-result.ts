import type { InferResponseType } from 'hono/client';
import type { Client } from '../api';

/**
 * 201 body of `POST /api/therapists/:slug/bookings` (DESIGN §4), as the route declares it — plus
 * `manageUrl` (when the booker is a partner with an email): the route's two 201 answers are
 * `{ booking }` and `{ booking, manageUrl }`, and TypeScript keeps only the first when it infers
 * the handler's return type.
 */
export type BookingResult = InferResponseType<Client['api']['therapists'][':slug']['bookings']['$post'], 201> & {
  manageUrl?: string;
};
