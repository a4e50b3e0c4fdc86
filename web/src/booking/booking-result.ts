import type { InferResponseType } from 'hono/client';
import type { Client } from '../api';

/**
 * 201 body of `POST /api/therapists/:slug/bookings` (DESIGN §4), as the route declares it;
 * `manageUrl` is there when the booker is a partner with an email.
 */
export type BookingResult = InferResponseType<Client['api']['therapists'][':slug']['bookings']['$post'], 201>;
