/** Accounts and booking: sign-in, the therapist's settings and bookings, public booking, partners. */
import { Hono } from 'hono';
import type { AppEnv } from './config';
import { authRoutes } from './auth/routes';
import { partnerBookingRoutes, publicTherapistRoutes } from './booking/routes';
import { meRoutes } from './therapists/routes';

export const bookingApi = new Hono<AppEnv>()
  .route('/auth', authRoutes)
  .route('/me', meRoutes)
  .route('/therapists', publicTherapistRoutes)
  .route('/bookings/me', partnerBookingRoutes);
